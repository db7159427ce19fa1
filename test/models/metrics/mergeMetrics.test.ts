import { describe, expect, it } from 'vitest';
import { BatchMeans } from '../../../src/models/metrics/batchMeans.js';
import { LatencyRecorder } from '../../../src/models/metrics/latencyRecorder.js';
import { MeasurementWindow } from '../../../src/models/metrics/measurementWindow.js';
import { CostMetrics, MeshMetrics, VersionMetrics, mergeMetrics } from '../../../src/models/metrics/meshMetrics.js';
import { TimeWeightedLevel } from '../../../src/models/metrics/timeWeightedLevel.js';
import { PerSecondSeries } from '../../../src/models/metrics/perSecondSeries.js';

/**
 * mergeMetrics must carry every field of every metrics object. The test finds the
 * fields itself (not through the merge's own walker), gives each a distinct value,
 * merges the same replication twice and expects each field doubled — or, for a
 * level, kept — so a field the merge forgets, or sums when it should keep, fails.
 */
const window = new MeasurementWindow(0, 10);

/** Every metrics object of `m` with a label, in a fixed order. */
function objectsOf(m: MeshMetrics): Array<[string, object]> {
  const out: Array<[string, object]> = [
    ['endToEnd', m.endToEnd],
    ['cost', m.cost],
  ];
  for (const [name, s] of m.services) {
    out.push([`service ${name}`, s]);
    for (const [v, vm] of s.versions) out.push([`version ${name}/${v}`, vm]);
  }
  for (const [key, e] of m.edges) out.push([`edge ${key}`, e]);
  return out;
}

/** Gives every field of `o` a distinct non-zero value; returns what each should merge to after two merges. */
function fill(o: object, seed: number): Map<string, unknown> {
  const expected = new Map<string, unknown>();
  const levels = (o.constructor as { levels?: ReadonlyArray<string> }).levels ?? [];
  const target = o as Record<string, unknown>;
  let i = seed;
  for (const [k, v] of Object.entries(o)) {
    const times = levels.includes(k) ? 1 : 2;
    if (typeof v === 'number') {
      target[k] = ++i * 1.5;
      expected.set(k, (target[k] as number) * times);
    } else if (v instanceof LatencyRecorder) {
      for (let n = 0; n < 3 + (i % 5); n++) v.record(0.001 * ++i);
      expected.set(k, { count: v.count * 2, max: v.max });
    } else if (v instanceof TimeWeightedLevel) {
      v.area = ++i * 0.75;
      expected.set(k, v.area * 2);
    } else if (v instanceof PerSecondSeries) {
      v.record(window.start + 0.5, true, 0.001 * ++i);
      v.record(window.end - 0.5, false, 0);
      expected.set(k, { requests: Array.from(v.requests, (x) => x * 2), failed: Array.from(v.failed, (x) => x * 2), latencySum: Array.from(v.latencySum, (x) => x * 2), bins: Array.from(v.latencyBins, (x) => x * 2) });
    } else if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
      Object.assign(v, { a: ++i, b: ++i });
      expected.set(k, { a: (i - 1) * times, b: i * times });
    } else if (!(typeof v === 'string' || v instanceof Map || v instanceof BatchMeans)) {
      throw new Error(`test does not know how to fill ${k}`);
    }
  }
  return expected;
}

function replication(): { m: MeshMetrics; expected: Map<string, Map<string, unknown>> } {
  const m = new MeshMetrics(window);
  m.version('reviews', 'v1');
  m.version('reviews', 'v2');
  m.version('ratings', 'v1');
  m.edge('productpage', 'reviews');
  m.edge('reviews', 'ratings');
  const expected = new Map<string, Map<string, unknown>>();
  let seed = 0;
  for (const [label, o] of objectsOf(m)) expected.set(label, fill(o, (seed += 100)));
  return { m, expected };
}

function actual(o: object, k: string): unknown {
  const v = (o as Record<string, unknown>)[k];
  if (v instanceof LatencyRecorder) return { count: v.count, max: v.max };
  if (v instanceof TimeWeightedLevel) return v.area;
  if (v instanceof PerSecondSeries) return { requests: Array.from(v.requests), failed: Array.from(v.failed), latencySum: Array.from(v.latencySum), bins: Array.from(v.latencyBins) };
  return v;
}

describe('mergeMetrics', () => {
  it('sums every count, histogram and integral and keeps every level, field by field', () => {
    const { m, expected } = replication();
    const merged = new MeshMetrics(window);
    mergeMetrics(merged, m);
    mergeMetrics(merged, m);
    const objects = new Map(objectsOf(merged));
    expect([...objects.keys()]).toEqual([...expected.keys()]);
    let fields = 0;
    for (const [label, fieldsExpected] of expected) {
      const o = objects.get(label) as object;
      for (const [k, want] of fieldsExpected) {
        expect({ field: `${label}.${k}`, value: actual(o, k) }).toEqual({ field: `${label}.${k}`, value: want });
        fields++;
      }
    }
    // Not vacuous: the walk found the counters of every class.
    expect(fields).toBeGreaterThan(40);
  });

  it('levels are declared on fields that exist', () => {
    const version = new VersionMetrics() as unknown as Record<string, unknown>;
    for (const k of VersionMetrics.levels) expect(version).toHaveProperty(k);
    const cost = new CostMetrics() as unknown as Record<string, unknown>;
    for (const k of CostMetrics.levels) expect(cost).toHaveProperty(k);
  });

  it('a metric added later merges without touching the merge', () => {
    const { m } = replication();
    const v = m.version('reviews', 'v1') as unknown as Record<string, unknown>;
    v.addedLater = 7;
    v.addedLaterByKind = { sidecar: 2 };
    const merged = new MeshMetrics(window);
    mergeMetrics(merged, m);
    mergeMetrics(merged, m);
    const t = merged.version('reviews', 'v1') as unknown as Record<string, unknown>;
    expect(t.addedLater).toBe(14);
    expect(t.addedLaterByKind).toEqual({ sidecar: 4 });
  });

  it('refuses a field kind it does not know instead of dropping it', () => {
    const { m } = replication();
    (m.edge('productpage', 'reviews') as unknown as Record<string, unknown>).perZone = new Set(['a']);
    expect(() => mergeMetrics(new MeshMetrics(window), m)).toThrow(/perZone has a kind that cannot be merged/);
    // A map is skipped only when it holds nested metrics objects (a service's versions), never counts.
    const { m: other } = replication();
    (other.endToEnd as unknown as Record<string, unknown>).byCause = new Map([['reset', 3]]);
    expect(() => mergeMetrics(new MeshMetrics(window), other)).toThrow(/byCause has a kind that cannot be merged/);
  });
});
