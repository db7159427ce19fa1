import { beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_DATA_PLANES,
  baselineCaveats,
  compareDataPlanes,
  comparedPlanes,
  compareJson,
  defaultBaseline,
  deltaIntervals,
  POLICY_ONLY,
  withDataPlane,
  type Comparison,
} from '../../src/experiments/compare.js';
import { runScenario } from '../../src/experiments/runScenario.js';
import { meanInterval } from '../../src/statistics/confidenceInterval.js';
import type { Results } from '../../src/report/results.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';

const FILE = 'scenarios/bookinfo-dataplanes.yaml';
const { scenario } = loadScenario(FILE, { duration: 3, warmup: 0.5, seed: 11 });

function withoutRun(r: Results): Omit<Results, 'run'> {
  const { run: _run, ...rest } = r;
  return rest;
}

describe('compareDataPlanes', () => {
  let c: Comparison;
  beforeAll(async () => {
    c = await compareDataPlanes(scenario, { dataPlanes: ALL_DATA_PLANES });
  });

  it('writes meshsim.compare/v1 with one results object per data plane, in the order asked', () => {
    const j = compareJson(c);
    expect(j.schema).toBe('meshsim.compare/v1');
    expect(Object.keys(j.dataPlanes)).toEqual(['none', 'sidecar', 'ambient', 'ebpf']);
    for (const [name, r] of Object.entries(j.dataPlanes)) {
      expect(r.schema).toBe('meshsim.results/v1');
      expect(r.dataPlane).toBe(name);
      expect(r.seed).toBe(11);
      expect(r.duration).toBe(3);
    }
  });

  it('gives every data plane the same arrivals (common random numbers)', () => {
    const requests = c.runs.map((r) => r.results.endToEnd.requests);
    expect(new Set(requests).size).toBe(1);
    expect(requests[0]).toBeGreaterThan(1000);
  });

  it('runs each data plane exactly as `run` would with that dataPlane (outside `run`)', async () => {
    for (const kind of ['none', 'ambient'] as const) {
      const alone = await runScenario(withDataPlane(scenario, kind), { seed: 11 });
      const inCompare = c.runs.find((r) => r.dataPlane === kind)!.results;
      expect(JSON.stringify(withoutRun(inCompare))).toBe(JSON.stringify(withoutRun(alone.results)));
    }
  });

  it('orders the data planes as asked, the baseline first', async () => {
    const two = await compareDataPlanes(scenario, { dataPlanes: ['ebpf', 'none'] });
    expect(two.runs.map((r) => r.dataPlane)).toEqual(['ebpf', 'none']);
    expect(JSON.stringify(withoutRun(two.runs[1]!.results))).toBe(JSON.stringify(withoutRun(c.runs[0]!.results)));
  });

  it('keeps a latency CDF per data plane that agrees with the results percentiles', () => {
    for (const r of c.runs) {
      const cdf = r.latencyCdf;
      expect(cdf.length).toBeGreaterThan(100);
      for (let i = 1; i < cdf.length; i++) {
        expect(cdf[i]!.seconds).toBeGreaterThanOrEqual(cdf[i - 1]!.seconds);
        expect(cdf[i]!.fraction).toBeGreaterThan(cdf[i - 1]!.fraction);
      }
      const at = (f: number) => cdf.find((p) => p.fraction === f)!.seconds;
      const l = r.results.endToEnd.latency;
      // Both come from the same merged histogram; the results round to 9 digits.
      expect(at(0.5)).toBeCloseTo(l.p50, 9);
      expect(at(0.99)).toBeCloseTo(l.p99, 9);
      expect(cdf[cdf.length - 1]).toEqual({ seconds: expect.closeTo(l.max, 9), fraction: 1 });
    }
  });

  it('costs nothing for none and something for every proxy data plane', () => {
    const cost = Object.fromEntries(c.runs.map((r) => [r.dataPlane, r.results.cost]));
    expect(cost.none?.meshVcpu).toBe(0);
    expect(cost.none?.meshMemoryGiB).toBe(0);
    for (const d of ['sidecar', 'ambient', 'ebpf']) expect(cost[d]?.meshVcpu).toBeGreaterThan(0);
    // A sidecar per pod holds more memory than a ztunnel per node.
    expect(cost.sidecar!.meshMemoryGiB).toBeGreaterThan(cost.ambient!.meshMemoryGiB);
  });
});

describe('paired delta intervals', () => {
  it('are left out with one replication', async () => {
    const one = await compareDataPlanes(scenario, { dataPlanes: ['none', 'sidecar'] });
    expect(compareJson(one).deltas).toBeUndefined();
    expect(deltaIntervals(one)).toEqual([undefined, undefined]);
  });

  it('pair replication i of each data plane, so shared randomness cancels and the interval is narrower than an unpaired one', async () => {
    const c = await compareDataPlanes(scenario, { dataPlanes: ['none', 'sidecar', 'ebpf'], run: { replications: 6 } });
    const j = compareJson(c);
    expect(Object.keys(j.deltas ?? {})).toEqual(['sidecar', 'ebpf']);
    expect(j.deltas?.sidecar?.against).toBe('none');
    const [none, sidecar] = c.runs;
    const paired = j.deltas!.sidecar!.ci95.mean!;
    // A sidecar only adds work on the path: the whole interval of its mean delta is above zero.
    expect(paired[0]).toBeGreaterThan(0);
    // Unpaired (two independent samples, same df): half-widths add in quadrature. With
    // equal variances the ratio is √(1 − ρ), ρ the correlation of the pair's means.
    // Arrivals and service times are shared; replica picks are not (kube-proxy draws them
    // under `none`, the proxy's balancer under a mesh), so ρ is partial: ratios of
    // 0.39–0.59 measured for every pair of data planes (3 s runs, 8 replications). 0.8
    // means ρ > 0.36; independent streams would give about 1.
    const half = (r: typeof none) => meanInterval(r!.replicationEstimates.map((e) => e.mean))!.halfWidth;
    const unpaired = Math.hypot(half(none), half(sidecar));
    expect((paired[1] - paired[0]) / 2).toBeLessThan(0.8 * unpaired);
  });
});

