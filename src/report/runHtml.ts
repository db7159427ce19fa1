/**
 * `meshsim run --report PATH.html`: one self-contained page (inline CSS and SVG, no
 * script, nothing fetched) that shows a run: availability, throughput and p99 over
 * time with the faults as bands, retries, overflow 503s and ejections over time, the
 * critical path of the slowest traced requests (with --traces), the end-to-end latency CDF, per-service p50/p99 and
 * the service graph (drawn, then as a table of edges with their traffic, error rate and
 * cross-zone share). Every piece of user text (scenario, service and fault names,
 * warnings) goes through escapeHtml; the charts' SVG is Vega's, whose text it escapes
 * itself, and the graph's goes through escapeHtml too (serviceGraphSvg.ts).
 */
import type { PerSecondSeries } from '../models/metrics/perSecondSeries.js';
import type { Scenario } from '../scenarios/scenario.js';
import { formatDuration } from '../scenarios/units.js';
import type { CdfPoint } from './charts/latencyCdfChart.js';
import { latencyCdfSpec } from './charts/latencyCdfChart.js';
import { serviceLatencySpec, type ServiceLatencyBar } from './charts/serviceLatencyChart.js';
import { timelineSpec, type FaultBand, type TimelinePoint } from './charts/timelineChart.js';
import { meshEventsSpec, type MeshEventsPoint } from './charts/meshEventsChart.js';
import type { CriticalPathSummary } from './criticalPath.js';
import { describeFault } from './faultText.js';
import { escapeHtml, htmlPage } from './htmlPage.js';
import type { Results } from './results.js';
import { serviceGraph, type ServiceGraph } from './serviceGraphModel.js';
import { serviceGraphSvg } from './serviceGraphSvg.js';

export interface RunHtmlInput {
  readonly scenario: Scenario;
  readonly results: Results;
  readonly perSecond: PerSecondSeries;
  readonly latencyCdf: readonly CdfPoint[];
  readonly warnings: readonly string[];
  /** The command line that reproduces the run (shown in the footer). */
  readonly command?: string;
  /** Where the slowest traced requests spent their time (with --traces). */
  readonly criticalPath?: CriticalPathSummary;
}

/** The timeline's points: one per bucket, at its start in simulated seconds (warm-up included, as faults are timed). */
export function timelinePoints(series: PerSecondSeries, warmup: number, replications: number): TimelinePoint[] {
  const points: TimelinePoint[] = [];
  for (let i = 0; i < series.buckets; i++) {
    const requests = series.requests[i] as number;
    const failed = series.failed[i] as number;
    const p99 = series.percentile(i, 99);
    points.push({
      t: warmup + i * series.width,
      availability: requests > 0 ? (requests - failed) / requests : null,
      throughput: requests / (replications * series.width),
      p99: p99 === null ? null : p99 * 1e3,
    });
  }
  return points;
}

/** Retries, overflow 503s and ejections per second of one replication, at each bucket's start (warm-up included). */
export function meshEventsPoints(series: PerSecondSeries, warmup: number, replications: number): MeshEventsPoint[] {
  const per = replications * series.width;
  return Array.from({ length: series.buckets }, (_, i) => ({
    t: warmup + i * series.width,
    retries: (series.retries[i] as number) / per,
    overflow: (series.overflow[i] as number) / per,
    ejections: (series.ejections[i] as number) / per,
  }));
}

function sum(a: Float64Array): number {
  let s = 0;
  for (const x of a) s += x;
  return s;
}

