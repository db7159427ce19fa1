/**
 * `meshsim run --traces PATH`: the sampled requests as OTLP/JSON, one
 * ExportTraceServiceRequest — what an OTLP/HTTP receiver (Jaeger, the OpenTelemetry
 * Collector) takes as the body of `POST /v1/traces` with `Content-Type: application/json`.
 *
 * The shape follows opentelemetry-proto (opentelemetry/proto/collector/trace/v1/
 * trace_service.proto, opentelemetry/proto/trace/v1/trace.proto) in the JSON encoding
 * its docs/specification.md ("JSON Protobuf Encoding") fixes: lowerCamelCase field
 * names; traceId and spanId as hex strings (not base64); enums (kind, status.code) as
 * their integer values; 64-bit integers (times, intValue) as decimal strings.
 *
 * Simulated time maps to unix time from an epoch: t simulated seconds is epoch + t.
 * By default the fixed TRACE_EPOCH_UNIX_SECONDS (2026-01-01T00:00:00Z), never the wall
 * clock, so the same run writes the same bytes; `--trace-start` moves it (a chosen
 * instant, or `now`, which the CLI reads) so that a trace viewer's "last hour" finds the
 * traces. Every replication starts at the epoch.
 */
import type { SpanAttributeValue, SpanData, TraceData } from '../models/tracing/traceData.js';

/** 2026-01-01T00:00:00Z, where simulated time 0 sits. */
export const TRACE_EPOCH_UNIX_SECONDS = 1_767_225_600;
const NANOS = 1_000_000_000n;

/** OTLP Status.StatusCode: UNSET 0 (a success: instrumentation leaves it unset), ERROR 2. */
const STATUS_UNSET = 0;
const STATUS_ERROR = 2;

export interface OtlpAnyValue {
  readonly stringValue?: string;
  readonly intValue?: string;
  readonly doubleValue?: number;
  readonly boolValue?: boolean;
}
export interface OtlpKeyValue {
  readonly key: string;
  readonly value: OtlpAnyValue;
}
export interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: OtlpKeyValue[];
  readonly status: { readonly code: number };
}
export interface OtlpExportTraceServiceRequest {
  readonly resourceSpans: Array<{
    readonly resource: { readonly attributes: OtlpKeyValue[] };
    readonly scopeSpans: Array<{ readonly scope: { readonly name: string; readonly version: string }; readonly spans: OtlpSpan[] }>;
  }>;
}

/** What every resource says besides its service.name, and where simulated time 0 sits. */
export interface OtlpRunInfo {
  readonly dataPlane: string;
  readonly scenario: string;
  readonly meshsimVersion: string;
  /** Unix seconds (whole) of simulated time 0; TRACE_EPOCH_UNIX_SECONDS when absent. */
  readonly epochUnixSeconds?: number;
}

/** Simulated seconds → unix nanoseconds as OTLP's decimal string (exact to the nanosecond), from `epochUnixSeconds`. */
export function unixNanos(seconds: number, epochUnixSeconds: number = TRACE_EPOCH_UNIX_SECONDS): string {
  return (BigInt(epochUnixSeconds) * NANOS + BigInt(Math.round(seconds * 1e9))).toString();
}

/** A span's 8-byte id: the low 32 bits of its trace's sequence, then its index + 1 (never zero). */
export function spanIdOf(traceId: string, index: number): string {
  return traceId.slice(24, 32) + (index + 1).toString(16).padStart(8, '0');
}

function attributeValue(v: SpanAttributeValue): OtlpAnyValue {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
}

function attributes(record: Readonly<Record<string, SpanAttributeValue>>): OtlpKeyValue[] {
  return Object.entries(record).map(([key, v]) => ({ key, value: attributeValue(v) }));
}

function otlpSpan(trace: TraceData, s: SpanData, epochUnixSeconds: number): OtlpSpan {
  const attrs = attributes(s.attributes);
  attrs.push({ key: 'meshsim.component', value: { stringValue: s.component } });
  if (s.parent < 0) attrs.push({ key: 'meshsim.replication', value: { intValue: String(trace.replication) } });
  return {
    traceId: trace.traceId,
    spanId: spanIdOf(trace.traceId, s.id),
    ...(s.parent >= 0 && { parentSpanId: spanIdOf(trace.traceId, s.parent) }),
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: unixNanos(s.start, epochUnixSeconds),
    endTimeUnixNano: unixNanos(Math.max(s.end, s.start), epochUnixSeconds),
    attributes: attrs,
    status: { code: s.error ? STATUS_ERROR : STATUS_UNSET },
  };
}

/**
 * The request body: one resourceSpans per emitting service (traffic source, service,
 * proxy instance), in the order they first appear, each with one scope ("meshsim").
 */
export function otlpTraceRequest(traces: readonly TraceData[], run: OtlpRunInfo): OtlpExportTraceServiceRequest {
  const epoch = run.epochUnixSeconds ?? TRACE_EPOCH_UNIX_SECONDS;
  const byService = new Map<string, OtlpSpan[]>();
  for (const t of traces) {
    for (const s of t.spans) {
      let spans = byService.get(s.service);
      if (spans === undefined) {
        spans = [];
        byService.set(s.service, spans);
      }
      spans.push(otlpSpan(t, s, epoch));
    }
  }
  return {
    resourceSpans: [...byService].map(([service, spans]) => ({
      resource: {
        attributes: [
          { key: 'service.name', value: { stringValue: service } },
          { key: 'meshsim.data_plane', value: { stringValue: run.dataPlane } },
          { key: 'meshsim.scenario', value: { stringValue: run.scenario } },
        ],
      },
      scopeSpans: [{ scope: { name: 'meshsim', version: run.meshsimVersion }, spans }],
    })),
  };
}
