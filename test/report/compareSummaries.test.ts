import { describe, expect, it } from 'vitest';
import { addedLatencyBars, addedLatencySummary, costPanels, costSummary, latencySummary } from '../../src/report/compareSummaries.js';
import { PRICE_DEFAULTS } from '../../src/scenarios/dataPlaneDefaults.js';
import { fakeResults } from './compareFixtures.js';

const none = fakeResults('none', { p50: 0.010, p99: 0.030, edgeP50: 0.002, usd: 100 });
const sidecar = fakeResults('sidecar', { p50: 0.0105, p99: 0.0312, edgeP50: 0.0023, meshVcpu: 0.4, meshMemoryGiB: 0.5, usd: 112.5 });
sidecar.cost.proxies = { sidecar: { count: 14, vcpu: 0.4, memoryGiB: 0.5 } };
const faster = fakeResults('ebpf', { p50: 0.0099, p99: 0.0302, edgeP50: 0.0019, meshVcpu: 0.01, usd: 99 });

describe('comparison sentences', () => {
  it('say what each data plane adds end to end, and read right when a delta is negative', () => {
    expect(latencySummary([none, sidecar, faster])).toBe(
      'With none, half the requests finish within 10 ms and 99% within 30 ms. Against that, ' +
        'sidecar adds 0.5 ms at p50 and 1.2 ms at p99 (+4.0%) and ebpf saves 0.1 ms at p50 and adds 0.2 ms at p99 (+0.7%).',
    );
  });

  it('name the proxies behind the cost and the monthly deltas', () => {
    expect(costSummary([none, sidecar, faster])).toBe(
      'Proxies use 0.4 vCPU and 0.5 GiB with sidecar (14 sidecars) and 0.01 vCPU and 0 GiB with ebpf. ' +
        'Per month, against none at $100.00: sidecar +$12.50 and ebpf -$1.00.',
    );
  });

  it('find the edge whose p99 grows most', () => {
    expect(addedLatencySummary([none, sidecar])).toMatch(/^Per edge, the median added p50 is sidecar \+0\.3 ms against none; the largest p99 increase is sidecar on users → a \(\+1\.5 ms\)/);
  });
});

describe('chart data', () => {
  it('has a bar per non-baseline data plane, hop and percentile, end to end first', () => {
    const { bars, hops } = addedLatencyBars([none, sidecar, faster]);
    expect(hops).toEqual(['end to end', 'a → b', 'users → a']);
    expect(bars).toHaveLength(2 * 3 * 2);
    expect(bars.some((b) => b.dataPlane === 'none')).toBe(false);
    const ab = bars.find((b) => b.dataPlane === 'ebpf' && b.hop === 'a → b' && b.percentile === 'p99');
    expect(ab?.deltaSeconds).toBeCloseTo(-0.0003, 12);
  });

  it('splits the price into apps, data plane and cross-zone transfer that add up to the total', () => {
    const p = costPanels([none, sidecar], PRICE_DEFAULTS);
    for (const [i, r] of [none, sidecar].entries()) {
      const bar = p.usdPerMonth[i]!;
      expect(bar.apps + bar.mesh + (bar.crossZone ?? 0)).toBeCloseTo(r.cost.usdPerMonth, 9);
      expect(p.vcpu[i]!.apps + p.vcpu[i]!.mesh).toBeCloseTo(r.cost.vcpu, 12);
    }
    // The data plane's share is its vCPU and memory hours at the prices.
    expect(p.usdPerMonth[1]!.mesh).toBeCloseTo((0.4 * PRICE_DEFAULTS.vcpuHour + 0.5 * PRICE_DEFAULTS.gibHour) * 730, 9);
  });
});
