import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { faultSetArbitrary, worstSingleFaults } from '../../src/experiments/faultSpace.js';
import type { FaultSet } from '../../src/experiments/faultSet.js';
import type { CheckSpec } from '../../src/scenarios/checkSpec.js';

const spec: CheckSpec = {
  properties: [],
  faults: [
    { kind: 'slowdown', targets: [{ service: 'db' }, { service: 'cache' }], factor: { min: 2, max: 20 }, at: { min: 50, max: 100 }, for: { min: 0, max: 120 } },
    { kind: 'crash', targets: [{ service: 'db' }], replicas: { min: 1, max: 3 }, at: { min: 10, max: 10 } },
    { kind: 'zone-outage', zones: ['a', 'b'], at: { min: 0, max: 30 }, for: { min: 1, max: 5 } },
  ],
  maxFaults: 2,
  load: { min: 0.5, max: 2 },
  runs: 10,
};

describe('faultSetArbitrary', () => {
  it('draws fault sets inside every range, with at most maxFaults faults', () => {
    fc.assert(
      fc.property(faultSetArbitrary(spec), (set) => {
        expect(set.faults.length).toBeLessThanOrEqual(2);
        expect(set.load).toBeGreaterThanOrEqual(0.5);
        expect(set.load).toBeLessThanOrEqual(2);
        for (const f of set.faults) {
          if (f.kind === 'slowdown') {
            expect(['db', 'cache']).toContain(f.service);
            expect(f.factor).toBeGreaterThanOrEqual(2);
            expect(f.factor).toBeLessThanOrEqual(20);
            expect(f.at).toBeGreaterThanOrEqual(50);
            expect(f.for).toBeLessThanOrEqual(120);
          } else if (f.kind === 'crash') {
            expect(f.at).toBe(10);
            expect(f.for).toBe(Infinity);
            expect([1, 2, 3]).toContain(f.replicas);
          } else if (f.kind === 'zone-outage') {
            expect(f.for).toBeGreaterThanOrEqual(1);
            expect(f.for).toBeLessThanOrEqual(5);
          }
        }
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('shrinks an example to the smallest window and factor that still fail, with no other fault and load 1x', async () => {
    // A made-up property: fails when a slowdown of db by at least 6 lasts at least 37.3 s.
    const breaks = (set: FaultSet): boolean => set.faults.some((f) => f.kind === 'slowdown' && f.service === 'db' && f.factor >= 6 && f.for >= 37.3);
    const worst = worstSingleFaults(spec, { warmup: 60 });
    const example: FaultSet = { faults: [worst[1]!.fault, worst[0]!.fault], load: 2 };
    expect(breaks(example)).toBe(true);
    const details = fc.check(fc.property(faultSetArbitrary(spec), (set) => !breaks(set)), { seed: 1, numRuns: 1, examples: [[example]] });
    expect(details.failed).toBe(true);
    const shrunk = details.counterexample![0]!;
    expect(shrunk.load).toBe(1);
    expect(shrunk.faults).toHaveLength(1);
    const f = shrunk.faults[0]!;
    expect(f.kind).toBe('slowdown');
    if (f.kind !== 'slowdown') return;
    expect(f.factor).toBe(6);
    // The window's grid over 0–120 s has 0.2 s steps: 37.4 s is the first point at or above 37.3 s.
    expect(f.for).toBe(37.4);
  });
});

describe('worstSingleFaults', () => {
  it('takes each target once at the largest setting, starting where the measured window starts', () => {
    const worst = worstSingleFaults(spec, { warmup: 60 });
    expect(worst.map((w) => w.fault)).toEqual([
      { kind: 'slowdown', service: 'db', factor: 20, at: 60, for: 120 },
      { kind: 'slowdown', service: 'cache', factor: 20, at: 60, for: 120 },
      { kind: 'crash', service: 'db', replicas: 3, at: 10, for: Infinity },
      { kind: 'zone-outage', zone: 'a', at: 30, for: 5 },
      { kind: 'zone-outage', zone: 'b', at: 30, for: 5 },
    ]);
  });
});
