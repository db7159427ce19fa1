/**
 * `meshsim import prometheus`: Istio's standard metrics → traffic rates, calls per request
 * and, where the metrics can say it, service times; merged into a scenario.
 *
 * Metrics count, they do not trace: calls per request are edge rate over the caller's
 * inbound rate (written as `count`, plus a call with the leftover fraction as its
 * probability), but not their order or which ones run together — calls are written in
 * sequence, with a note. A service's histogram is its answer time, calls included, so it
 * becomes the service time only for services that call nothing; for the others it is
 * a hint (p50/p99) in the notes. Rates need the window the counters cover: a range
 * query says it; a snapshot needs `window`.
 */
import { InputError, messageAtStart } from '../scenarios/inputError.js';
import { loadScenario } from '../scenarios/loadScenario.js';
import { decodeText, readSourceBytes } from '../scenarios/sourceText.js';
import { formatDuration } from '../scenarios/units.js';
import { toDnsLabel, uniqueLabel } from './dnsLabel.js';
import type { ImportOutcome } from './importKubernetes.js';
import { DURATION_BUCKETS, edgeCounts, histogramPoints, latencyHistograms, REQUESTS, type LatencyHistogram } from './istioMetrics.js';
import { mergeIntoScenarioFile } from './mergedScenarioFile.js';
import { readMetricsExport, UnknownMetricsFormat } from './prometheusFormats.js';
import { PLACEHOLDER, PLACEHOLDER_RATE } from './scenarioComments.js';
import type { MergedService, MergedTraffic } from './scenarioMerge.js';

export interface PrometheusImportOptions {
  readonly into?: string;
  readonly outFile: string;
  /** Seconds a snapshot's counters cover (since the proxies started, or between two scrapes subtracted). */
  readonly window?: number;
}

const EXPECTED = `Prometheus text exposition or a query JSON export (data.resultType matrix/vector) with ${REQUESTS} and ${DURATION_BUCKETS}`;
/** Largest metrics file read: 256 MiB. */
export const MAX_METRICS_BYTES = 256 * 1024 * 1024;

