import { describe, expect, it } from 'vitest';
import { appRetryDelay } from '../../src/models/appRetryDelay.js';
import type { AppRetrySpec } from '../../src/scenarios/scenario.js';

const fixed: AppRetrySpec = { attempts: 5, backoff: 0.1, maxBackoff: 0.5, jitter: 'none' };

/** A source that returns the given draws in turn and counts what was taken. */
function draws(...values: number[]) {
  let taken = 0;
  return { next: () => values[taken++] ?? 0, get taken() { return taken; } };
}

describe('appRetryDelay', () => {
  it('doubles from backoff and stops at maxBackoff, drawing nothing without jitter', () => {
    const rng = draws();
    expect([1, 2, 3, 4, 5].map((k) => appRetryDelay(fixed, k, rng))).toEqual([0.1, 0.2, 0.4, 0.5, 0.5]);
    expect(rng.taken).toBe(0);
  });

  it('with full jitter scales one draw by the capped interval', () => {
    const rng = draws(0.5, 0.25, 0.999);
    const full: AppRetrySpec = { ...fixed, jitter: 'full' };
    expect(appRetryDelay(full, 1, rng)).toBeCloseTo(0.05, 15);
    expect(appRetryDelay(full, 3, rng)).toBeCloseTo(0.1, 15);
    expect(appRetryDelay(full, 9, rng)).toBeCloseTo(0.4995, 15);
    expect(rng.taken).toBe(3);
  });

  it('stays finite for any retry number and is 0 with no backoff', () => {
    expect(appRetryDelay({ ...fixed, maxBackoff: 1e9 }, 10_000, draws())).toBe(0.1 * 2 ** 30);
    expect(appRetryDelay({ ...fixed, backoff: 0, maxBackoff: 0 }, 3, draws())).toBe(0);
  });
});
