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

/**
 * --trace-start: where simulated time 0 sits in the traces, as whole unix seconds —
 * `now` (the wall clock, read here in the CLI: the traces then differ from run to run),
 * or an ISO 8601 instant with its zone, e.g. 2026-12-05T10:00:00Z. Without it the traces
 * start at the fixed epoch 2026-01-01T00:00:00Z (report/otlpTraces.ts).
 */
export function parseTraceStartFlag(text: string, nowMs: () => number): number {
  if (text.trim() === 'now') return Math.floor(nowMs() / 1000);
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text.trim());
  const ms = iso ? Date.parse(text.trim()) : NaN;
  if (!Number.isFinite(ms) || ms < 0) {
    throw new UsageError(`--trace-start: '${text}' is not an instant (expected now, or an ISO 8601 time with its zone such as 2026-12-05T10:00:00Z)`);
  }
  return Math.floor(ms / 1000);
}

/** The run's tracing from --traces and --trace-sample; undefined without --traces. */
export function tracingFromFlags(flags: { traces?: string; traceSample?: string; traceStart?: string }): TracingOptions | undefined {
  if (flags.traces === undefined) {
    if (flags.traceSample !== undefined) throw new UsageError('--trace-sample: only with --traces PATH (it says how many requests to trace)');
    if (flags.traceStart !== undefined) throw new UsageError('--trace-start: only with --traces PATH (it dates the traces)');
    return undefined;
  }
  const sample = flags.traceSample === undefined ? DEFAULT_TRACE_SAMPLE : parseTraceSampleFlag(flags.traceSample);
  return { sample, maxSpans: MAX_TRACE_SPANS };
}
