import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Endpoint } from '../../../src/policy/endpoint.js';
import type { LoadBalancer, PickContext } from '../../../src/policy/loadBalancing/loadBalancer.js';
import { RoundRobinLoadBalancer } from '../../../src/policy/loadBalancing/roundRobin.js';
import { LeastRequestLoadBalancer } from '../../../src/policy/loadBalancing/leastRequest.js';
import { RandomLoadBalancer } from '../../../src/policy/loadBalancing/randomLoadBalancer.js';
import { HashLoadBalancer, normalizeWeights } from '../../../src/policy/loadBalancing/hashLoadBalancer.js';
import { RingHashTable } from '../../../src/policy/loadBalancing/ringHash.js';
import { MaglevTable } from '../../../src/policy/loadBalancing/maglev.js';
import { createLoadBalancer } from '../../../src/policy/loadBalancing/createLoadBalancer.js';
import { DEFAULT_LOAD_BALANCER_CONFIG, type LbAlgorithm, type LoadBalancerConfig } from '../../../src/policy/loadBalancing/loadBalancerConfig.js';
import { binomialTolerance, endpoints, seeded, tally } from './lbTestKit.js';

/**
 * One test file run against every load balancer (hono's router pattern): the five Envoy
 * algorithms on their own, and the same algorithms inside the cluster balancer (one
 * locality, one priority), which must behave identically there.
 */
interface Impl {
  readonly name: string;
  /** A fresh balancer for a cluster whose endpoints are `all`, seeded with `seed`. */
  make(all: readonly Endpoint[], seed: number): LoadBalancer;
  /** Long-run share of each host id when `hosts` all take traffic. */
  shares(hosts: readonly Endpoint[]): Map<number, number>;
  /** Deterministic rotation: counts over whole cycles are exact, not statistical. */
  readonly exact: boolean;
}

const weightShares = (hosts: readonly Endpoint[]): Map<number, number> => new Map(normalizeWeights(hosts, (h) => h.weight).map(([h, w]) => [h.id, w]));
const uniformShares = (hosts: readonly Endpoint[]): Map<number, number> => new Map(hosts.map((h) => [h.id, 1 / hosts.length]));
const ringShares = (hosts: readonly Endpoint[]): Map<number, number> => new RingHashTable(normalizeWeights(hosts, (h) => h.weight), 1024, 8_388_608).sharePerHost();
const maglevShares = (hosts: readonly Endpoint[]): Map<number, number> => new MaglevTable(normalizeWeights(hosts, (h) => h.weight), 65537).sharePerHost();

function config(algorithm: LbAlgorithm): LoadBalancerConfig {
  const hashed = algorithm === 'RING_HASH' || algorithm === 'MAGLEV';
  return { ...DEFAULT_LOAD_BALANCER_CONFIG, algorithm, ...(hashed ? { consistentHash: { key: { kind: 'none' } } } : {}) };
}

/** Cluster-level variant: no panic (outlier detection, minHealthPercent 0) so only healthy hosts may be picked. */
function cluster(algorithm: LbAlgorithm): Impl['make'] {
  return (all, seed) => createLoadBalancer(config(algorithm), all, { next: () => seed / 2 ** 32 }, { outlierDetection: { minHealthPercent: 0 } });
}

const impls: Impl[] = [
  { name: 'ROUND_ROBIN', make: (_, s) => new RoundRobinLoadBalancer(s), shares: weightShares, exact: true },
  { name: 'LEAST_REQUEST', make: (_, s) => new LeastRequestLoadBalancer(s), shares: weightShares, exact: false },
  // Envoy's RandomLoadBalancer ignores endpoint weights (random % n).
  { name: 'RANDOM', make: () => new RandomLoadBalancer(), shares: uniformShares, exact: false },
  { name: 'RING_HASH', make: () => new HashLoadBalancer({ kind: 'none' }, (w) => new RingHashTable(w, 1024, 8_388_608)), shares: ringShares, exact: false },
  { name: 'MAGLEV', make: () => new HashLoadBalancer({ kind: 'none' }, (w) => new MaglevTable(w, 65537)), shares: maglevShares, exact: false },
  { name: 'cluster(ROUND_ROBIN)', make: cluster('ROUND_ROBIN'), shares: weightShares, exact: true },
  { name: 'cluster(LEAST_REQUEST)', make: cluster('LEAST_REQUEST'), shares: weightShares, exact: false },
  { name: 'cluster(RANDOM)', make: cluster('RANDOM'), shares: uniformShares, exact: false },
  { name: 'cluster(RING_HASH)', make: cluster('RING_HASH'), shares: ringShares, exact: false },
  { name: 'cluster(MAGLEV)', make: cluster('MAGLEV'), shares: maglevShares, exact: false },
];

function run(lb: LoadBalancer, ctx: PickContext, n: number): Array<Endpoint | undefined> {
  const out: Array<Endpoint | undefined> = [];
  for (let i = 0; i < n; i++) out.push(lb.pick(ctx));
  return out;
}

/** Every host's count within the binomial band around its expected share (or exact ±1 for rotations). */
function expectShares(counts: Map<number, number>, shares: Map<number, number>, n: number, exact: boolean): void {
  for (const [id, p] of shares) {
    const c = counts.get(id) ?? 0;
    const tol = exact ? 1 : binomialTolerance(n, p);
    expect(Math.abs(c - n * p), `host ${id}: ${c} picks vs expected ${(n * p).toFixed(1)} ± ${tol.toFixed(1)}`).toBeLessThanOrEqual(tol);
  }
}