function criticalPathTable(c: CriticalPathSummary): string {
  const rows = c.shares.map(
    (x) => `<tr><th>${escapeHtml(x.component)}</th><td>${(x.share * 100).toFixed(1)}%</td><td>${((x.seconds / c.requests) * 1e3).toFixed(3)}</td></tr>`,
  );
  return `<table class="comparison"><thead><tr><th>component (self time)</th><th>share</th><th>ms per request</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

/** Fault windows as bands, clipped to the run's end. */
export function faultBands(scenario: Scenario, end: number): FaultBand[] {
  return scenario.faults.map((f) => ({ from: f.at, to: Math.min(end, f.at + f.for), label: describeFault(f) }));
}

function percent(x: number | null): string {
  return x === null ? '–' : `${(100 * x).toFixed(x > 0.999 && x < 1 ? 3 : 1)}%`;
}

function edgesTable(results: Results): string {
  const measured = results.duration * results.replications;
  const rows = results.edges.map((e) => {
    const rate = measured > 0 ? e.requests / measured : 0;
    const errors = e.requests > 0 ? e.failed / e.requests : null;
    const cross = e.attempts > 0 ? e.crossZone : null; // already a fraction of attempts
    return `<tr><th>${escapeHtml(e.from)} → ${escapeHtml(e.to)}</th><td>${rate.toFixed(1)}</td><td>${percent(errors)}</td><td>${percent(cross)}</td><td>${(e.latency.p99 * 1e3).toFixed(2)}</td></tr>`;
  });
  return `<table class="comparison"><thead><tr><th>edge (caller → callee)</th><th>requests/s</th><th>error rate</th><th>cross-zone attempts</th><th>p99 (ms)</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function graphCaption(g: ServiceGraph): string {
  const sources = g.nodes.filter((n) => n.kind === 'source').length;
  const kinds = `${g.nodes.length - sources} services, ${sources} traffic ${sources === 1 ? 'source' : 'sources'}`;
  const what = g.cut
    ? `The ${g.edges.length} busiest of ${g.totalEdges} edges and the ${g.nodes.length} of ${g.totalNodes} nodes they join (${kinds}); the table lists every edge.`
    : `${kinds[0]!.toUpperCase()}${kinds.slice(1)} and ${g.edges.length} edges.`;
  return `${what} Callers are left of their callees; hover over an edge or a node for its figures.`;
}

function serviceGraphSection(results: Results): string {
  const graph = serviceGraph(results);
  return `<section id="edges"><h2>Service graph</h2><p class="lede">Each edge as its caller's proxy saw it; rates per replication. Width: requests/s; colour: error rate.</p><figure class="service-graph">${serviceGraphSvg(graph)}<figcaption>${escapeHtml(graphCaption(graph))}</figcaption></figure><div class="scroll">${edgesTable(results)}</div></section>`;
}

async function svg(spec: Parameters<typeof import('./charts/renderSvg.js').renderSvg>[0]): Promise<string> {
  // vega loads in ~0.25 s: only a report pays for it (as compareHtml does).
  return (await import('./charts/renderSvg.js')).renderSvg(spec);
}

/** The whole page. */
export async function renderRunHtml(input: RunHtmlInput): Promise<string> {
  const { scenario, results } = input;
  const e2e = results.endToEnd;
  const end = results.warmup + results.duration;
  const points = timelinePoints(input.perSecond, results.warmup, results.replications);
  const bands = faultBands(scenario, end);
  const bars: ServiceLatencyBar[] = Object.entries(results.services)
    .filter(([, s]) => s.requests > s.failed)
    .flatMap(([service, s]) => [
      { service, percentile: 'p50' as const, ms: s.latency.p50 * 1e3 },
      { service, percentile: 'p99' as const, ms: s.latency.p99 * 1e3 },
    ]);
  const charts = [
    { id: 'timeline', title: 'Over time', lede: `Per second of simulated time, by the second a request began${bands.length > 0 ? '; shaded: the faults' : ''}.`, svg: await svg(timelineSpec(points, bands)) },
    {
      id: 'mesh-events',
      title: 'Retries, overflow and ejections',
      lede: `Per second of simulated time, when they happened: ${sum(input.perSecond.retries)} retries, ${sum(input.perSecond.overflow)} overflow 503s (circuit breakers, full queues), ${sum(input.perSecond.ejections)} outlier ejections in all${bands.length > 0 ? '; shaded: the faults' : ''}.`,
      svg: await svg(meshEventsSpec(meshEventsPoints(input.perSecond, results.warmup, results.replications), bands)),
    },
    { id: 'latency-cdf', title: 'End-to-end latency', lede: `p50 ${(e2e.latency.p50 * 1e3).toFixed(2)} ms, p99 ${(e2e.latency.p99 * 1e3).toFixed(2)} ms, p99.9 ${(e2e.latency.p999 * 1e3).toFixed(2)} ms (successful requests).`, svg: await svg(latencyCdfSpec([{ dataPlane: results.dataPlane, points: input.latencyCdf, requests: e2e.succeeded }])) },
    { id: 'services', title: 'Per service', lede: 'Latency of successful requests as each service answered them.', svg: await svg(serviceLatencySpec(bars)) },
  ];
  const title = `Run: ${scenario.name}`;
  const reps = results.replications === 1 ? '1 replication' : `${results.replications} replications`;
  const meta = `seed ${results.seed} · ${formatDuration(results.duration)} measured after ${formatDuration(results.warmup)} warm-up · ${reps} · data plane ${results.dataPlane}`;
  const faults = scenario.faults.length === 0 ? '<p class="none">no faults</p>' : `<ul>${scenario.faults.map((f) => `<li>${escapeHtml(describeFault(f))}</li>`).join('\n')}</ul>`;
  const warnings = input.warnings.length === 0 ? '<p class="none">no warnings</p>' : `<ul>${input.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('\n')}</ul>`;
  const body = [
    ...charts.map((c) => `<section class="chart" id="${c.id}"><h2>${escapeHtml(c.title)}</h2><p class="lede">${escapeHtml(c.lede)}</p><figure>${c.svg}</figure></section>`),
    ...(input.criticalPath
      ? [
          `<section id="critical-path"><h2>Critical path</h2><p class="lede">${escapeHtml(
            `Where the ${input.criticalPath.requests} slowest of ${input.criticalPath.sampled} traced requests (at or above their p99, ${(input.criticalPath.thresholdSeconds * 1e3).toFixed(2)} ms) spent their time: the self time of each span on their critical paths, by component.`,
          )}</p><div class="scroll">${criticalPathTable(input.criticalPath)}</div></section>`,
        ]
      : []),
    serviceGraphSection(results),
    `<section id="faults"><h2>Faults</h2>${faults}</section>`,
    `<section id="warnings"><h2>Warnings</h2>${warnings}</section>`,
  ];
  return htmlPage({
    command: 'run',
    title,
    meta,
    ledeHtml: `${e2e.requests} requests, availability ${percent(e2e.availability)}, ${e2e.rate.toFixed(1)} requests/s.`,
    bodyHtml: body.join('\n'),
    ...(input.command !== undefined && { reproduce: input.command }),
  });
}
