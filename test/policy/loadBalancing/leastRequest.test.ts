import { describe, it, expect } from 'vitest';
import { LeastRequestLoadBalancer, dynamicWeight } from '../../../src/policy/loadBalancing/leastRequest.js';
import { RandomLoadBalancer } from '../../../src/policy/loadBalancing/randomLoadBalancer.js';
import type { LoadBalancer } from '../../../src/policy/loadBalancing/loadBalancer.js';
import type { RandomSource } from '../../../src/policy/randomSource.js';
import { endpoint, endpoints, seeded, tally } from './lbTestKit.js';

/** A RandomSource replaying fixed draws (index i of n hosts ↔ draw (i + 0.5)/n). */
function draws(...values: number[]): RandomSource {
  let i = 0;
  return { next: () => values[i++ % values.length] as number };
}
const at = (i: number, n: number): number => (i + 0.5) / n;

// docs/semantics/envoy-istio.md §5.2 [E-LR][EA-LR]
describe('LEAST_REQUEST, equal weights: power of two choices', () => {
  const hosts = endpoints(4);

  it('keeps the first draw on a tie', () => {
    const lb = new LeastRequestLoadBalancer(0);
    const active = [3, 1, 1, 0];
    expect(lb.pick({ hosts, random: draws(at(1, 4), at(2, 4)), activeRequests: (id) => active[id] as number })?.id).toBe(1);
  });

  it('switches to a later draw only with strictly fewer active requests', () => {
    const lb = new LeastRequestLoadBalancer(0);
    const active = [3, 1, 1, 0];
    expect(lb.pick({ hosts, random: draws(at(0, 4), at(3, 4)), activeRequests: (id) => active[id] as number })?.id).toBe(3);
    expect(lb.pick({ hosts, random: draws(at(3, 4), at(0, 4)), activeRequests: (id) => active[id] as number })?.id).toBe(3);
  });

  it('samples with replacement: the same host may be drawn twice', () => {
    const lb = new LeastRequestLoadBalancer(0);
    expect(lb.pick({ hosts, random: draws(at(0, 4), at(0, 4)), activeRequests: (id) => (id === 0 ? 9 : 0) })?.id).toBe(0);
  });

  it('uses exactly choiceCount draws per pick', () => {
    let n = 0;
    const counting: RandomSource = { next: () => (n++, 0.3) };
    new LeastRequestLoadBalancer(0, { choiceCount: 3, activeRequestBias: 1 }).pick({ hosts, random: counting });
    expect(n).toBe(3);
  });

  it('never picks the busiest of 2 hosts when the other is idle unless both draws hit it: P = 1/4', () => {
    const lb = new LeastRequestLoadBalancer(0);
    const two = endpoints(2);
    const rnd = seeded('p2c');
    const n = 40_000;
    const busy = tally(Array.from({ length: n }, () => lb.pick({ hosts: two, random: rnd, activeRequests: (id) => (id === 0 ? 5 : 0) }))).get(0) ?? 0;
    expect(Math.abs(busy - n / 4)).toBeLessThanOrEqual(4.5 * Math.sqrt(n * 0.25 * 0.75));
  });
});

describe('LEAST_REQUEST, unequal weights: EDF with weight / (active + 1)^bias', () => {
  it('the reference example: weight 2 with 4 active → 0.4', () => {
    expect(dynamicWeight(endpoint(0, { weight: 2 }), () => 4, 1)).toBeCloseTo(0.4, 12);
    expect(dynamicWeight(endpoint(0, { weight: 2 }), () => 4, 0)).toBe(2);
    expect(dynamicWeight(endpoint(0, { weight: 2 }), () => 3, 2)).toBeCloseTo(2 / 16, 12);
  });

  it('shifts traffic away from a loaded heavy host', () => {
    const hosts = [endpoint(0, { weight: 2 }), endpoint(1, { weight: 1 })];
    const lb = new LeastRequestLoadBalancer(0);
    const rnd = seeded('w');
    // Host 0 carries 4 in-flight requests: dynamic weights 0.4 vs 1 → host 1 gets 1/1.4 of picks (±1 per host, EDF).
    const c = tally(Array.from({ length: 1400 }, () => lb.pick({ hosts, random: rnd, activeRequests: (id) => (id === 0 ? 4 : 0) })));
    expect(Math.abs((c.get(1) ?? 0) - 1000)).toBeLessThanOrEqual(2);
  });
});

