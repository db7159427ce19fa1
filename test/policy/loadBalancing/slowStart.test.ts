import { describe, it, expect } from 'vitest';
import { slowStartFactor } from '../../../src/policy/loadBalancing/slowStart.js';
import { RoundRobinLoadBalancer } from '../../../src/policy/loadBalancing/roundRobin.js';
import { LeastRequestLoadBalancer } from '../../../src/policy/loadBalancing/leastRequest.js';
import { createLoadBalancer } from '../../../src/policy/loadBalancing/createLoadBalancer.js';
import { compileLoadBalancer } from '../../../src/policy/loadBalancing/compileLoadBalancer.js';
import { Diagnostics } from '../../../src/policy/diagnostics.js';
import type { LoadBalancer } from '../../../src/policy/loadBalancing/loadBalancer.js';
import { endpoints, seeded, tally } from './lbTestKit.js';

const cfg = { windowSeconds: 10, aggression: 1, minWeightPercent: 10 };

// docs/semantics/envoy-istio.md §5.2 (warmup): w = weight · max(min%, (age/window)^(1/aggression))
describe('slow start factor', () => {
  it.each([
    [2, cfg, 0.2],
    [0.5, cfg, 0.1], // 0.05 below the 10% floor
    [0, cfg, 0.1], // age counts as at least 1 ms
    [10, cfg, 1],
    [2, { ...cfg, aggression: 2 }, Math.sqrt(0.2)],
    [2, { ...cfg, minWeightPercent: 0 }, 0.2],
  ])('age %s s → %s', (age, c, expected) => {
    expect(slowStartFactor(age, c)).toBeCloseTo(expected, 12);
  });
});

describe.each([
  ['ROUND_ROBIN', () => new RoundRobinLoadBalancer(0, cfg)],
  ['LEAST_REQUEST', () => new LeastRequestLoadBalancer(0, { choiceCount: 2, activeRequestBias: 1, slowStart: cfg })],
] as Array<[string, () => LoadBalancer]>)('%s with a warming host', (_name, make) => {
  const hosts = endpoints(2);
  const addedAt = (id: number): number | undefined => (id === 1 ? 100 : undefined);

  it('gives a host 2 s into a 10 s window weight 0.2: 1/6 of picks (EDF, ±1)', () => {
    const lb = make();
    const c = tally(Array.from({ length: 6000 }, () => lb.pick({ hosts, random: seeded('w'), now: 102, hostAddedAt: addedAt })));
    expect(Math.abs((c.get(1) ?? 0) - 1000)).toBeLessThanOrEqual(1);
  });

  it('treats hosts as warm after the window, and without the clock or join times', () => {
    for (const ctx of [{ now: 111, hostAddedAt: addedAt }, {}]) {
      const lb = make();
      const rnd = seeded('after');
      const n = 20_000;
      const c = tally(Array.from({ length: n }, () => lb.pick({ hosts, random: rnd, ...ctx })));
      expect(Math.abs((c.get(1) ?? 0) - n / 2)).toBeLessThanOrEqual(4.5 * Math.sqrt(n / 4));
    }
  });
});

describe('warmup compiled and wired through the cluster balancer', () => {
  it('warmupDurationSecs → window with Istio defaults; warmup{} overrides', () => {
    const d = new Diagnostics(0);
    expect(compileLoadBalancer({ simple: 'ROUND_ROBIN', warmupDurationSecs: '30s' }, ['lb'], d).slowStart).toEqual({ windowSeconds: 30, aggression: 1, minWeightPercent: 10 });
    expect(compileLoadBalancer({ warmup: { duration: '1m', minimumPercent: 5, aggression: 2 } }, ['lb'], d).slowStart).toEqual({ windowSeconds: 60, aggression: 2, minWeightPercent: 5 });
    expect(d.items).toEqual([]);
  });

  it('warns for hash and random balancers (Envoy supports slow start for RR and LEAST_REQUEST only) and rejects bad values', () => {
    const d = new Diagnostics(0);
    const c = compileLoadBalancer({ simple: 'RANDOM', warmupDurationSecs: '30s' }, ['lb'], d);
    expect(c.slowStart).toBeUndefined();
    expect(d.items).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('only to ROUND_ROBIN and LEAST_REQUEST') })]);
    const e = new Diagnostics(0);
    compileLoadBalancer({ warmup: { minimumPercent: 120, aggression: 0 } }, ['lb'], e);
    expect(e.items.map((i) => i.path.join('.'))).toEqual(['lb.warmup.minimumPercent', 'lb.warmup.aggression', 'lb.warmup.duration']);
  });

  it('the cluster balancer passes the clock and join times down', () => {
    const config = compileLoadBalancer({ simple: 'ROUND_ROBIN', warmupDurationSecs: '10s' }, ['lb'], new Diagnostics(0));
    const hosts = endpoints(2);
    const lb = createLoadBalancer(config, hosts, seeded('s'));
    const c = tally(Array.from({ length: 6000 }, () => lb.pick({ hosts, random: seeded('c'), now: 2, hostAddedAt: (id) => (id === 1 ? 0 : undefined) })));
    expect(Math.abs((c.get(1) ?? 0) - 1000)).toBeLessThanOrEqual(1);
  });
});
