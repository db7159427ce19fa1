import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { planReplicas } from '../../../src/experiments/planning/planSearch.js';
import { countsOf, withReplicaCounts } from '../../../src/experiments/planning/replicaCounts.js';
import { runScenario } from '../../../src/experiments/runScenario.js';
import { judgeSlos } from '../../../src/experiments/sloVerdict.js';
import { loadScenario } from '../../../src/scenarios/loadScenario.js';
import { plannedScenarioText } from '../../../src/scenarios/plannedScenarioYaml.js';
import { request, slos } from './planFixtures.js';

const FILE = 'scenarios/bookinfo-dataplanes.yaml';
const SHORT = { duration: 20, warmup: 2 };
// 3.6× the file's 400 page views/s: one productpage replica would run at utilization ~0.99.
const LOAD = 3.6;
const OBJECTIVES = slos('p99<35ms', 'availability>=99.9%');

describe('plan on bookinfo-dataplanes (sidecar)', async () => {
  const { scenario } = loadScenario(FILE, SHORT);
  const plan = await planReplicas(request(scenario, OBJECTIVES, { load: LOAD }));
  const plannedFile = join(tmpdir(), `bookinfo-planned-${process.pid}.yaml`);
  writeFileSync(
    plannedFile,
    plannedScenarioText(readFileSync(FILE, 'utf8'), { original: scenario, planned: withReplicaCounts(scenario, plan.counts), load: LOAD, note: 'test' }),
  );
  const planned = loadScenario(plannedFile, SHORT).scenario;

  it('finds a plan, with every service at a floor or one fewer breaking an objective', () => {
    expect(plan.feasible).toBe(true);
    for (const m of Object.values(plan.minusOne)) expect(['violated', 'undecided', 'unstable', 'floor']).toContain(m.why);
    expect(plan.simulations).toBeLessThanOrEqual(12);
  });

  it('the planned file carries the plan: its replicas and 3.6× the traffic', () => {
    expect(countsOf(planned)).toEqual(plan.counts);
    expect(planned.traffic[0]?.rate[0]?.rate).toBe(1440);
  });

  it('the planned file meets the objectives when run (independent replications: another seed)', async () => {
    const { results } = await runScenario(planned, { seed: 2, replications: 4 });
    const report = judgeSlos(OBJECTIVES, results);
    expect(report.judgements.map((j) => j.verdict)).toEqual(['holds', 'holds']);
  });

  it('taking one replica from the busiest service breaks an objective', async () => {
    const run = plan.evaluation?.situations[0]?.results;
    const busiest = Object.entries(run?.services ?? {}).reduce((a, b) => (b[1].utilization > a[1].utilization ? b : a))[0];
    expect(busiest).toBe('productpage');
    const fewer = withReplicaCounts(planned, { ...plan.counts, [busiest]: (plan.counts[busiest] as number) - 1 });
    const { results } = await runScenario(fewer, { seed: 2, replications: 4 });
    expect(judgeSlos(OBJECTIVES, results).violated).toBe(true);
  });
});
