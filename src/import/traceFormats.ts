/**
 * Trace exports → one flat list of spans, whatever the format:
 *
 * - OTLP/JSON (opentelemetry-proto's JSON encoding, as the collector's file exporter
 *   and `otlp` HTTP/JSON write it): `resourceSpans[].scopeSpans[].spans[]`, ids in hex,
 *   times as unix nanoseconds in strings, `kind` as a number (2 server, 3 client, …) or
 *   its enum name. The collector's file exporter writes one such object per line: both
 *   are read. The older `instrumentationLibrarySpans` is read as `scopeSpans`.
 * - Jaeger JSON (the query service's `/api/traces` and the UI's "download JSON"):
 *   `data[].spans[]` with `references` (CHILD_OF), microsecond `startTime`/`duration`,
 *   `processes` naming each span's service, and `span.kind` as a tag.
 *
 * Times are seconds from the earliest span start (exact to the nanosecond: the
 * subtraction is done in integers before converting).
 */
export type SpanKind = 'server' | 'client' | 'producer' | 'consumer' | 'internal' | 'unspecified';

export interface Span {
  readonly traceId: string;
  readonly spanId: string;
  /** undefined for a root span. */
  readonly parentId: string | undefined;
  readonly service: string;
  readonly kind: SpanKind;
  /** Seconds from the earliest start in the file. */
  readonly start: number;
  readonly end: number;
}

export interface TraceFile {
  readonly format: 'otlp' | 'jaeger';
  readonly spans: Span[];
  /** Problems with single spans (skipped), as `path: message` for the caller to locate. */
  readonly skipped: { readonly path: (string | number)[]; readonly message: string }[];
}

/** Thrown when the data is in neither format; the caller turns it into a located error. */
export class UnknownTraceFormat extends Error {}

const OTLP_KINDS: readonly SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

interface RawSpan {
  traceId: string;
  spanId: string;
  parentId: string | undefined;
  service: string;
  kind: SpanKind;
  /** Integer time units (ns for OTLP, µs for Jaeger). */
  start: bigint;
  end: bigint;
}

/** Reads parsed JSON documents (one, or one per line) of a single format. */
export function readTraceDocuments(documents: ReadonlyArray<unknown>): TraceFile {
  const first = asObject(documents[0]);
  const skipped: TraceFile['skipped'] = [];
  const raw: RawSpan[] = [];
  let format: TraceFile['format'];
  let unitsPerSecond: number;
  if (first !== undefined && Array.isArray(first['resourceSpans'])) {
    format = 'otlp';
    unitsPerSecond = 1e9;
    documents.forEach((d, i) => readOtlp(asObject(d) ?? {}, documents.length > 1 ? [`line ${i + 1}`] : [], raw, skipped));
  } else if (first !== undefined && Array.isArray(first['data'])) {
    format = 'jaeger';
    unitsPerSecond = 1e6;
    documents.forEach((d) => readJaeger(asObject(d) ?? {}, raw, skipped));
  } else {
    throw new UnknownTraceFormat('neither OTLP/JSON (an object with resourceSpans) nor a Jaeger JSON export (an object with data[].spans)');
  }
  let origin: bigint | undefined;
  for (const s of raw) if (origin === undefined || s.start < origin) origin = s.start;
  const spans = raw.map((s): Span => ({
    traceId: s.traceId,
    spanId: s.spanId,
    parentId: s.parentId,
    service: s.service,
    kind: s.kind,
    start: Number(s.start - (origin ?? 0n)) / unitsPerSecond,
    end: Number(s.end - (origin ?? 0n)) / unitsPerSecond,
  }));
  return { format, spans, skipped };
}

