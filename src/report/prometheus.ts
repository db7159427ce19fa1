/**
 * `meshsim run --prometheus PATH`: the run's golden signals in Prometheus' text
 * exposition format (version 0.0.4), named and labelled as Istio's standard metrics
 * (istio.io "Istio Standard Metrics"), as if every proxy had been scraped once at the
 * end of the measured window. Existing Istio dashboards and PromQL work on the file:
 * `sum(rate(istio_requests_total{reporter="destination"}[…])) by (destination_service)`.
 *
 * What is reported, and by whom (Istio's `reporter` label):
 * - `reporter="source"`: one series set per edge, as the calling proxy saw it (caller →
 *   callee service; the callee's version is not known to the caller's counters).
 * - `reporter="destination"`: one series set per service version, as its replicas saw
 *   inbound requests (the caller is not kept there: `source_workload="unknown"`, which
 *   is what Istio writes when it cannot tell).
 * Counts are over the measured window summed over replications (the results JSON's
 * counts), so the file agrees with `--json` number for number.
 *
 * The duration histogram covers successful responses only (`response_code="200"`):
 * meshsim records latency for successes (results JSON `latency` is of successes too).
 */
import type { LatencyRecorder } from '../models/metrics/latencyRecorder.js';
import type { MeshMetrics, RequestStats } from '../models/metrics/meshMetrics.js';
import { decodeOutcomeKey } from '../models/outcome.js';
import { MESH_NAMESPACE, type Scenario } from '../scenarios/scenario.js';
import { flagText } from './failureText.js';

/**
 * Istio's default buckets for istio_request_duration_milliseconds: Envoy's default
 * histogram buckets, which Istio's stats filter does not override (envoyproxy/envoy
 * source/common/stats/histogram_impl.cc, HistogramStatisticsImpl::supportedBuckets).
 * Milliseconds.
 */
export const ISTIO_DURATION_BUCKETS_MS: readonly number[] = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];

type Labels = ReadonlyArray<readonly [string, string]>;

/** A label value escaped as the exposition format asks (backslash, double quote, newline). */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelText(labels: Labels): string {
  return `{${labels.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
}

/** A float as Prometheus reads it (integers without a decimal point, no exponent surprises). */
function num(x: number): string {
  if (x === Infinity) return '+Inf';
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(12)));
}

function serviceFqdn(name: string): string {
  return `${name}.${MESH_NAMESPACE}.svc.cluster.local`;
}

/** Counts by (response_code, response_flags), successes first, then failures in key order. */
function responses(stats: RequestStats): Array<{ code: string; flags: string; count: number }> {
  const out: Array<{ code: string; flags: string; count: number }> = [];
  const succeeded = stats.requests - stats.failed;
  if (succeeded > 0) out.push({ code: '200', flags: '-', count: succeeded });
  const byLabel = new Map<string, { code: string; flags: string; count: number }>();
  for (const key of Object.keys(stats.failures).map(Number).sort((a, b) => a - b)) {
    const { status, flags } = decodeOutcomeKey(key);
    const code = String(status);
    const flagged = flagText(flags) || '-';
    const id = `${code} ${flagged}`;
    const row = byLabel.get(id) ?? { code, flags: flagged, count: 0 };
    row.count += stats.failures[key] as number;
    byLabel.set(id, row);
  }
  out.push(...byLabel.values());
  return out;
}

interface Population {
  readonly labels: Labels;
  readonly stats: RequestStats;
}

function populations(metrics: MeshMetrics, scenario: Scenario): Population[] {
  // connection_security_policy is left out: it is per connection (PeerAuthentication ×
  // DestinationRule), and the counters here do not keep it.
  const common: Labels = [['request_protocol', 'http']];
  const out: Population[] = [];
  const edges = [...metrics.edges.values()].sort((a, b) => (a.from === b.from ? (a.to < b.to ? -1 : 1) : a.from < b.from ? -1 : 1));
  for (const e of edges) {
    out.push({
      stats: e,
      labels: [
        ['reporter', 'source'],
        ['source_workload', e.from],
        ['source_workload_namespace', MESH_NAMESPACE],
        ['source_app', e.from],
        ['destination_service', serviceFqdn(e.to)],
        ['destination_service_name', e.to],
        ['destination_service_namespace', MESH_NAMESPACE],
        ['destination_app', e.to],
        ...common,
      ],
    });
  }
  const implicit = new Set(scenario.services.filter((s) => s.implicitVersion).map((s) => s.name));
  for (const name of [...metrics.services.keys()].sort()) {
    const service = metrics.services.get(name)!;
    for (const vname of [...service.versions.keys()].sort()) {
      out.push({
        stats: service.versions.get(vname)!,
        labels: [
          ['reporter', 'destination'],
          ['source_workload', 'unknown'],
          ['destination_workload', implicit.has(name) ? name : `${name}-${vname}`],
          ['destination_workload_namespace', MESH_NAMESPACE],
          ['destination_version', implicit.has(name) ? 'unknown' : vname],
          ['destination_service', serviceFqdn(name)],
          ['destination_service_name', name],
          ['destination_service_namespace', MESH_NAMESPACE],
          ['destination_app', name],
          ...common,
        ],
      });
    }
  }
  return out;
}

function histogramLines(labels: Labels, latency: LatencyRecorder): string[] {
  const withCode: Labels = [...labels, ['response_code', '200'], ['response_flags', '-']];
  const lines: string[] = [];
  for (const le of ISTIO_DURATION_BUCKETS_MS) {
    lines.push(`istio_request_duration_milliseconds_bucket${labelText([...withCode, ['le', num(le)]])} ${latency.countAtOrBelow(le / 1000)}`);
  }
  lines.push(`istio_request_duration_milliseconds_bucket${labelText([...withCode, ['le', '+Inf']])} ${latency.count}`);
  lines.push(`istio_request_duration_milliseconds_sum${labelText(withCode)} ${num(latency.sum * 1000)}`);
  lines.push(`istio_request_duration_milliseconds_count${labelText(withCode)} ${latency.count}`);
  return lines;
}

/** The exposition text for merged run metrics (a pure function of them and the scenario). */
export function prometheusExposition(metrics: MeshMetrics, scenario: Scenario): string {
  const pops = populations(metrics, scenario);
  const lines: string[] = [
    '# HELP istio_requests_total Requests in the measured window (summed over replications), as Istio\'s standard metric.',
    '# TYPE istio_requests_total counter',
  ];
  for (const p of pops) {
    for (const r of responses(p.stats)) lines.push(`istio_requests_total${labelText([...p.labels, ['response_code', r.code], ['response_flags', r.flags]])} ${r.count}`);
  }
  lines.push(
    '# HELP istio_request_duration_milliseconds Duration of successful requests in milliseconds, Istio\'s default buckets.',
    '# TYPE istio_request_duration_milliseconds histogram',
  );
  for (const p of pops) if (p.stats.latency.count > 0) lines.push(...histogramLines(p.labels, p.stats.latency));
  return lines.join('\n') + '\n';
}
