import { describe, expect, it } from 'vitest';
import { MeasurementWindow } from '../../../src/models/metrics/measurementWindow.js';
import type { MeshMetrics } from '../../../src/models/metrics/meshMetrics.js';
import { LATENCY_BINS, latencyBin, latencyBinUpper, PerSecondSeries } from '../../../src/models/metrics/perSecondSeries.js';
import { runScenario } from '../../../src/experiments/runScenario.js';
import { loadScenario } from '../../../src/scenarios/loadScenario.js';
import { decodeMeshMetrics, encodeMeshMetrics } from '../../../src/experiments/meshMetricsCodec.js';
import { decodeOutcomeKey } from '../../../src/models/outcome.js';

const sum = (a: ArrayLike<number>): number => Array.from(a).reduce((x, y) => x + y, 0);

describe('PerSecondSeries', () => {
  it('buckets by start time; a percentile is the upper edge of the bin holding that rank', () => {
    const s = new PerSecondSeries(new MeasurementWindow(10, 13));
    expect(s.buckets).toBe(3);
    const latencies = Array.from({ length: 100 }, (_, i) => 0.001 * (i + 1));
    for (const l of latencies) s.record(11.5, true, l);
    s.record(10, false, 0);
    s.record(12.999, false, 0);
    expect(Array.from(s.requests)).toEqual([1, 100, 1]);
    expect(Array.from(s.failed)).toEqual([1, 0, 1]);
    expect(s.percentile(0, 99)).toBeNull();
    const p99 = s.percentile(1, 99)!;
    // The exact p99 of 1..100 ms is 99 ms; the bin edge is at or above it, by less than a bin (2^(1/8)).
    expect(p99).toBeGreaterThanOrEqual(0.099);
    expect(p99).toBeLessThan(0.099 * 2 ** (1 / 8));
    expect(s.latencySum[1]).toBeCloseTo(5.05, 9);
  });

  it('bins are monotone and every latency lies below its bin edge', () => {
    let last = -1;
    for (let e = -7; e <= 5; e += 0.01) {
      const x = 10 ** e;
      const b = latencyBin(x);
      expect(b).toBeGreaterThanOrEqual(last);
      expect(b).toBeLessThan(LATENCY_BINS);
      if (b < LATENCY_BINS - 1) expect(x).toBeLessThanOrEqual(latencyBinUpper(b) * (1 + 1e-12));
      last = b;
    }
  });

  it('refuses to merge series of other windows', () => {
    const a = new PerSecondSeries(new MeasurementWindow(0, 10));
    expect(() => a.add(new PerSecondSeries(new MeasurementWindow(0, 20)))).toThrow(/different windows/);
  });
});

describe('the end-to-end per-second series of a run', () => {
  async function run(workers: number): Promise<{ m: MeshMetrics; requests: number; failed: number }> {
    const { scenario } = loadScenario('scenarios/zone-outage.yaml', { replications: 2 });
    let merged: MeshMetrics | undefined;
    const out = await runScenario(scenario, { workers, onMerged: (m) => (merged = m) });
    return { m: merged!, requests: out.results.endToEnd.requests, failed: out.results.endToEnd.failed };
  }

  it("adds up to the results' counts, shows the zone outage, and is the same for any worker count", async () => {
    const one = await run(1);
    const s = one.m.endToEnd.perSecond;
    expect(s.buckets).toBe(60);
    expect(sum(s.requests)).toBe(one.requests);
    expect(sum(s.failed)).toBe(one.failed);
    expect(sum(s.latencyBins)).toBe(one.requests - one.failed);
    expect(sum(s.latencySum)).toBeCloseTo(one.m.endToEnd.latency.sum, 6);
    // zone-outage.yaml: zone c is out from 25 s to 45 s, measured from 5 s: seconds 20–39.
    const availability = (from: number, to: number): number => {
      let r = 0;
      let f = 0;
      for (let i = from; i < to; i++) {
        r += s.requests[i]!;
        f += s.failed[i]!;
      }
      return (r - f) / r;
    };
    expect(one.failed).toBeGreaterThan(0);
    expect(availability(21, 39)).toBeLessThan(availability(0, 19));
    const two = await run(2);
    const t = two.m.endToEnd.perSecond;
    expect(Array.from(t.requests)).toEqual(Array.from(s.requests));
    expect(Array.from(t.failed)).toEqual(Array.from(s.failed));
    expect(Array.from(t.latencyBins)).toEqual(Array.from(s.latencyBins));
    expect(Array.from(t.latencySum)).toEqual(Array.from(s.latencySum));
  });
});

describe('mesh events on the per-second series', () => {
  it('counts by the bucket an event happened in, the last taking what comes after the window', () => {
    const s = new PerSecondSeries(new MeasurementWindow(10, 13));
    s.countEvent('retries', 10.2);
    s.countEvent('retries', 12.5);
    s.countEvent('retries', 14);
    s.countEvent('overflow', 11);
    s.countEvent('ejections', 9);
    expect(Array.from(s.retries)).toEqual([1, 0, 2]);
    expect(Array.from(s.overflow)).toEqual([0, 1, 0]);
    expect(Array.from(s.ejections)).toEqual([1, 0, 0]);
    const t = new PerSecondSeries(new MeasurementWindow(10, 13));
    t.add(s);
    t.add(s);
    expect(Array.from(t.retries)).toEqual([2, 0, 4]);
  });

  function totals(m: MeshMetrics): { retries: number; overflow: number; ejections: number } {
    let retries = 0;
    let overflow = 0;
    let ejections = 0;
    for (const service of m.services.values()) {
      retries += service.retries;
      overflow += service.overflow;
      for (const v of service.versions.values()) {
        overflow += v.rejected;
        ejections += v.ejections;
        for (const [key, n] of Object.entries(v.failures)) if (decodeOutcomeKey(Number(key)).cause === 'inboundOverflow') overflow += n;
      }
    }
    return { retries, overflow, ejections };
  }

  it.each(['scenarios/circuit-breaking.yaml', 'scenarios/locality-failover.yaml'])('%s: adds up to the run’s retries, overflow 503s and ejections, and survives the codec', async (file) => {
    const { scenario } = loadScenario(file, { replications: 2 });
    let merged: MeshMetrics | undefined;
    await runScenario(scenario, { onMerged: (m) => (merged = m) });
    const s = merged!.endToEnd.perSecond;
    const want = totals(merged!);
    expect(want.retries + want.overflow + want.ejections).toBeGreaterThan(0);
    expect({ retries: sum(s.retries), overflow: sum(s.overflow), ejections: sum(s.ejections) }).toEqual(want);
    const back = decodeMeshMetrics(encodeMeshMetrics(merged!), merged!.window).endToEnd.perSecond;
    expect(Array.from(back.retries)).toEqual(Array.from(s.retries));
    expect(Array.from(back.overflow)).toEqual(Array.from(s.overflow));
    expect(Array.from(back.ejections)).toEqual(Array.from(s.ejections));
  });
});
