import { describe, expect, it } from 'vitest';
import { SEED_PROXY_OVERHEAD_SECONDS, seedSidecarModel } from '../../src/experiments/closedForms/seedSidecarModel.js';
import { simulateProxyQueue } from '../models/dataPlane/proxyQueue.js';

/**
 * `model_sidecar_latency` of the seed document: an M/M/1 whose service is the app's time
 * plus a 1 ms proxy overhead. Same inputs through meshsim's proxy queue (one worker,
 * exponential CPU of mean S + 1 ms): the utilization is the seed's exactly; the queueing
 * delay is ρ/(1 − ρ)·(S + 1 ms) — the seed writes ρ/(1 − ρ)·S, which leaves the proxy's
 * own time out of what a request waits for (see seedSidecarModel.ts).
 */
const T19_9995 = 3.883;

describe.each([
  { rate: 100, serviceTime: 0.005 },
  { rate: 50, serviceTime: 0.012 },
])('seed model at $rate requests/s, service time $serviceTime s', ({ rate, serviceTime }) => {
  const model = seedSidecarModel(rate, serviceTime);
  const service = serviceTime + SEED_PROXY_OVERHEAD_SECONDS;
  const runs = Array.from({ length: 20 }, (_, k) => simulateProxyQueue(k + 1, rate, service, 1, 60_000));

  it('the simulated utilization is the seed model\'s λ·(S + overhead)', () => {
    expect(model).toBeDefined();
    const values = runs.map((r) => r.utilization);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
    console.log(`utilization ${mean.toFixed(4)} vs seed ${model?.utilization.toFixed(4)}`);
    expect(Math.abs(mean - (model?.utilization ?? 0))).toBeLessThanOrEqual(T19_9995 * (sd / Math.sqrt(values.length)));
  });

  it('the simulated queueing delay is the M/M/1 wait with the proxy time included', () => {
    const waits = runs.map((r) => (r.meanSojourn - service) * 1000);
    const mean = waits.reduce((a, b) => a + b, 0) / waits.length;
    const sd = Math.sqrt(waits.reduce((a, b) => a + (b - mean) ** 2, 0) / (waits.length - 1));
    const exact = model?.queueingDelayMs ?? 0;
    console.log(`queueing delay ${mean.toFixed(3)} ms vs ${exact.toFixed(3)} ms (seed's formula: ${model?.seedQueueingDelayMs.toFixed(3)} ms)`);
    expect(Math.abs(mean - exact) / exact).toBeLessThanOrEqual(0.02);
    expect(Math.abs(mean - exact)).toBeLessThanOrEqual(T19_9995 * (sd / Math.sqrt(waits.length)));
    // And it is not the seed's: that one is smaller by exactly S/(S + overhead).
    expect(model?.seedQueueingDelayMs).toBeCloseTo(exact * (serviceTime / service), 9);
    expect(Math.abs(mean - (model?.seedQueueingDelayMs ?? 0))).toBeGreaterThan(T19_9995 * (sd / Math.sqrt(waits.length)));
  });

  it('keeps the seed\'s fixed components: 0.1 + 0.2 + 0.1 + 1.0 ms', () => {
    expect(model?.fixedMs).toBeCloseTo(1.4, 12);
    expect(model?.seedTotalOverheadMs).toBeCloseTo(1.4 + (model?.seedQueueingDelayMs ?? 0), 12);
  });
});

it('the seed model reports overload at ρ ≥ 1', () => {
  expect(seedSidecarModel(200, 0.004)).toBeUndefined();
});
