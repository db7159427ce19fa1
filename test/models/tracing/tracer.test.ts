import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMesh } from '../../../src/models/meshSimulation.js';
import { loadScenario } from '../../../src/scenarios/loadScenario.js';
import { buildResults } from '../../../src/report/results.js';

const SCENARIO = join(import.meta.dirname, '../../../scenarios/bookinfo-istio.yaml');
const scenario = loadScenario(SCENARIO, { duration: 2, warmup: 0.5 }).scenario;

function resultsOf(m: ReturnType<typeof runMesh>): string {
  const r = buildResults({ scenario, seed: 7, replications: 1, metrics: m.metrics, run: { wallSeconds: 0, events: m.events, workers: 1 }, provenance: { meshsim: 'test', scenarioSha256: '' } });
  return JSON.stringify(r);
}

describe('tracing in a run', () => {
  it('changes nothing else: same events, same results, with every request traced', () => {
    const plain = runMesh(scenario, { seed: 7 });
    const traced = runMesh(scenario, { seed: 7, tracing: { sample: 1, maxSpans: 1e7 }, replication: 0 });
    expect(traced.events).toBe(plain.events);
    expect(resultsOf(traced)).toBe(resultsOf(plain));
    expect(plain.traces).toBeUndefined();
    // Every measured request is traced at rate 1.
    expect(traced.traces?.traces.length).toBe(traced.metrics.endToEnd.requests);
    expect(traced.traces?.capped).toBe(false);
  });

  it('samples about the rate asked, deterministically', () => {
    const a = runMesh(scenario, { seed: 7, tracing: { sample: 0.1, maxSpans: 1e7 }, replication: 3 });
    const b = runMesh(scenario, { seed: 7, tracing: { sample: 0.1, maxSpans: 1e7 }, replication: 3 });
    expect(JSON.stringify(a.traces)).toBe(JSON.stringify(b.traces));
    const n = a.metrics.endToEnd.requests;
    const k = a.traces!.traces.length;
    // Binomial(n, 0.1): within 4 standard deviations (a fixed seed; fails only if sampling is wrong).
    expect(Math.abs(k - 0.1 * n)).toBeLessThan(4 * Math.sqrt(n * 0.1 * 0.9));
    // Trace ids carry the replication (bytes 4–7) and a sequence from 1.
    expect(a.traces!.traces[0]!.traceId.slice(8, 16)).toBe('00000003');
    expect(a.traces!.traces.map((t) => parseInt(t.traceId.slice(16), 16))).toEqual(Array.from({ length: k }, (_, i) => i + 1));
  });

  it('stops sampling at the span cap and says so; traces already begun finish', () => {
    const r = runMesh(scenario, { seed: 7, tracing: { sample: 1, maxSpans: 100 }, replication: 0 });
    const t = r.traces!;
    expect(t.capped).toBe(true);
    const spans = t.traces.reduce((a, x) => a + x.spans.length, 0);
    // Sampling stops once 100 spans are held; requests in flight then may add a few traces' worth.
    expect(spans).toBeGreaterThanOrEqual(100);
    expect(spans).toBeLessThan(100 + 40 * 8);
    expect(t.traces.every((x) => x.spans.every((s) => s.end >= s.start))).toBe(true);
  });
});
