import { describe, expect, it } from 'vitest';
import { decodeMeshMetrics, encodeMeshMetrics } from '../../src/experiments/meshMetricsCodec.js';
import { LatencyRecorder } from '../../src/models/metrics/latencyRecorder.js';
import { MeasurementWindow } from '../../src/models/metrics/measurementWindow.js';
import { MeshMetrics, mergeMetrics } from '../../src/models/metrics/meshMetrics.js';
import { failure, OK } from '../../src/models/outcome.js';

/** Sets every numeric field of an object to a distinct value, so a field that does not travel shows. */
function fillNumbers(o: object, seed: number): void {
  let i = seed;
  for (const [k, v] of Object.entries(o)) if (typeof v === 'number') (o as Record<string, number>)[k] = ++i * 1.25;
}

function sample(): MeshMetrics {
  const window = new MeasurementWindow(1, 11);
  const m = new MeshMetrics(window);
  for (let i = 0; i < 500; i++) {
    m.endToEnd.record(i % 50 === 0 ? failure(503, 'queueFull') : OK, i % 50 !== 0, 0.001 * (1 + (i % 37)));
    m.endToEnd.perSecond.record(1 + (i % 10), i % 50 !== 0, 0.001 * (1 + (i % 37)));
  }
  for (let k = 0; k < 3; k++) m.endToEnd.inFlight.begin(2);
  m.endToEnd.inFlight.flush(5);
  const v = m.version('reviews', 'v2');
  v.record(OK, true, 0.02);
  fillNumbers(v, 10);
  fillNumbers(m.services.get('reviews') ?? {}, 20);
  const e = m.edge('productpage', 'reviews');
  e.record(failure(504, 'unfinished'), false, 0.5);
  fillNumbers(e, 30);
  return m;
}

const PERCENTILES = [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 100];

/** The encoding with each histogram replaced by what it answers (its bytes may differ: array sizes, header). */
function normalized(m: MeshMetrics): string {
  return JSON.stringify(encodeMeshMetrics(m), (key, value: unknown) => {
    if (key !== 'histogram' || typeof value !== 'string') return value;
    const r = new LatencyRecorder({ histogram: value, count: 1, sum: 0, max: Infinity });
    return PERCENTILES.map((p) => r.percentile(p));
  });
}

describe('meshMetricsCodec', () => {
  it('decode(encode(m)) carries every field, and merges exactly as m does', () => {
    const m = sample();
    const encoded = structuredClone(encodeMeshMetrics(m));
    const copy = decodeMeshMetrics(encoded, m.window);
    expect(normalized(copy)).toBe(normalized(m));

    const a = new MeshMetrics(m.window);
    const b = new MeshMetrics(m.window);
    mergeMetrics(a, m);
    mergeMetrics(b, copy);
    expect(normalized(b)).toBe(normalized(a));
    expect(b.endToEnd.latency.percentile(99)).toBe(a.endToEnd.latency.percentile(99));
  });

  it('refuses a field kind it cannot carry instead of dropping it', () => {
    const m = sample();
    (m.endToEnd as unknown as Record<string, unknown>).perZone = new Set(['a']);
    expect(() => encodeMeshMetrics(m)).toThrow(/perZone has a kind that cannot be merged or carried/);
  });
});
