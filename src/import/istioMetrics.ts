/**
 * Istio's standard metrics → per-edge request rates and per-service latency:
 *
 * - `istio_requests_total` (counter) by source and destination canonical service gives
 *   each edge's requests. Requests from outside the mesh (source `unknown`, or an
 *   ingress gateway) are traffic. Each edge is counted once: from the client's proxy
 *   (`reporter="source"`) where there is one, else from the server's.
 * - `istio_request_duration_milliseconds_bucket` (histogram) reported by the server's
 *   proxy gives the latency each service answered with, as a piecewise-linear CDF through
 *   the bucket bounds — exactly what an empirical distribution through those points is.
 *
 * Label names: Istio's standard labels (istio.io "Istio Standard Metrics"):
 * source_canonical_service / destination_canonical_service, falling back to
 * source_workload / destination_service_name.
 */
import type { CounterSeries } from './prometheusFormats.js';

export const REQUESTS = 'istio_requests_total';
export const DURATION_BUCKETS = 'istio_request_duration_milliseconds_bucket';

/** Sources that are callers outside the mesh. */
const OUTSIDE = /^(unknown|istio-ingressgateway.*|.*-ingress.*)$/;

export interface EdgeCount {
  /** The caller's service, or undefined for traffic from outside the mesh. */
  readonly from: string | undefined;
  /** The outside caller's name (for a traffic source). */
  readonly source: string;
  readonly to: string;
  readonly requests: number;
}

export interface LatencyHistogram {
  readonly service: string;
  /** Upper bounds in seconds (finite), ascending, with the cumulative count at each. */
  readonly buckets: { le: number; count: number }[];
  readonly total: number;
}

const sourceOf = (l: Readonly<Record<string, string>>) => l['source_canonical_service'] ?? l['source_app'] ?? l['source_workload'] ?? 'unknown';
const destinationOf = (l: Readonly<Record<string, string>>) => l['destination_canonical_service'] ?? l['destination_app'] ?? l['destination_service_name'] ?? l['destination_workload'];

/** Requests per edge, summed over response codes, versions and the like. */
export function edgeCounts(series: ReadonlyArray<CounterSeries>): EdgeCount[] {
  const byReporter = { source: new Map<string, EdgeCount>(), destination: new Map<string, EdgeCount>() };
  for (const s of series) {
    if (s.name !== REQUESTS) continue;
    const to = destinationOf(s.labels);
    if (to === undefined || to === 'unknown') continue;
    const source = sourceOf(s.labels);
    const outside = OUTSIDE.test(source);
    const reporter = s.labels['reporter'] === 'source' ? byReporter.source : byReporter.destination;
    const key = `${outside ? '' : source}\u0000${to}`;
    const e = reporter.get(key);
    reporter.set(key, { from: outside ? undefined : source, source, to, requests: (e?.requests ?? 0) + s.increase });
  }
  const out = new Map(byReporter.destination);
  for (const [k, e] of byReporter.source) out.set(k, e);
  return [...out.values()];
}

/** Latency histograms per destination service, as its server-side proxy saw them. */
export function latencyHistograms(series: ReadonlyArray<CounterSeries>): LatencyHistogram[] {
  const byService = new Map<string, Map<number, number>>();
  for (const s of series) {
    if (s.name !== DURATION_BUCKETS || s.labels['reporter'] === 'source') continue;
    const service = destinationOf(s.labels);
    const le = Number(s.labels['le'] === '+Inf' ? Number.POSITIVE_INFINITY : s.labels['le']);
    if (service === undefined || Number.isNaN(le)) continue;
    const buckets = byService.get(service) ?? new Map<number, number>();
    buckets.set(le, (buckets.get(le) ?? 0) + s.increase);
    byService.set(service, buckets);
  }
  return [...byService].map(([service, buckets]) => {
    const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
    const total = sorted[sorted.length - 1]?.[1] ?? 0;
    return { service, total, buckets: sorted.filter(([le]) => Number.isFinite(le)).map(([le, count]) => ({ le: le / 1000, count })) };
  });
}

/**
 * The histogram as percentile points `[q, seconds]`: one per bucket bound where the
 * cumulative fraction rises, q < 1 (a bound holding every request is written just below 1,
 * at the last quantile the sample can tell apart: 1 − 1/total).
 */
export function histogramPoints(h: LatencyHistogram): { q: number; value: number }[] {
  const points: { q: number; value: number }[] = [];
  let previous = 0;
  for (const b of h.buckets) {
    if (!(b.count > previous) || h.total <= 0) continue;
    previous = b.count;
    const q = Math.min(b.count / h.total, 1 - 1 / Math.max(h.total, 2));
    if (points.length > 0 && q <= (points[points.length - 1] as { q: number }).q) continue;
    points.push({ q, value: b.le });
  }
  return points;
}
