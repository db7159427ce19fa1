import { describe, expect, it } from 'vitest';
import { mmcMeanSojourn, mmcSojournQuantile } from '../../../src/experiments/closedForms/erlangC.js';
import { predictedFigure, workOf } from '../../../src/experiments/planning/analyticObjectives.js';
import { analyticModel, arrivalRates, predict } from '../../../src/experiments/planning/analyticScreen.js';
import { responseQuantile } from '../../../src/experiments/planning/sojournQuantile.js';
import { countsOf } from '../../../src/experiments/planning/replicaCounts.js';
import { runScenario } from '../../../src/experiments/runScenario.js';
import { loadScenario } from '../../../src/scenarios/loadScenario.js';
import { mmkScenario, scenarioFrom, slos } from './planFixtures.js';

describe('analytic screening', () => {
  it('carries the traffic through the call graph: versions by their share of replicas, probability × count per call', () => {
    const { scenario } = scenarioFrom(`apiVersion: meshsim/v1
kind: Scenario
metadata: {name: rates}
simulation: {duration: 10s, warmup: 0s, seed: 1}
dataPlane: none
network: {sameZone: 0s}
services:
  - name: front
    versions:
      - {name: v1, replicas: 2, calls: [{service: back, count: 2}]}
      - {name: v2, replicas: 1, calls: [{service: back, probability: 0.5}, {service: db}]}
    serviceTime: {dist: exponential, mean: 1ms}
  - {name: back, serviceTime: {dist: exponential, mean: 1ms}, calls: [{service: db, probability: 0.25}]}
  - {name: db, serviceTime: {dist: exponential, mean: 1ms}}
  - {name: idle, serviceTime: {dist: exponential, mean: 1ms}}
traffic:
  - {name: users, to: front, rate: 90, arrivals: poisson}
  - {name: batch, to: db, rate: 10, arrivals: poisson}
`);
    // back: 90 × (2/3 × 2 + 1/3 × 0.5) = 135; db: 10 + 90 × 1/3 + 135 × 0.25 = 73.75.
    const rates = arrivalRates(scenario);
    expect(rates[0]).toBe(90);
    expect(rates[1]).toBeCloseTo(135, 12);
    expect(rates[2]).toBeCloseTo(73.75, 12);
    expect(rates[3]).toBe(0);
    expect(analyticModel(scenario).services.map((s) => s.arrivalRate)).toEqual(rates);
  });

  it('on an M/M/k replica it is the Erlang C closed form (mean and p99)', () => {
    const { scenario } = scenarioFrom(mmkScenario({ rate: 400, serviceMs: 10, k: 2, replicas: 3 }));
    const model = analyticModel(scenario);
    const prediction = predict(model, { server: 3 });
    const p = { lambda: 400 / 3, mu: 100, servers: 2 };
    expect(prediction.meanLatency).toBeCloseTo(mmcMeanSojourn(p), 12);
    expect(responseQuantile(model, prediction, 'server', 0.99)).toBeCloseTo(mmcSojournQuantile(p, 0.99), 9);
    expect(predictedFigure(model, prediction, slos('p99<1s')[0]!)).toBeCloseTo(mmcSojournQuantile(p, 0.99), 9);
  });

  it('a saturated station is unstable: infinite latency, availability 0', () => {
    const { scenario } = scenarioFrom(mmkScenario({ rate: 400, serviceMs: 10, k: 2 }));
    const model = analyticModel(scenario);
    const prediction = predict(model, { server: 2 });
    expect(prediction.stable).toBe(false);
    expect(predictedFigure(model, prediction, slos('availability>=99%')[0]!)).toBe(0);
  });

  it('the stability floor is a lower bound on the work bookinfo-dataplanes really does (sidecar)', async () => {
    const { scenario } = loadScenario('scenarios/bookinfo-dataplanes.yaml', { duration: 10, warmup: 1 });
    const model = analyticModel(scenario);
    const work = workOf(model);
    const { results } = await runScenario(scenario, { replications: 2 });
    const counts = countsOf(scenario);
    let sidecarCpu = 0;
    for (const s of model.services) {
      // The app's workers: busy workers in replica-units of `concurrency` workers each.
      const app = (s.arrivalRate * s.unloadedHolding) / s.concurrency;
      const busy = results.services[s.name]!.utilization * (counts[s.name] as number);
      // The bound holds in expectation; the measured busy time carries sampling error
      // (about cv/√n of the n requests' holding times, cv ≤ ~1 here): three of those.
      const slack = 1 + 3 / Math.sqrt(results.services[s.name]!.requests);
      expect(app, s.name).toBeLessThanOrEqual(busy * slack);
      expect(app, `${s.name} (not a vacuous bound)`).toBeGreaterThan(busy * 0.66);
      expect(work[s.name]).toBeGreaterThanOrEqual(app);
      sidecarCpu += s.arrivalRate * s.proxyCpu;
    }
    // The sidecars: the model's CPU (the services' own, without the callers' proxy or handshakes) is below what was spent.
    const spent = results.cost.proxies['sidecar']!.vcpu;
    expect(sidecarCpu).toBeLessThanOrEqual(spent);
    expect(sidecarCpu).toBeGreaterThan(spent * 0.5);
  });
});
