/**
 * `meshsim compare --report out.html`: one self-contained page (inline CSS and
 * SVG, no scripts, no network) — the comparison table, three charts with a
 * sentence each, the proxy costs used and their sources, and every run's warnings.
 * A pure function of the runs: the page holds no wall-clock figures.
 */
import type { Scenario } from '../scenarios/scenario.js';
import { formatDuration } from '../scenarios/units.js';
import { addedLatencySpec } from './charts/addedLatencyChart.js';
import { costSpec } from './charts/costChart.js';
import { latencyCdfSpec, type CdfPoint } from './charts/latencyCdfChart.js';
import { COMMON_SOURCES, PROXIES_OF, PROXY_COST_COLUMNS, proxyCostRows } from './compareDefaults.js';
import { formatDeltaCell, formatValue, indistinguishable } from './compareFormat.js';
import { comparisonRows, type RowGroup } from './compareRows.js';
import { addedLatencyBars, addedLatencySummary, costPanels, costSummary, latencySummary } from './compareSummaries.js';
import { escapeHtml, htmlPage } from './htmlPage.js';
import type { Ci95 } from '../statistics/intervals.js';
import { POLICY_ONLY, POLICY_ONLY_MEANING, type ComparedPlane } from '../scenarios/comparedPlane.js';
import type { Results } from './results.js';

export interface HtmlRun {
  readonly dataPlane: ComparedPlane;
  readonly results: Results;
  readonly warnings: readonly string[];
  readonly notices: readonly string[];
  readonly latencyCdf: readonly CdfPoint[];
}

export interface CompareHtmlInput {
  readonly scenario: Scenario;
  readonly seed: number;
  /** Baseline first. */
  readonly runs: readonly HtmlRun[];
  /** The command that reproduces the comparison, shown at the foot of the page. */
  readonly command?: string;
  /** Per run, its paired delta intervals (compare.ts, deltaIntervals); none with one replication. */
  readonly deltaCi95?: ReadonlyArray<Ci95 | undefined>;
}

/** One rendered chart: a file-friendly name, a title, its sentence and the SVG. */
export interface RenderedChart {
  readonly name: 'latency-cdf' | 'added-latency' | 'cost';
  readonly title: string;
  readonly summary: string;
  readonly svg: string;
}

/** The comparison's charts as SVG (the added-latency chart only with two data planes or more). */
export async function renderCompareCharts(input: CompareHtmlInput): Promise<RenderedChart[]> {
  const results = input.runs.map((r) => r.results);
  const names = input.runs.map((r) => r.dataPlane);
  const charts: RenderedChart[] = [];
  charts.push({
    name: 'latency-cdf',
    title: 'End-to-end latency',
    summary: latencySummary(results),
    svg: await (await svgRenderer())(latencyCdfSpec(input.runs.map((r) => ({ dataPlane: r.dataPlane, points: r.latencyCdf, requests: r.results.endToEnd.succeeded })))),
  });
  if (input.runs.length > 1) {
    const { bars, hops } = addedLatencyBars(results);
    charts.push({
      name: 'added-latency',
      title: 'Added latency per hop',
      summary: addedLatencySummary(results),
      svg: await (await svgRenderer())(addedLatencySpec(bars, hops, names.slice(1), names[0] as string)),
    });
  }
  charts.push({
    name: 'cost',
    title: 'CPU, memory and price',
    summary: costSummary(results),
    svg: await (await svgRenderer())(costSpec(costPanels(results, input.scenario.prices), names)),
  });
  return charts;
}

const GROUP_TITLES: Record<RowGroup, string> = { 'end to end': 'End to end', 'per hop': 'Per edge', cost: 'Cost' };

function comparisonTable(results: readonly Results[], deltaCi95: ReadonlyArray<Ci95 | undefined>): string {
  const rows = comparisonRows(results, deltaCi95);
  const head = `<tr><th></th>${results.map((r, i) => `<th>${escapeHtml(r.dataPlane)}${i > 0 ? `<span class="sub">Δ vs ${escapeHtml(results[0]?.dataPlane ?? '')}</span>` : ''}</th>`).join('')}</tr>`;
  const body: string[] = [];
  let group: RowGroup | undefined;
  for (const row of rows) {
    if (row.group !== group) {
      group = row.group;
      body.push(`<tr class="group"><th colspan="${results.length + 1}">${GROUP_TITLES[group]}</th></tr>`);
    }
    const cells = row.values.map((v, i) => {
      const d = row.deltas[i] as number;
      const ci = row.deltaCi95[i];
      // Only a delta the interval tells from 0 gets the colour of a change; the rest stay grey, marked "~".
      const direction = indistinguishable(ci) ? 'same' : d > 0 ? 'up' : d < 0 ? 'down' : '';
      const title = indistinguishable(ci) ? ' title="the 95% interval contains 0: not distinguishable from the baseline"' : '';
      const delta = i > 0 ? `<span class="delta ${direction}"${title}>${escapeHtml(formatDeltaCell(row.unit, d, ci))}</span>` : '';
      return `<td>${escapeHtml(formatValue(row.unit, v))}${delta}</td>`;
    });
    body.push(`<tr><th>${escapeHtml(row.label)}</th>${cells.join('')}</tr>`);
  }
  return `<table class="comparison"><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table>`;
}