describe.each(impls)('$name', (impl) => {
  it('returns undefined when no host may take traffic', () => {
    const all = endpoints(3);
    expect(impl.make(all, 7).pick({ hosts: [], random: seeded('empty') })).toBeUndefined();
  });

  it('returns the only host, even when the retry predicate rejects it (Envoy keeps the last pick)', () => {
    const all = endpoints(1);
    const lb = impl.make(all, 7);
    let calls = 0;
    const host = lb.pick({
      hosts: all,
      random: seeded('one'),
      shouldSelectAnotherHost: () => (calls++, true),
      hostSelectionRetryMaxAttempts: 5,
    });
    expect(host?.id).toBe(0);
    expect(calls).toBe(6); // the first pick plus five re-picks, then give up
  });

  it('never returns a host outside the eligible set (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        (weights, healthyMask, seed) => {
          const all = endpoints(weights.length, { weights });
          const eligible = all.filter((_, i) => healthyMask[i]);
          const lb = impl.make(all, seed);
          const ids = new Set(eligible.map((h) => h.id));
          const rnd = seeded(`prop-${seed}`);
          for (let i = 0; i < 30; i++) {
            const h = lb.pick({ hosts: eligible, random: rnd });
            if (eligible.length === 0) expect(h).toBeUndefined();
            else expect(ids.has((h as Endpoint).id)).toBe(true);
          }
        },
      ),
      { numRuns: 60, seed: 42 },
    );
  });

  it('is deterministic given the same seed and random stream', () => {
    const all = endpoints(6, { weights: [1, 2, 3, 1, 2, 3] });
    const seq = (): number[] => {
      const lb = impl.make(all, 12345);
      const rnd = seeded('det');
      return run(lb, { hosts: all, random: rnd, activeRequests: (id) => id % 3 }, 200).map((h) => h?.id ?? -1);
    };
    expect(seq()).toEqual(seq());
  });

  it('spreads load over equal hosts within binomial error', () => {
    const all = endpoints(5);
    const n = impl.exact ? 5 * 2000 : 50_000;
    const counts = tally(run(impl.make(all, 99), { hosts: all, random: seeded('spread') }, n));
    expectShares(counts, impl.shares(all), n, impl.exact);
  });

  it('respects weights within sampling error', () => {
    const all = endpoints(4, { weights: [1, 2, 3, 4] });
    const n = impl.exact ? 10 * 3000 : 60_000;
    const counts = tally(run(impl.make(all, 3), { hosts: all, random: seeded('weights') }, n));
    expectShares(counts, impl.shares(all), n, impl.exact);
  });

  it('avoids hosts rejected by the retry predicate when re-picks allow it', () => {
    const all = endpoints(4);
    const lb = impl.make(all, 5);
    const rnd = seeded('predicate');
    const n = 20_000;
    let rejected = 0;
    for (let i = 0; i < n; i++) {
      const h = lb.pick({ hosts: all, random: rnd, shouldSelectAnotherHost: (x) => x.id === 0, hostSelectionRetryMaxAttempts: 5 });
      if (h?.id === 0) rejected++;
    }
    // Host 0 comes back only if all six picks land on it: share^6 (0.25^6 ≈ 2.4e-4 for equal shares;
    // hash tables use their own arc/slot share) for independent picks; rotations never repeat it.
    // Bound at 4.5 sd above that rate.
    const p = (impl.shares(all).get(0) ?? 0) ** 6;
    expect(rejected).toBeLessThanOrEqual(n * p + binomialTolerance(n, p));
    if (impl.exact) expect(rejected).toBe(0);
  });
});

describe('weighted choices converge to their shares (property)', () => {
  // EDF-based rotations are exact up to one pick per host at any point; check over many weight sets.
  it.each(['ROUND_ROBIN', 'LEAST_REQUEST'] as const)('%s with idle hosts', (name) => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 2, maxLength: 6 }), fc.nat(), (weights, seed) => {
        if (weights.every((w) => w === weights[0])) weights[0] = (weights[0] as number) + 1; // force the weighted path
        const all = endpoints(weights.length, { weights });
        const lb = name === 'ROUND_ROBIN' ? new RoundRobinLoadBalancer(seed) : new LeastRequestLoadBalancer(seed);
        const total = weights.reduce((a, b) => a + b, 0);
        const n = total * 50;
        const counts = tally(run(lb, { hosts: all, random: seeded('x') }, n));
        weights.forEach((w, i) => expect(Math.abs((counts.get(i) ?? 0) - (n * w) / total)).toBeLessThanOrEqual(1));
      }),
      { numRuns: 100, seed: 7 },
    );
  });

  it('RANDOM-hash ring shares converge to the ring arcs for random weights', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 5 }), (weights) => {
        const all = endpoints(weights.length, { weights });
        const lb = new HashLoadBalancer({ kind: 'none' }, (w) => new RingHashTable(w, 1024, 8_388_608));
        const n = 20_000;
        const counts = tally(run(lb, { hosts: all, random: seeded(weights.join(',')) }, n));
        expectShares(counts, ringShares(all), n, false);
        // The ring itself follows Envoy's sizing: scale = ceil(minW·1024)/minW over normalized
        // weights, so host i holds scale·w_i entries up to the running-sum rounding (±1).
        const total = weights.reduce((a, b) => a + b, 0);
        const minW = Math.min(...weights) / total;
        const scale = Math.ceil(minW * 1024) / minW;
        const entries = new RingHashTable(normalizeWeights(all, (h) => h.weight), 1024, 8_388_608).entriesPerHost();
        weights.forEach((w, i) => expect(Math.abs((entries.get(i) ?? 0) - (scale * w) / total)).toBeLessThanOrEqual(1));
      }),
      { numRuns: 15, seed: 11 },
    );
  });
});