describe('baselineCaveats: a `none` baseline against a scenario with Istio resources', () => {
  const withIstio = loadScenario('scenarios/bookinfo-istio.yaml').scenario;
  const plain = loadScenario('scenarios/bookinfo.yaml').scenario;

  it('says that each delta mixes the policies with the cost, naming how many resources none ignores', () => {
    const [caveat] = baselineCaveats(withIstio, ['none', 'sidecar']);
    expect(caveat).toContain(`none of the scenario's ${withIstio.istio.length} Istio resource(s)`);
    expect(caveat).toContain('costs: none');
    expect(caveat).toContain('--baseline none');
  });

  it('is silent when the baseline enforces the resources, when there are none, or when nothing is compared', () => {
    expect(withIstio.istio.length).toBeGreaterThan(0);
    expect(baselineCaveats(withIstio, ['sidecar', 'ambient'])).toEqual([]);
    expect(baselineCaveats(plain, ['none', 'sidecar'])).toEqual([]);
    expect(baselineCaveats(withIstio, ['none'])).toEqual([]);
  });
});

describe('the policy-only baseline: Istio resources applied, proxies free', () => {
  const withIstio = loadScenario('scenarios/bookinfo-istio.yaml', { duration: 10, warmup: 1 }).scenario;
  const plain = loadScenario('scenarios/bookinfo.yaml').scenario;

  it('is the default when none would come first and the scenario has Istio resources', () => {
    expect(defaultBaseline(withIstio, ['none', 'sidecar'])).toBe(POLICY_ONLY);
    expect(defaultBaseline(withIstio, ['sidecar', 'none'])).toBe('sidecar');
    expect(defaultBaseline(plain, ['none', 'sidecar'])).toBe('none');
  });

  it('runs first, and a data plane chosen as baseline is run once', () => {
    expect(comparedPlanes(['none', 'sidecar'], POLICY_ONLY)).toEqual([POLICY_ONLY, 'none', 'sidecar']);
    expect(comparedPlanes(['sidecar', 'none', 'ebpf'], 'none')).toEqual(['none', 'sidecar', 'ebpf']);
  });

  describe('on bookinfo with reviews weighted 80/20 (v1/v2) by a VirtualService', () => {
    let c: Comparison;
    beforeAll(async () => {
      c = await compareDataPlanes(withIstio, { dataPlanes: [POLICY_ONLY, 'none', 'sidecar'] });
    });
    const run = (name: string) => c.runs.find((r) => r.dataPlane === name)?.results as Results;
    const versions = (r: Results) => Object.fromEntries(Object.entries(r.services.reviews?.versions ?? {}).map(([v, x]) => [v, x.requests]));

    it('routes as the sidecar does (80/20), and none does not', () => {
      // Each weighted pick is a draw, so the split is binomial: with ~2000 requests to
      // reviews, 3.3 standard deviations of a 20% share are under 3 points (p ≈ 0.001).
      const share = (r: Results, v: string) => {
        const n = versions(r);
        const total = Object.values(n).reduce((a, b) => a + b, 0);
        expect(total).toBeGreaterThan(1500);
        return (n[v] ?? 0) / total;
      };
      for (const name of [POLICY_ONLY, 'sidecar']) {
        expect(Math.abs(share(run(name), 'v2') - 0.2)).toBeLessThan(0.03);
        expect(share(run(name), 'v3')).toBe(0);
      }
      // none spreads reviews over all three versions, a third each.
      expect(Math.abs(share(run('none'), 'v3') - 1 / 3)).toBeLessThan(0.035);
    });

    it("so the sidecar's delta over it is the proxies' cost alone: positive, with the apps' own work unchanged", () => {
      const base = run(POLICY_ONLY);
      const sidecar = run('sidecar');
      for (const p of ['p50', 'p90', 'mean'] as const) expect(sidecar.endToEnd.latency[p]).toBeGreaterThan(base.endToEnd.latency[p]);
      expect(base.cost.meshVcpu).toBe(0);
      expect(base.cost.meshMemoryGiB).toBe(0);
      // The same requests reach the same versions, so the apps do the same work (their
      // service times come from the same streams): only the mesh's share moves.
      const apps = (r: Results) => r.cost.vcpu - r.cost.meshVcpu;
      expect(Math.abs(apps(sidecar) - apps(base))).toBeLessThan(0.01 * apps(base));
      expect(sidecar.cost.vcpu - base.cost.vcpu).toBeCloseTo(sidecar.cost.meshVcpu, 2);
    });

    it('whereas over none the delta mixes routing with cost: the sidecar looks faster than no mesh at all', () => {
      // none sends 2/3 of reviews requests to a version that calls ratings, the
      // VirtualService 1/5: the routing saves more than the proxies cost.
      expect(run('sidecar').endToEnd.latency.mean).toBeLessThan(run('none').endToEnd.latency.mean);
    });

    it('says in the JSON which baseline the deltas are against', () => {
      const j = compareJson(c);
      expect(j.baseline).toBe(POLICY_ONLY);
      expect(Object.keys(j.dataPlanes)).toEqual([POLICY_ONLY, 'none', 'sidecar']);
      expect(j.dataPlanes[POLICY_ONLY]?.dataPlane).toBe(POLICY_ONLY);
    });
  });
});
