import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planReplicas } from '../../../src/experiments/planning/planSearch.js';
import { withReplicaCounts } from '../../../src/experiments/planning/replicaCounts.js';
import { runScenario } from '../../../src/experiments/runScenario.js';
import { judgeSlos } from '../../../src/experiments/sloVerdict.js';
import { loadScenario } from '../../../src/scenarios/loadScenario.js';
import { plannedScenarioText } from '../../../src/scenarios/plannedScenarioYaml.js';
import type { Scenario } from '../../../src/scenarios/scenario.js';
import { request, scenarioFrom, slos } from './planFixtures.js';

// Two zones, the callers in a; each replica an M/M/2 queue (random routing, dataPlane none).
// The control plane drops a lost zone's endpoints after 1 s, so a scheduled outage shifts
// the load onto the zone left within the measured window.
const TWO_ZONES = `apiVersion: meshsim/v1
kind: Scenario
metadata: {name: two-zones}
simulation: {duration: 30s, warmup: 2s, seed: 1}
dataPlane: none
zones:
  - {name: a, region: r}
  - {name: b, region: r}
network: {sameZone: 0.1ms, crossZone: 0.5ms}
controlPlane: {nodeFailureEndpointRemoval: 1s}
services:
  - name: api
    replicas: 2
    concurrency: 2
    serviceTime: {dist: exponential, mean: 10ms}
traffic:
  - {name: users, to: api, rate: 300, zone: a}
`;
const OBJECTIVES = slos('p99<60ms');

/** `scenario` with zone b down from the end of the warm-up to the end of the run. */
function withOutageOfB(s: Scenario): Scenario {
  const { warmup, duration } = s.simulation;
  return { ...s, faults: [...s.faults, { kind: 'zone-outage', zone: 'b', at: warmup, for: duration }] };
}

describe('plan --survive zone-outage on two zones', async () => {
  const { scenario, file } = scenarioFrom(TWO_ZONES);
  const normal = await planReplicas(request(scenario, OBJECTIVES));
  const surviving = await planReplicas(request(scenario, OBJECTIVES, { survive: true }));

  it('plans more replicas than without, kept balanced over both zones', () => {
    expect(normal.feasible).toBe(true);
    expect(surviving.feasible).toBe(true);
    expect(surviving.counts.api).toBeGreaterThan(normal.counts.api as number);
    const zones = surviving.planned.services[0]?.versions[0]?.replicaZones ?? [];
    expect(Math.abs(zones.filter((z) => z === 'a').length - zones.filter((z) => z === 'b').length)).toBeLessThanOrEqual(1);
    // Judged in normal operation and with each zone down.
    expect(surviving.evaluation?.situations.map((s) => s.situation)).toEqual(['normal', 'zone-outage a', 'zone-outage b']);
  });

  it('the planned file survives a scheduled zone outage in a run; the plan made without --survive does not', async () => {
    const out = `${file}.planned.yaml`;
    writeFileSync(out, plannedScenarioText(readFileSync(file, 'utf8'), { original: scenario, planned: withReplicaCounts(scenario, surviving.counts), load: 1, note: 'test' }));
    const planned = loadScenario(out).scenario;
    // The fewest replicas leave little headroom (~5% here): enough replications to decide.
    const survived = await runScenario(withOutageOfB(planned), { seed: 2, replications: 12 });
    expect(judgeSlos(OBJECTIVES, survived.results).holds).toBe(true);
    const fragile = await runScenario(withOutageOfB(withReplicaCounts(scenario, normal.counts)), { seed: 2, replications: 4 });
    expect(judgeSlos(OBJECTIVES, fragile.results).violated).toBe(true);
  });

  it('a service confined to one zone cannot survive it: infeasible, naming the service', async () => {
    const { scenario: zonal } = scenarioFrom(TWO_ZONES.replace('replicas: 2', 'replicas: {a: 2}'));
    const plan = await planReplicas(request(zonal, OBJECTIVES, { survive: true }));
    expect(plan.feasible).toBe(false);
    expect(plan.blocking).toBe('api');
    expect(plan.reason).toMatch(/runs only in zone a/);
    expect(plan.simulations).toBe(0);
  });
});
