import { describe, expect, it } from 'vitest';
import { chooseWarmup } from '../../src/experiments/autoWarmup.js';
import { runScenario } from '../../src/experiments/runScenario.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';

/**
 * Must show (issue 6): warm-up detection on a scenario with a known transient — a queue
 * that starts full. meshsim has no "initial queue" field; a burst through the rate schedule
 * does the same: 2000/s for 0.5 s puts ≈ 1000 requests in an M/M/1 (μ = 100/s) that then
 * sees λ = 50/s, so the backlog drains at 50/s and is gone near t ≈ 20.5 s.
 */
const FIXTURE = 'test/experiments/fixtures/mm1-starts-full.yaml';

describe('warmup: auto (MSER-5 on a pilot run)', () => {
  it('finds the end of the drain of a queue that starts full', () => {
    const { scenario } = loadScenario(FIXTURE);
    expect(scenario.simulation.warmupAuto).toBe(true);
    for (const seed of [1, 2, 3]) {
      const choice = chooseWarmup(scenario, seed);
      expect(choice.settled).toBe(true);
      // The drain ends near 20.5 s (± its own randomness: 1000 departures at rate 50/s has sd ≈ 1 s).
      expect(choice.chosen, `seed ${seed}`).toBeGreaterThanOrEqual(16);
      expect(choice.chosen, `seed ${seed}`).toBeLessThanOrEqual(30);
    }
  });

  it('reports its choice, and the measured latency is the steady state, not the backlog', async () => {
    const { scenario } = loadScenario(FIXTURE, { replications: 4 });
    const { results, notices } = await runScenario(scenario);
    expect(notices).toEqual([]);
    expect(results.warmupAuto?.settled).toBe(true);
    expect(results.warmup).toBe(results.warmupAuto?.chosen);
    expect(results.warmup).toBeGreaterThan(16);
    // Steady state W = 1/(μ − λ) = 20 ms; the ci95 over 4 replications must cover it.
    const [lo, hi] = results.endToEnd.ci95?.mean ?? [0, 0];
    expect(lo).toBeLessThanOrEqual(0.02);
    expect(hi).toBeGreaterThanOrEqual(0.02);
    // Without the warm-up the backlog dominates the mean (≈ 0.8 s in the first 200 s).
    const { scenario: raw } = loadScenario(FIXTURE, { replications: 1, warmup: 0 });
    const { results: unwarmed } = await runScenario(raw);
    expect(unwarmed.endToEnd.latency.mean).toBeGreaterThan(0.2);
  });

  it('flags a transient longer than the pilot can resolve', () => {
    // A 20 s pilot cannot see the drain end (≈ 20.5 s), so MSER's minimum sits at its limit.
    const { scenario } = loadScenario(FIXTURE, { duration: 20 });
    expect(chooseWarmup(scenario, 1).settled).toBe(false);
  });
});
