import { describe, expect, it } from 'vitest';
import { latencyCdfSpec, lastWellEstimated, TAIL_REQUESTS, type CdfSeries } from '../../../src/report/charts/latencyCdfChart.js';

const FRACTIONS = [0.5, 0.9, 0.99, 0.999, 0.9999];
const series = (dataPlane: string, ms: number, requests: number): CdfSeries => ({
  dataPlane,
  requests,
  points: FRACTIONS.map((fraction, i) => ({ fraction, seconds: (ms * (i + 1)) / 1e3 })),
});

type Layer = { data: { values: Array<{ nines: number }> }; encoding?: { strokeDash?: { scale: { range: number[][] } } } };
interface Spec {
  vconcat: [{ encoding: { strokeDash: { scale: { domain: string[]; range: number[][] } } } }, { data: { values: Array<{ nines: number; dataPlane: string }> }; layer: Layer[] }];
}

describe('the latency CDF chart', () => {
  it('stops the added-latency panel at the last percentile every run estimates with enough requests beyond it', () => {
    // 2,000 requests in the smaller run: p99.5 is the last with 10 beyond; p99.9 (2 beyond) and p99.99 are left out.
    const runs = [series('none', 10, 50_000), series('sidecar', 11, 2_000)];
    expect(lastWellEstimated(runs)).toBeCloseTo(1 - TAIL_REQUESTS / 2_000, 12);
    const spec = latencyCdfSpec(runs) as unknown as Spec;
    const drawn = spec.vconcat[1].data.values.map((v) => Number((100 - 100 * 10 ** -v.nines).toFixed(4)));
    expect(drawn).toEqual([50, 90, 99]);
  });

  it('gives every data plane its own dash as well as its own colour', () => {
    const spec = latencyCdfSpec([series('none', 10, 1e5), series('sidecar', 11, 1e5), series('ambient', 10.5, 1e5), series('ebpf', 10.2, 1e5)]) as unknown as Spec;
    const dash = spec.vconcat[0].encoding.strokeDash.scale;
    expect(dash.domain).toEqual(['none', 'sidecar', 'ambient', 'ebpf']);
    expect(new Set(dash.range.map((d) => d.join(','))).size).toBe(4);
  });
});
