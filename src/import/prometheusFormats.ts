/**
 * Prometheus data as users export it → counter increases per series:
 *
 * - the text exposition format (a `/metrics` or `/federate` snapshot): each sample line
 *   `name{label="value",…} value [timestamp]`, `#` lines are comments. A snapshot holds
 *   counters' totals since the proxies started, so rates need the window they cover.
 * - the HTTP API's query JSON (`/api/v1/query_range` → `resultType: matrix`, or
 *   `/api/v1/query` → `vector`) of the raw counters, each series labelled `__name__`. A
 *   matrix gives the increase over its own time range (counter resets summed over, as
 *   Prometheus's `increase` does); a vector is a snapshot like the text format.
 */

export interface CounterSeries {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Increase over the window (a snapshot: the counter's value). */
  readonly increase: number;
}

export interface MetricsExport {
  readonly series: CounterSeries[];
  /** Seconds the increases cover, when the data says (a matrix); undefined for snapshots. */
  readonly window: number | undefined;
  /** 1-based lines (text format) of lines that are not samples. */
  readonly badLines: { line: number; text: string }[];
}

export class UnknownMetricsFormat extends Error {}

/** Reads either format; throws UnknownMetricsFormat when the text is neither. */
export function readMetricsExport(text: string): MetricsExport {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return readQueryJson(text);
  return readExposition(text);
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?[0-9]+)?\s*$/;

function readExposition(text: string): MetricsExport {
  const series: CounterSeries[] = [];
  const badLines: MetricsExport['badLines'] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = SAMPLE.exec(line);
    const labels = m?.[3] !== undefined ? parseLabels(m[3]) : {};
    const value = m === null ? NaN : parseValue(m[4] ?? '');
    if (m === null || labels === undefined || Number.isNaN(value)) return void badLines.push({ line: i + 1, text: line });
    series.push({ name: m[1] as string, labels, increase: value });
  });
  if (series.length === 0) throw new UnknownMetricsFormat('no sample lines (name{labels} value) in the text exposition format');
  return { series, window: undefined, badLines };
}

/** `a="x",b="y\"z"` → {a: 'x', b: 'y"z'}; undefined when malformed. */
function parseLabels(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const pair = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/y;
  let at = 0;
  while (at < text.length) {
    pair.lastIndex = at;
    const m = pair.exec(text);
    if (m === null) return text.slice(at).trim() === '' ? out : undefined;
    out[m[1] as string] = (m[2] as string).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    at = pair.lastIndex;
  }
  return out;
}

function parseValue(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  const v = Number(text);
  return text.trim() === '' ? NaN : v;
}

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);

function readQueryJson(text: string): MetricsExport {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UnknownMetricsFormat(`JSON that does not parse (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
  }
  const data = asObject(asObject(doc)?.['data']);
  const kind = data?.['resultType'];
  const result = data?.['result'];
  if ((kind !== 'matrix' && kind !== 'vector') || !Array.isArray(result)) throw new UnknownMetricsFormat('JSON, but not a Prometheus query result (data.resultType matrix or vector, data.result)');
  const series: CounterSeries[] = [];
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const r of result) {
    const metric = asObject(asObject(r)?.['metric']) ?? {};
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(metric)) if (k !== '__name__' && typeof v === 'string') labels[k] = v;
    const name = typeof metric['__name__'] === 'string' ? metric['__name__'] : '';
    if (kind === 'vector') {
      const value = Array.isArray(asObject(r)?.['value']) ? Number((asObject(r)?.['value'] as unknown[])[1]) : NaN;
      if (Number.isFinite(value)) series.push({ name, labels, increase: value });
      continue;
    }
    const values = (Array.isArray(asObject(r)?.['values']) ? (asObject(r)?.['values'] as unknown[]) : []).filter(Array.isArray) as unknown[][];
    let increase = 0;
    let previous: number | undefined;
    for (const [t, v] of values) {
      const time = Number(t);
      const value = Number(v);
      if (!Number.isFinite(time) || !Number.isFinite(value)) continue;
      first = Math.min(first, time);
      last = Math.max(last, time);
      // A drop is a counter reset (a proxy restarted): count from zero again.
      if (previous !== undefined) increase += value >= previous ? value - previous : value;
      previous = value;
    }
    series.push({ name, labels, increase });
  }
  return { series, window: kind === 'matrix' && last > first ? last - first : undefined, badLines: [] };
}