function readOtlp(doc: Obj, prefix: (string | number)[], out: RawSpan[], skipped: TraceFile['skipped']): void {
  asArray(doc['resourceSpans']).forEach((rs, r) => {
    const resource = asObject(asObject(rs)?.['resource']);
    const service = attribute(resource?.['attributes'], 'service.name') ?? 'unknown_service';
    const scopes = asArray(asObject(rs)?.['scopeSpans'] ?? asObject(rs)?.['instrumentationLibrarySpans']);
    scopes.forEach((ss, s) => {
      asArray(asObject(ss)?.['spans']).forEach((sp, i) => {
        const path = [...prefix, 'resourceSpans', r, 'scopeSpans', s, 'spans', i];
        const span = asObject(sp) ?? {};
        const traceId = span['traceId'];
        const spanId = span['spanId'];
        const start = integer(span['startTimeUnixNano']);
        const end = integer(span['endTimeUnixNano']);
        if (typeof traceId !== 'string' || traceId === '' || typeof spanId !== 'string' || spanId === '') return void skipped.push({ path, message: 'a span without traceId or spanId' });
        if (start === undefined || end === undefined) return void skipped.push({ path, message: 'a span without startTimeUnixNano or endTimeUnixNano (expected unix nanoseconds)' });
        if (end < start) return void skipped.push({ path, message: 'a span that ends before it starts' });
        const parent = span['parentSpanId'];
        out.push({ traceId, spanId, parentId: typeof parent === 'string' && parent !== '' ? parent : undefined, service, kind: otlpKind(span['kind']), start, end });
      });
    });
  });
}

function readJaeger(doc: Obj, out: RawSpan[], skipped: TraceFile['skipped']): void {
  asArray(doc['data']).forEach((t, ti) => {
    const trace = asObject(t) ?? {};
    const processes = asObject(trace['processes']) ?? {};
    asArray(trace['spans']).forEach((sp, i) => {
      const path = ['data', ti, 'spans', i];
      const span = asObject(sp) ?? {};
      const traceId = span['traceID'];
      const spanId = span['spanID'];
      const start = integer(span['startTime']);
      const duration = integer(span['duration']);
      if (typeof traceId !== 'string' || typeof spanId !== 'string') return void skipped.push({ path, message: 'a span without traceID or spanID' });
      if (start === undefined || duration === undefined || duration < 0n) return void skipped.push({ path, message: 'a span without startTime or duration (expected microseconds)' });
      const parentRef = asArray(span['references']).map(asObject).find((r) => r?.['refType'] === 'CHILD_OF' || r?.['refType'] === 'FOLLOWS_FROM');
      const process = asObject(processes[String(span['processID'])]) ?? asObject(span['process']);
      const service = typeof process?.['serviceName'] === 'string' ? process['serviceName'] : 'unknown_service';
      const kindTag = asArray(span['tags']).map(asObject).find((tag) => tag?.['key'] === 'span.kind')?.['value'];
      const kind = OTLP_KINDS.includes(kindTag as SpanKind) ? (kindTag as SpanKind) : 'unspecified';
      const parentId = typeof parentRef?.['spanID'] === 'string' ? parentRef['spanID'] : undefined;
      out.push({ traceId, spanId, parentId, service, kind, start, end: start + duration });
    });
  });
}

/** An OTLP attribute's string value (`{key, value: {stringValue}}`). */
function attribute(attributes: unknown, key: string): string | undefined {
  const found = asArray(attributes).map(asObject).find((a) => a?.['key'] === key);
  const value = asObject(found?.['value'])?.['stringValue'];
  return typeof value === 'string' ? value : undefined;
}

function otlpKind(kind: unknown): SpanKind {
  if (typeof kind === 'number') return OTLP_KINDS[kind] ?? 'unspecified';
  if (typeof kind === 'string') {
    const name = kind.replace(/^SPAN_KIND_/, '').toLowerCase();
    return OTLP_KINDS.includes(name as SpanKind) ? (name as SpanKind) : 'unspecified';
  }
  return 'unspecified';
}

function integer(v: unknown): bigint | undefined {
  if (typeof v === 'string' && /^[0-9]+$/.test(v)) return BigInt(v);
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  return undefined;
}
