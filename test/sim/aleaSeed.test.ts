import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { writeAleaState } from '../../src/sim/aleaSeed.js';

function stateOf(seed: string): number[] {
  const out = new Float64Array(6);
  writeAleaState(seed, out, 1);
  return [...out.subarray(1, 5)];
}

describe('writeAleaState', () => {
  it("gives seedrandom's alea state for any seed text, bit for bit", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary', maxLength: 200 })), (seed) => {
        const { s0, s1, s2, c } = seedrandom.alea(seed, { state: true }).state();
        const [t0, t1, t2, tc] = stateOf(seed);
        expect([Object.is(t0, s0), Object.is(t1, s1), Object.is(t2, s2), Object.is(tc, c)]).toEqual([true, true, true, true]);
      }),
      { seed: 15, numRuns: 2000 },
    );
  });

  it("gives seedrandom's state for the stream names meshsim uses", () => {
    for (const seed of ['', ' ', 'meshsim:42:service/reviews/v1/work', 'meshsim:2147483647:route/a%2Fb/c']) {
      const { s0, s1, s2, c } = seedrandom.alea(seed, { state: true }).state();
      expect(stateOf(seed)).toEqual([s0, s1, s2, c]);
    }
  });

  it('writes only its four slots', () => {
    const out = new Float64Array(6).fill(7);
    writeAleaState('x', out, 1);
    expect([out[0], out[5]]).toEqual([7, 7]);
  });
});