/** Imports `file`. Throws InputError for unreadable files, unknown formats and scenarios that do not load. */
export function importPrometheus(file: string, options: PrometheusImportOptions): ImportOutcome {
  if (options.into !== undefined) loadScenario(options.into);
  const exported = readExport(file);
  const warnings = exported.badLines.slice(0, 5).map((b) => ({ ...messageAtStart(file, `not a sample line, skipped: ${b.text.slice(0, 60)}`, 'name{label="value",…} value'), line: b.line, severity: 'warning' as const }));
  const edges = edgeCounts(exported.series);
  if (edges.length === 0) throw new InputError([messageAtStart(file, `no ${REQUESTS} series with a destination`, EXPECTED), ...warnings]);
  const window = exported.window ?? options.window;
  const notes: string[] = [];
  if (window === undefined) notes.push('traffic: a snapshot does not say how long its counters counted: rates are not imported (give --window, e.g. the proxies\' uptime)');

  const taken = new Set<string>();
  const names = new Map<string, string>();
  const nameOf = (s: string) => names.get(s) ?? (names.set(s, uniqueLabel(toDnsLabel(s, 'service'), taken)), names.get(s) as string);
  const inbound = new Map<string, number>();
  for (const e of edges) inbound.set(e.to, (inbound.get(e.to) ?? 0) + e.requests);
  const histograms = new Map(latencyHistograms(exported.series).map((h) => [h.service, h]));

  const services: MergedService[] = [];
  const callers = [...new Set([...edges.map((e) => e.to), ...edges.flatMap((e) => (e.from === undefined ? [] : [e.from]))])];
  for (const service of callers) {
    const served = inbound.get(service) ?? 0;
    const out = edges.filter((e) => e.from === service && e.requests > 0);
    if (served <= 0) {
      notes.push(`${service}: calls others but serves nothing in the metrics: not imported as a service (a job or client outside the mesh?)`);
      continue;
    }
    const calls = out.flatMap((e) => callsPerRequest(nameOf(e.to), e.requests / served));
    if (calls.length > 1) notes.push(`${nameOf(service)}: calls written in sequence: metrics do not say their order or which run in parallel`);
    const h = histograms.get(service);
    const leaf = out.length === 0;
    const observed = h === undefined ? undefined : observedText(h);
    services.push({
      name: nameOf(service),
      serviceTime: leaf && h !== undefined ? histogramValue(h) : undefined,
      ...(!leaf || h === undefined ? { serviceTimeHint: h === undefined ? `no ${DURATION_BUCKETS} for it` : `its answer time (${observed}) includes its calls, so its own time is not in the metrics` } : {}),
      calls,
      provenance: `from ${DURATION_BUCKETS}: ${Math.round(h?.total ?? 0)} requests, the server's answer time`,
    });
  }

  // Without a window there is no rate; a new scenario still needs a source, so it gets a marked one.
  const traffic: MergedTraffic[] = [];
  if (window !== undefined || options.into === undefined)
    for (const e of edges.filter((x) => x.from === undefined && x.requests > 0))
      traffic.push({
        name: toDnsLabel(e.source === 'unknown' ? 'client' : e.source),
        to: nameOf(e.to),
        rate: window === undefined ? PLACEHOLDER_RATE : Number((e.requests / window).toPrecision(4)),
        provenance: window === undefined ? `${PLACEHOLDER}: the snapshot does not say over how long its ${Math.round(e.requests)} requests came (--window)` : `from ${REQUESTS}: ${Math.round(e.requests)} requests over ${formatDuration(window)}`,
      });

  const merged = mergeIntoScenarioFile(
    { into: options.into, outFile: options.outFile, source: file, origin: 'the metrics', command: 'import prometheus', derived: 'traffic rates, calls per request, and the service time of services that call nothing' },
    services,
    traffic,
  );
  return { text: merged.text, warnings: [...warnings, ...merged.loadWarnings], notes: [...notes, ...merged.notes] };
}

function readExport(file: string) {
  const bytes = readSourceBytes(file, MAX_METRICS_BYTES, `${EXPECTED}, filtered to Istio's metrics`);
  try {
    return readMetricsExport(decodeText(file, bytes));
  } catch (err) {
    if (!(err instanceof UnknownMetricsFormat)) throw err;
    throw new InputError([messageAtStart(file, `this is not Prometheus data: ${err.message}`, EXPECTED)]);
  }
}

/** `c` calls per request: `count: ⌊c⌋` (when ≥ 1) and one more call with the fraction left as its probability. */
function callsPerRequest(service: string, c: number): unknown[] {
  const whole = Math.floor(c + 1e-9);
  const fraction = Math.round((c - whole) * 1e4) / 1e4;
  const out: unknown[] = [];
  if (whole >= 1) out.push(whole === 1 ? { service } : { service, count: whole });
  if (fraction > 0) out.push({ service, probability: fraction });
  return out;
}

function histogramValue(h: LatencyHistogram): unknown {
  const points = histogramPoints(h);
  if (points.length === 1) return formatDuration(points[0]!.value);
  const key = (q: number) => `p${Number((q * 100).toFixed(4))}`;
  const percentiles: Record<string, string> = {};
  // Keys are written to 4 decimals of a percent; two bounds closer than that keep the first.
  for (const p of points) if (!(key(p.q) in percentiles)) percentiles[key(p.q)] = formatDuration(p.value);
  return { dist: 'empirical', percentiles };
}

/** p50 and p99 read off the histogram (linear within a bucket, as histogram_quantile does). */
function observedText(h: LatencyHistogram): string {
  const points = [{ q: 0, value: 0 }, ...histogramPoints(h)];
  const at = (q: number) => {
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1]!;
      const b = points[i]!;
      if (q <= b.q) return a.value + ((b.value - a.value) * (q - a.q)) / (b.q - a.q);
    }
    return points[points.length - 1]!.value;
  };
  return `p50 ${formatDuration(at(0.5))}, p99 ${formatDuration(at(0.99))}`;
}
