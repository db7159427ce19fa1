import { MAX_TRACE_SPANS, type TracingOptions } from '../models/tracing/traceData.js';
import { UsageError } from './cliIo.js';

/** What a run traces when --traces is given without --trace-sample: one request in a thousand. */
export const DEFAULT_TRACE_SAMPLE = 0.001;

/**
 * --trace-sample: the fraction of measured requests traced — '0.001', or a percentage
 * '0.1%' — in (0, 1].
 */
export function parseTraceSampleFlag(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?(?:e-?\d+)?|\.\d+)\s*(%?)\s*$/i.exec(text);
  const value = m ? Number(m[1]) / (m[2] === '%' ? 100 : 1) : NaN;
  if (!(value > 0 && value <= 1)) throw new UsageError(`--trace-sample: '${text}' is not a sampling rate (expected a fraction in (0, 1] such as 0.001, or a percentage such as 0.1%)`);
  return value;
}

/** The run's tracing from --traces and --trace-sample; undefined without --traces. */
export function tracingFromFlags(flags: { traces?: string; traceSample?: string }): TracingOptions | undefined {
  if (flags.traces === undefined) {
    if (flags.traceSample !== undefined) throw new UsageError('--trace-sample: only with --traces PATH (it says how many requests to trace)');
    return undefined;
  }
  const sample = flags.traceSample === undefined ? DEFAULT_TRACE_SAMPLE : parseTraceSampleFlag(flags.traceSample);
  return { sample, maxSpans: MAX_TRACE_SPANS };
}
