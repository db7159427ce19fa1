import { latencyCdf } from '../../src/experiments/latencyDistribution.js';
import { runScenario } from '../../src/experiments/runScenario.js';
import type { PerSecondSeries } from '../../src/models/metrics/perSecondSeries.js';
import type { CdfPoint } from '../../src/report/charts/latencyCdfChart.js';
import type { RunHtmlInput } from '../../src/report/runHtml.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';
import { criticalPathSummary } from '../../src/report/criticalPath.js';

/** A name no scenario may give a service (DNS-1123), so only a report fed by hand can carry it: the escaping test's probe. */
export const HOSTILE_NAME = '<script>alert(1)</script>';

/**
 * The zone-outage run as a report's input (short), with one service renamed to
 * HOSTILE_NAME in the results, its edges and a warning.
 */
export async function zoneOutageReportInput(): Promise<RunHtmlInput> {
  const { scenario } = loadScenario('scenarios/zone-outage.yaml', { replications: 2 });
  let perSecond: PerSecondSeries | undefined;
  let cdf: CdfPoint[] = [];
  const out = await runScenario(scenario, {
    workers: 1,
    tracing: { sample: 0.02, maxSpans: 1e6 },
    onMerged: (m) => {
      perSecond = m.endToEnd.perSecond;
      cdf = latencyCdf(m.endToEnd.latency);
    },
  });
  const results = structuredClone(out.results);
  const victim = Object.keys(results.services).at(-1)!;
  results.services = Object.fromEntries(Object.entries(results.services).map(([k, v]) => [k === victim ? HOSTILE_NAME : k, v]));
  results.edges = results.edges.map((e) => ({ ...e, from: e.from === victim ? HOSTILE_NAME : e.from, to: e.to === victim ? HOSTILE_NAME : e.to }));
  const criticalPath = criticalPathSummary(out.traces?.traces ?? []);
  return {
    scenario,
    results,
    perSecond: perSecond!,
    latencyCdf: cdf,
    warnings: [...out.warnings, `a warning about ${HOSTILE_NAME}`],
    command: 'meshsim run scenarios/zone-outage.yaml --traces traces.json',
    ...(criticalPath && { criticalPath }),
  };
}
