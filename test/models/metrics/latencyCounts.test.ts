import * as hdr from 'hdr-histogram-js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countsIndex, LATENCY_HISTOGRAM, LatencyCounts, valueAtIndex, wholeNanoseconds } from '../../../src/models/metrics/latencyCounts.js';

/** The library's own histogram in the same layout, as the reference (growing like LatencyCounts.toHistogram's). */
function libraryHistogram(): hdr.JsHistogram {
  return hdr.build({ ...LATENCY_HISTOGRAM, highestTrackableValue: 1_000_000, autoResize: true, useWebAssembly: false }) as hdr.JsHistogram;
}

describe('wholeNanoseconds', () => {
  it('is Math.round(seconds × 1e9) for every latency, halves and huge values included', () => {
    for (const s of [0, 5e-10, 1.5e-9, 2.5e-9, 0.0015, 1e-3 + 5e-10, 3600.0000000005, 86400 * 30]) {
      expect(wholeNanoseconds(s), `seconds ${s}`).toBe(Math.round(s * 1e9));
    }
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), (s) => wholeNanoseconds(s) === Math.round(s * 1e9)),
      { seed: 7, numRuns: 20000 },
    );
  });
});

describe('LatencyCounts', () => {
  it('indexes every value where HdrHistogram counts it, on both sides of the integer path and at powers of two', () => {
    const reference = libraryHistogram();
    const edges = [0, 1, 999, 1000, 2047, 2048, 1_048_575, 1_048_576, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 2 ** 40 - 1, 2 ** 40];
    for (let k = 0; k < 48; k++) edges.push(2 ** k - 1, 2 ** k, 2 ** k + 1);
    for (const ns of edges) expect(countsIndex(ns), `value ${ns}`).toBe(reference.countsArrayIndex(ns));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 47 }), (ns) => countsIndex(ns) === reference.countsArrayIndex(ns)),
      { seed: 6, numRuns: 5000 },
    );
  });

  it('maps each index back to the lowest value counted there', () => {
    const reference = libraryHistogram();
    for (let i = 0; i < 40 * 1024; i += 7) {
      expect(valueAtIndex(i)).toBe(reference.valueFromIndex(i));
      expect(countsIndex(valueAtIndex(i))).toBe(i);
    }
  });

  it('gives the same histogram as recording each value into hdr-histogram-js, and reads one back', () => {
    const reference = libraryHistogram();
    const counts = new LatencyCounts();
    let x = 0.37;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 9301 + 0.49297) % 1;
      const ns = Math.round((1e-6 + x * x * x * 30) * 1e9); // 1 µs to 30 s: past the integer path and several resizes
      counts.increment(ns);
      reference.recordValue(ns);
    }
    const rebuilt = counts.toHistogram() as hdr.JsHistogram;
    const sameCounts = (h: hdr.JsHistogram): void => {
      expect(h.totalCount).toBe(reference.totalCount);
      for (let i = 0; i < Math.max(h.countsArrayLength, reference.countsArrayLength); i++) {
        const mine = i < h.countsArrayLength ? h.getCountAtIndex(i) : 0;
        const theirs = i < reference.countsArrayLength ? reference.getCountAtIndex(i) : 0;
        if (mine !== theirs) expect({ index: i, count: mine }).toEqual({ index: i, count: theirs });
      }
      for (const p of [0, 0.1, 1, 25, 50, 90, 99, 99.9, 99.99, 100]) expect(h.getValueAtPercentile(p)).toBe(reference.getValueAtPercentile(p));
    };
    sameCounts(rebuilt);
    // Through the library's compressed encoding and back (what crosses threads).
    const back = LatencyCounts.fromHistogram(hdr.decodeFromCompressedBase64(hdr.encodeIntoCompressedBase64(rebuilt), 32, false));
    sameCounts(back.toHistogram() as hdr.JsHistogram);
  });

  it('adds counts bucket by bucket, growing to the other side’s range', () => {
    const small = new LatencyCounts();
    const large = new LatencyCounts();
    small.increment(5_000);
    large.increment(5_000);
    large.increment(20e9);
    small.add(large);
    const h = small.toHistogram();
    expect(h.totalCount).toBe(3);
    expect(h.getValueAtPercentile(50)).toBe(5_119); // below ~1 ms buckets are the 512 ns unit wide; percentiles report the top of 5 µs's
    expect(h.getValueAtPercentile(100)).toBeGreaterThan(19.9e9);
  });

  it('rebuilds an empty histogram as empty, and one value as that value', () => {
    const counts = new LatencyCounts();
    expect(counts.toHistogram().totalCount).toBe(0);
    counts.increment(7_000_000);
    const h = counts.toHistogram();
    expect([h.totalCount, h.getValueAtPercentile(0), h.getValueAtPercentile(100)]).toEqual([1, 6_995_968, 7_000_063]);
  });

  it('answers every percentile as the library does for the same counts, sparse and dense, empty included', () => {
    const percentiles = [0, 1e-9, 0.1, 1, 25, 33.3, 50, 90, 99, 99.9, 99.99, 100];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 ** 36 }), { minLength: 0, maxLength: 120 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 120, maxLength: 120 }),
        (values, repeats) => {
          const counts = new LatencyCounts();
          const reference = libraryHistogram();
          values.forEach((ns, k) => {
            for (let r = 0; r < (repeats[k] as number) % 4; r++) counts.increment(ns);
            reference.recordValueWithCount(ns, (repeats[k] as number) % 4);
          });
          const expected = percentiles.map((p) => (reference.totalCount === 0 ? 0 : reference.getValueAtPercentile(p)));
          // One at a time, all in one pass, and all in one pass asked in another order.
          const reversed = [...percentiles].reverse();
          return (
            percentiles.every((p, k) => counts.valueAtPercentile(p) === expected[k]) &&
            counts.valuesAtPercentiles(percentiles).every((v, k) => v === expected[k]) &&
            counts.valuesAtPercentiles(reversed).every((v, k) => v === expected[percentiles.length - 1 - k])
          );
        },
      ),
      { seed: 15, numRuns: 400 },
    );
  });

  it('answers as the library does again after more values are counted: a kept answer never outlives a change', () => {
    const asked = [50, 90, 99, 99.9];
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 2 ** 36 }), { minLength: 1, maxLength: 90 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 2 ** 36 }), { maxLength: 128 }),
        (rounds, merged) => {
          // Rounds of values into one recorder (sparse, then dense once past 128 distinct
          // buckets), asked after each round with the same array (the kept answer's key),
          // then another recorder's counts added, and asked again.
          const counts = new LatencyCounts();
          const reference = libraryHistogram();
          const same = (): boolean => counts.valuesAtPercentiles(asked).every((v, k) => v === reference.getValueAtPercentile(asked[k] as number));
          for (const round of rounds) {
            for (const ns of round) {
              counts.increment(ns);
              reference.recordValue(ns);
            }
            if (!same() || !same()) return false;
          }
          const other = new LatencyCounts();
          for (const ns of merged) {
            other.increment(ns);
            reference.recordValue(ns);
          }
          counts.add(other);
          return same();
        },
      ),
      { seed: 16, numRuns: 300 },
    );
  });

  it('keeps a few distinct values as pairs and goes dense past them, or past many values, without losing a count', () => {
    // 297 distinct buckets revisited (past the distinct limit), and 3 buckets 6,000 times (past the value limit).
    for (const [values, distinct] of [[600, 297], [6000, 3]] as const) {
      const counts = new LatencyCounts();
      const reference = libraryHistogram();
      for (let k = 0; k < values; k++) {
        const ns = 1_000 + ((k * 7919) % distinct) * 300_000;
        counts.increment(ns);
        reference.recordValue(ns);
      }
      const h = counts.toHistogram() as hdr.JsHistogram;
      expect(h.totalCount).toBe(values);
      for (const p of [0, 10, 50, 99, 100]) {
        expect(h.getValueAtPercentile(p)).toBe(reference.getValueAtPercentile(p));
        expect(counts.valueAtPercentile(p)).toBe(reference.getValueAtPercentile(p));
      }
    }
  });

  it('countAtOrBelow counts every value at or below a bound, within the bucket of the bound', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000_000_000 }), { maxLength: 200 }), fc.integer({ min: 0, max: 5_000_000_000 }), (values, bound) => {
        const counts = new LatencyCounts();
        for (const v of values) counts.increment(v);
        const n = counts.countAtOrBelow(bound);
        // Never fewer than the exact count; extra ones only from the bound's own bucket (≤ 0.1% above it).
        expect(n).toBeGreaterThanOrEqual(values.filter((v) => v <= bound).length);
        expect(n).toBe(values.filter((v) => countsIndex(v) <= countsIndex(bound)).length);
      }),
      { seed: 13, numRuns: 200 },
    );
  });

  it('refuses a histogram of another layout instead of miscounting it', () => {
    const other = hdr.build({ lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3, useWebAssembly: false });
    other.recordValue(42);
    expect(() => LatencyCounts.fromHistogram(other)).toThrow(/layout 1 ns \/ 3 digits, expected 1000 ns \/ 3 digits/);
  });
});
