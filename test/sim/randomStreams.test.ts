import { describe, expect, it } from 'vitest';
import { createStream, deriveSeed, RandomStreams, streamName, type RandomStream } from '../../src/sim/randomStreams.js';

const draws = (s: { next(): number }, n: number): number[] => Array.from({ length: n }, () => s.next());

describe('RandomStreams', () => {
  it('gives the same draws for the same seed and name', () => {
    expect(draws(createStream(7, 'traffic/users'), 5)).toEqual(draws(createStream(7, 'traffic/users'), 5));
  });

  it('gives different draws for another name or another seed', () => {
    const a = draws(createStream(7, 'traffic/users'), 5);
    expect(draws(createStream(7, 'traffic/bots'), 5)).not.toEqual(a);
    expect(draws(createStream(8, 'traffic/users'), 5)).not.toEqual(a);
  });

  it("a stream's draws do not depend on which other streams exist", () => {
    const alone = new RandomStreams(3).stream('service', 'reviews', 'v1', 'work');
    const crowded = new RandomStreams(3);
    const other = crowded.stream('traffic', 'new-source');
    draws(other, 100);
    expect(draws(crowded.stream('service', 'reviews', 'v1', 'work'), 10)).toEqual(draws(alone, 10));
  });

  it('refuses to issue one key twice (two components would share draws)', () => {
    const s = new RandomStreams(1);
    s.stream('traffic', 'x');
    expect(() => s.stream('traffic', 'x')).toThrow(/already issued/);
  });

  it('gives keys whose parts joined by "/" would read alike distinct streams (issue 20)', () => {
    // A traffic source "users/replica" beside source "users" (whose second stream is
    // "replica"), or version "v9/work" of a service beside its version "v9".
    const s = new RandomStreams(1);
    const pairs: [RandomStream, RandomStream][] = [
      [s.stream('traffic', 'users', 'replica'), s.stream('traffic', 'users/replica')],
      [s.stream('service', 'a', 'v9', 'work'), s.stream('service', 'a', 'v9/work', 'work')],
      [s.stream('route', 'a/b', 'c'), s.stream('route', 'a', 'b/c')],
      [s.stream('proxy', 'x%2Fy', 'z'), s.stream('proxy', 'x/y', 'z')],
    ];
    for (const [a, b] of pairs) expect(draws(a, 5)).not.toEqual(draws(b, 5));
    expect(streamName('traffic', ['users/replica'])).toBe('traffic/users%2Freplica');
    expect(streamName('proxy', ['x%2Fy'])).toBe('proxy/x%252Fy');
  });

  it('names keys of plain names by their parts joined, as they always were', () => {
    expect(streamName('service', ['reviews', 'v1', 'work'])).toBe('service/reviews/v1/work');
    expect(streamName('traffic', ['users', 'replica'])).toBe('traffic/users/replica');
  });

  it('draws uniformly in [0, 1)', () => {
    const s = createStream(1, 'uniformity');
    const n = 100_000;
    const bins = new Array(10).fill(0);
    for (let i = 0; i < n; i++) {
      const u = s.next();
      expect(u >= 0 && u < 1).toBe(true);
      bins[Math.floor(u * 10)]++;
    }
    // Chi-square with 9 degrees of freedom: the 99.9th percentile is 27.88.
    const chi2 = bins.reduce((acc, b) => acc + (b - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.88);
  });

  it('derives distinct, reproducible seeds', () => {
    expect(deriveSeed(1, 'replication/1')).toBe(deriveSeed(1, 'replication/1'));
    expect(deriveSeed(1, 'replication/1')).not.toBe(deriveSeed(1, 'replication/2'));
  });
});
