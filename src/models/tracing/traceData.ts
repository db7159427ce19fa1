/**
 * Sampled requests as plain data: what a replication hands back (structured-cloneable,
 * so it crosses worker threads as it is) and what report/otlpTraces.ts writes as OTLP.
 * Times are simulated seconds; the exporter maps them to unix nanoseconds.
 */

/**
 * OTLP's SpanKind values (opentelemetry-proto, opentelemetry/proto/trace/v1/trace.proto):
 * INTERNAL 1 (a proxy's pass, its routing), SERVER 2 (a replica's handling),
 * CLIENT 3 (a call, an attempt).
 */
export const SPAN_KIND = { internal: 1, server: 2, client: 3 } as const;
export type SpanKindCode = (typeof SPAN_KIND)[keyof typeof SPAN_KIND];

export type SpanAttributeValue = string | number | boolean;

export interface SpanData {
  /** Index in the trace's spans (the exporter derives the 8-byte span id from it). */
  readonly id: number;
  /** The parent's index, or -1 for the root. */
  readonly parent: number;
  readonly name: string;
  readonly kind: SpanKindCode;
  /** Who emitted it: a service, a traffic source, or a proxy instance (OTLP resource service.name). */
  readonly service: string;
  /**
   * What its self time is charged to on the critical path: a service's app, one
   * service's sidecar, a node proxy kind, a waypoint, the network.
   */
  readonly component: string;
  /** Simulated seconds. */
  readonly start: number;
  /** Simulated seconds; NaN while open. */
  end: number;
  /** The outcome was a failure (OTLP status ERROR). */
  error: boolean;
  readonly attributes: Record<string, SpanAttributeValue>;
}

export interface TraceData {
  /** 32 lower-case hex digits (16 bytes), never all zero. */
  readonly traceId: string;
  readonly replication: number;
  readonly spans: SpanData[];
}

/** What a run sampled, and whether the span cap stopped sampling early. */
export interface SampledTraces {
  readonly traces: TraceData[];
  readonly capped: boolean;
}

/** How a run samples requests for tracing. */
export interface TracingOptions {
  /** Probability that a measured user request is traced, in (0, 1]. */
  readonly sample: number;
  /** Stop sampling new requests once this many spans are held (memory bound). */
  readonly maxSpans: number;
}

/**
 * Spans held at most, over all replications of a run: ~0.5 KB each in memory and in the
 * file, so ~100 MB at the cap. Past it, no new request is sampled (those already sampled
 * finish their traces) and the run says so.
 */
export const MAX_TRACE_SPANS = 200_000;