/**
 * docs/semantics/validation-cases.md D8 (Mitzenmacher's supermarket model): n = 100 M/M/1 servers (μ = 1),
 * Poisson arrivals at 0.9·n. Each server is FIFO, so a job's departure is
 * max(arrival, previous departure at that server) + Exp(1); in-flight counts are the jobs not yet departed.
 */
function supermarket(lb: LoadBalancer, seed: string, jobs: number, warmup: number): { mean: number; se: number } {
  const n = 100;
  const lambda = 0.9 * n;
  const hosts = endpoints(n);
  const rnd = seeded(seed);
  const exp = (rate: number): number => -Math.log(1 - rnd.next()) / rate;
  const queues: number[][] = Array.from({ length: n }, () => []);
  const heads = new Array<number>(n).fill(0);
  let now = 0;
  const inFlight = (id: number): number => {
    const q = queues[id] as number[];
    let h = heads[id] as number;
    while (h < q.length && (q[h] as number) <= now) h++;
    heads[id] = h;
    return q.length - h;
  };
  const batches = 20;
  const perBatch = Math.floor((jobs - warmup) / batches);
  const sums = new Array<number>(batches).fill(0);
  for (let j = 0; j < jobs; j++) {
    now += exp(lambda);
    const host = lb.pick({ hosts, random: rnd, activeRequests: inFlight }) as { id: number };
    const q = queues[host.id] as number[];
    inFlight(host.id);
    const last = q.length > (heads[host.id] as number) ? (q[q.length - 1] as number) : now;
    const departure = Math.max(now, last) + exp(1);
    q.push(departure);
    if (q.length > 4096 && (heads[host.id] as number) > 2048) {
      queues[host.id] = q.slice(heads[host.id]);
      heads[host.id] = 0;
    }
    const b = Math.floor((j - warmup) / perBatch);
    if (j >= warmup && b < batches) sums[b] = (sums[b] as number) + (departure - now);
  }
  const means = sums.map((s) => s / perBatch);
  const mean = means.reduce((a, b) => a + b, 0) / batches;
  const sd = Math.sqrt(means.reduce((a, m) => a + (m - mean) ** 2, 0) / (batches - 1));
  return { mean, se: sd / Math.sqrt(batches) };
}

describe('D8: power of two choices in a queueing model', () => {
  it('P2C mean time in system at λ = 0.9 is near the n→∞ limit 2.6141 (slightly above for n = 100); RANDOM is far worse', () => {
    const p2c = supermarket(new LeastRequestLoadBalancer(0), 'd8-p2c', 220_000, 20_000);
    // Batch-means 95% CI must reach the limit band [2.6141, 2.6141·1.05] (finite n sits a few % above the limit).
    expect(p2c.mean + 3 * p2c.se).toBeGreaterThanOrEqual(2.6141);
    expect(p2c.mean - 3 * p2c.se).toBeLessThanOrEqual(2.6141 * 1.05);
    const random = supermarket(new RandomLoadBalancer(), 'd8-random', 220_000, 20_000);
    // Random splitting gives 100 independent M/M/1 queues: T = 1/(1 − 0.9) = 10 (D8, d = 1).
    expect(Math.abs(random.mean - 10)).toBeLessThanOrEqual(3 * random.se);
    expect(random.mean).toBeGreaterThan(3 * p2c.mean);
  });
});