function defaultsSection(input: CompareHtmlInput): string {
  const instances: Record<string, number> = {};
  // A data plane's proxy kind the results do not list had no instance (an ambient mesh without L7 policy has no waypoint).
  // The policy-only reference's proxies are free: they have no costs to show.
  const costed = input.runs.flatMap((r) => (r.dataPlane === POLICY_ONLY ? [] : [{ ...r, dataPlane: r.dataPlane }]));
  for (const r of costed) for (const kind of PROXIES_OF[r.dataPlane]) instances[kind] = r.results.cost.proxies?.[kind]?.count ?? 0;
  const rows = proxyCostRows(input.scenario.dataPlanes, costed.map((r) => r.dataPlane), instances);
  if (rows.length === 0) return '';
  const head = `<tr><th>proxy</th><th>instances</th>${PROXY_COST_COLUMNS.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  const body = rows.map(
    (r) =>
      `<tr><th>${escapeHtml(r.proxy)}</th><td>${r.instances ?? '–'}</td>${r.cells.map((c, i) => `<td${r.overridden[i] ? ' class="overridden" title="set by the scenario"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`,
  );
  const sources = rows.map((r) => `<li><b>${escapeHtml(r.proxy)}</b>: ${escapeHtml(r.source)}</li>`);
  return `<section><h2>Proxy costs used</h2>
<p class="lede">Each proxy is a pool of worker threads; every pass of a request or response costs CPU on a worker (queueing when all are busy). Values in <span class="overridden">this style</span> were set by the scenario's <code>dataPlanes:</code> section; the rest are meshsim's defaults, calibrated to published measurements (§ numbers: <code>docs/semantics/overhead-figures.md</code> in the meshsim repository).</p>
<div class="scroll"><table class="defaults"><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table></div>
<ul class="sources">${sources.join('\n')}<li>${escapeHtml(COMMON_SOURCES)}</li></ul></section>`;
}

function warningsSection(runs: readonly HtmlRun[]): string {
  const items = runs.map((r) => {
    const all = [...r.notices, ...r.warnings];
    const list = all.length === 0 ? '<p class="none">no warnings</p>' : `<ul>${all.map((w) => `<li>${escapeHtml(w)}</li>`).join('\n')}</ul>`;
    return `<div class="warnings"><h3>${escapeHtml(r.dataPlane)}</h3>${list}</div>`;
  });
  return `<section><h2>Warnings</h2><p class="lede">What each run could not model or enforce — policy an L4-only path drops is reported here, naming the resource and field.</p>${items.join('\n')}</section>`;
}

/** The whole page. */
export async function renderCompareHtml(input: CompareHtmlInput): Promise<string> {
  const results = input.runs.map((r) => r.results);
  const first = results[0];
  if (!first) throw new Error('renderCompareHtml: no runs');
  const charts = await renderCompareCharts(input);
  const title = `Data planes compared: ${input.scenario.name}`;
  const reps = first.replications === 1 ? '1 replication' : `${first.replications} replications`;
  const sameWarmup = results.every((r) => r.warmup === first.warmup);
  const warmup = sameWarmup ? `${formatDuration(first.warmup)} warm-up` : 'a warm-up chosen per data plane';
  const meta = `seed ${input.seed} · ${formatDuration(first.duration)} measured after ${warmup} · ${reps} per data plane · all runs share the same random numbers`;
  const deltaCi95 = input.deltaCi95 ?? [];
  const chartSections = charts.map(
    (c) => `<section class="chart" id="${c.name}"><h2>${escapeHtml(c.title)}</h2><p class="lede">${escapeHtml(c.summary)}</p><figure>${c.svg}</figure></section>`,
  );
  const body = [
    `<section><h2>At a glance</h2><p class="lede">Deltas against <b>${escapeHtml(first.dataPlane)}</b>, the baseline${first.dataPlane === POLICY_ONLY ? ` (${escapeHtml(POLICY_ONLY_MEANING)}: the deltas are what the proxies cost, none of what the policies do)` : ''}${deltaCi95.some((c) => c !== undefined) ? '; in brackets, the 95% interval of an end-to-end delta, paired by replication (each replication ran with the same seed under every data plane); <span class="delta same">~</span> and grey: the interval contains 0, so the data cannot tell that data plane from the baseline on that figure' : ''}.</p><div class="scroll">${comparisonTable(results, deltaCi95)}</div></section>`,
    ...chartSections,
    defaultsSection(input),
    warningsSection(input.runs),
  ];
  return htmlPage({
    command: 'compare',
    title,
    meta,
    ledeHtml: `${escapeHtml(latencySummary(results))} ${escapeHtml(costSummary(results))}`,
    bodyHtml: body.join('\n'),
    ...(input.command !== undefined && { reproduce: input.command }),
  });
}

/**
 * vega and vega-lite load in ~0.25 s; only a report needs them, so they are imported
 * on first use rather than on every `meshsim` start.
 */
async function svgRenderer(): Promise<(spec: Parameters<typeof import('./charts/renderSvg.js').renderSvg>[0]) => Promise<string>> {
  return (await import('./charts/renderSvg.js')).renderSvg;
}
