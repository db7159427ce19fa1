import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { mserTruncation } from '../../src/statistics/mser.js';

/** A stationary AR(1) around `level` plus an exponentially decaying start-up bias. */
function series(n: number, bias: number, decay: number, seed: string): number[] {
  const r = seedrandom.alea(seed);
  const out: number[] = [];
  let noise = 0;
  for (let i = 0; i < n; i++) {
    noise = 0.5 * noise + (r() - 0.5);
    out.push(10 + bias * Math.exp(-i / decay) + noise);
  }
  return out;
}

describe('MSER-5', () => {
  it('cuts a decaying start-up bias where it has fallen below the noise', () => {
    // Bias 50 decaying with time constant 40: below the noise (~0.3 sd) after ~40·ln(50/0.3) ≈ 205 points.
    const t = mserTruncation(series(1000, 50, 40, 'decay'), 5);
    expect(t.settled).toBe(true);
    expect(t.observations % 5).toBe(0);
    expect(t.observations).toBeGreaterThanOrEqual(120);
    expect(t.observations).toBeLessThanOrEqual(300);
  });

  it('keeps (almost) everything of a stationary series', () => {
    const t = mserTruncation(series(1000, 0, 1, 'flat'), 5);
    expect(t.settled).toBe(true);
    expect(t.observations).toBeLessThanOrEqual(100);
  });

  it('says "not settled" when the trend never ends', () => {
    const rising = Array.from({ length: 1000 }, (_, i) => i);
    expect(mserTruncation(rising, 5)).toEqual({ observations: 500, settled: false });
  });

  it('matches a brute-force MSER on a small series', () => {
    const s = series(60, 8, 5, 'small');
    const z = Array.from({ length: 12 }, (_, b) => s.slice(5 * b, 5 * b + 5).reduce((a, x) => a + x, 0) / 5);
    let best = Infinity;
    let bestD = -1;
    for (let d = 0; d <= 6; d++) {
      const kept = z.slice(d);
      const m = kept.reduce((a, x) => a + x, 0) / kept.length;
      const v = kept.reduce((a, x) => a + (x - m) ** 2, 0) / kept.length ** 2;
      if (v <= best) [best, bestD] = [v, d];
    }
    expect(mserTruncation(s, 5).observations).toBe(bestD * 5);
  });

  it('gives up on series too short to batch', () => {
    expect(mserTruncation([1, 2, 3], 5)).toEqual({ observations: 0, settled: false });
  });
});
