import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { backoffConfig, JitteredExponentialBackoff, LegacyJitteredBackoff } from '../../src/policy/backoff.js';

/** A RandomSource that returns fixed values in turn. */
function fixed(...values: number[]) {
  let i = 0;
  return { next: () => values[i++ % values.length] as number };
}

describe('Envoy jittered exponential backoff (current Envoy, docs/semantics/envoy-istio.md §1.4)', () => {
  it('defaults to base 25 ms and max 250 ms', () => {
    expect(backoffConfig(undefined)).toEqual({ baseSeconds: 0.025, maxSeconds: 0.25 });
  });

  it('draws retry k from [0, I_k) with I = 25, 50, 100, 200, 250, 250 ms', () => {
    const b = new JitteredExponentialBackoff(backoffConfig(undefined));
    const bounds: number[] = [];
    for (let k = 0; k < 6; k++) {
      bounds.push(Math.round(b.peekInterval() * 1000));
      b.nextDelay(fixed(0));
    }
    expect(bounds).toEqual([25, 50, 100, 200, 250, 250]);
  });

  it('the largest draw per retry is I_k − 1 ms (half-open interval, integer ms)', () => {
    const b = new JitteredExponentialBackoff(backoffConfig(undefined));
    const almostOne = 1 - 2 ** -53;
    const delays = Array.from({ length: 6 }, () => Math.round(b.nextDelay(fixed(almostOne)) * 1000));
    expect(delays).toEqual([24, 49, 99, 199, 249, 249]);
  });

  it('matches Envoy unit test "Backoff": random 190 gives 15, 40, 90 ms', () => {
    // Envoy: delay = random % interval with random = 190 → 190%25=15, 190%50=40, 190%100=90.
    // Our draw is floor(u·I); u = (190 mod I)/I + tiny reproduces the same integers.
    const b = new JitteredExponentialBackoff(backoffConfig(undefined));
    const got = [25, 50, 100].map((i) => Math.round(b.nextDelay(fixed((190 % i) / i + 1e-9)) * 1000));
    expect(got).toEqual([15, 40, 90]);
  });

  it('is uniform on [0, I): the mean of many first-retry draws is (I−1)/2 within 4 standard errors', () => {
    const rng = seedrandom.alea('backoff-uniform');
    const n = 20000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += new JitteredExponentialBackoff(backoffConfig(undefined)).nextDelay({ next: rng }) * 1000;
    // Discrete uniform on 0..24: mean 12, variance (25²−1)/12 = 52.
    const se = Math.sqrt(52 / n);
    expect(Math.abs(sum / n - 12)).toBeLessThan(4 * se);
  });

  it('scales with an Istio backoff base: 100 ms → 100, 200, 400, 800, 1000 ms', () => {
    const b = new JitteredExponentialBackoff(backoffConfig(0.1));
    const bounds = Array.from({ length: 5 }, () => {
      const v = Math.round(b.peekInterval() * 1000);
      b.nextDelay(fixed(0));
      return v;
    });
    expect(bounds).toEqual([100, 200, 400, 800, 1000]);
  });

  it('rounds a sub-millisecond base up to 1 ms and truncates to whole ms', () => {
    expect(backoffConfig(0.0004).baseSeconds).toBe(0.001);
    expect(backoffConfig(0.0259).baseSeconds).toBe(0.025);
  });
});

describe('legacy Envoy backoff (documented [0, (2^N−1)·B) formula)', () => {
  it('ranges 25, 75, 175 ms then capped at max 250', () => {
    const b = new LegacyJitteredBackoff(backoffConfig(undefined));
    const almostOne = 1 - 2 ** -53;
    const delays = Array.from({ length: 5 }, () => Math.round(b.nextDelay(fixed(almostOne)) * 1000));
    expect(delays).toEqual([24, 74, 174, 250, 250]);
  });
});
