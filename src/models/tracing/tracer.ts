import type { RandomSource } from '../../policy/randomSource.js';
import type { Simulator } from '../../sim/simulator.js';
import { isSuccess, RESPONSE_FLAG_BITS, RESPONSE_FLAG_ORDER, type Outcome } from '../outcome.js';
import { SPAN_KIND, type SpanAttributeValue, type SpanData, type SpanKindCode, type TraceData, type TracingOptions } from './traceData.js';

/**
 * One run's tracing: decides per measured user request whether it is traced (from its own
 * named stream, "trace/sample", so tracing never shifts another component's draws), and
 * holds the sampled traces. Nothing here schedules events: a traced run executes the same
 * events in the same order as an untraced one, so its results are the same.
 *
 * When tracing is off there is no Tracer, and a request carries no span (`trace`
 * undefined): the model's only cost is one test of that field per hop.
 */
export class Tracer {
  readonly traces: TraceData[] = [];
  /** Whether the span cap refused a sampled request. */
  capped = false;
  private spans = 0;
  private readonly idPrefix: string;

  constructor(
    private readonly sim: Simulator,
    private readonly rng: RandomSource,
    private readonly options: TracingOptions,
    /** The replication's seed and index: its trace ids differ from every other replication's. */
    seed: number,
    readonly replication: number,
  ) {
    this.idPrefix = hex(seed >>> 0, 8) + hex(replication, 8);
  }

  /** A measured user request begins: the root of its trace when it is sampled. */
  sample(): TraceParent | undefined {
    if (!(this.rng.next() < this.options.sample)) return undefined;
    if (this.spans >= this.options.maxSpans) {
      this.capped = true;
      return undefined;
    }
    const trace: TraceData = { traceId: this.idPrefix + hex(this.traces.length + 1, 16), replication: this.replication, spans: [] };
    this.traces.push(trace);
    return new TraceParent(this, trace, -1);
  }

  get now(): number {
    return this.sim.now;
  }

  /** Opens a span under `parent` (index -1: the root), starting now or at `start`. */
  open(trace: TraceData, parent: number, name: string, kind: SpanKindCode, service: string, component: string, start = this.sim.now): OpenSpan {
    const record: SpanData = { id: trace.spans.length, parent, name, kind, service, component, start, end: Number.NaN, error: false, attributes: {} };
    trace.spans.push(record);
    this.spans++;
    return new OpenSpan(this, trace, record);
  }

  /** The run is over: spans still open end at `end`, marked unfinished. */
  closeOpenSpans(end: number): void {
    for (const t of this.traces) {
      for (const s of t.spans) {
        if (Number.isNaN(s.end)) {
          s.end = Math.max(end, s.start);
          s.attributes['meshsim.unfinished'] = true;
        }
      }
    }
  }
}

/** Where new spans hang: a trace and a span in it (-1: the trace's root is still to come). */
export class TraceParent {
  constructor(
    readonly tracer: Tracer,
    readonly trace: TraceData,
    readonly index: number,
  ) {}

  /** A child span starting now (or at `start`). */
  child(name: string, kind: SpanKindCode, service: string, component: string, start?: number): OpenSpan {
    return this.tracer.open(this.trace, this.index, name, kind, service, component, start);
  }
}

/** A span being recorded; also the parent of the spans opened under it. */
export class OpenSpan extends TraceParent {
  constructor(
    tracer: Tracer,
    trace: TraceData,
    readonly record: SpanData,
  ) {
    super(tracer, trace, record.id);
  }

  set(key: string, value: SpanAttributeValue): this {
    this.record.attributes[key] = value;
    return this;
  }

  /** Ends the span now (once; a second end keeps the first), with the outcome's status and flags when given. */
  end(outcome?: Outcome): void {
    const r = this.record;
    if (!Number.isNaN(r.end)) return;
    r.end = this.tracer.now;
    if (outcome !== undefined) setOutcome(this, outcome);
  }
}

/** HTTP status, Envoy response flags and meshsim's cause of an outcome, as span attributes. */
export function setOutcome(span: OpenSpan, o: Outcome): void {
  span.set('http.response.status_code', o.status);
  if (o.flags !== 0) span.set('envoy.response_flags', responseFlagsText(o.flags));
  if (o.cause !== 'ok') span.set('meshsim.cause', o.cause);
  span.record.error = !isSuccess(o);
}

/** "UF,URX": the flags' bits as Envoy's access log writes them. */
export function responseFlagsText(bits: number): string {
  return RESPONSE_FLAG_ORDER.filter((f) => (bits & RESPONSE_FLAG_BITS[f]) !== 0).join(',');
}

function hex(n: number, digits: number): string {
  return n.toString(16).padStart(digits, '0').slice(-digits);
}

export { SPAN_KIND };
