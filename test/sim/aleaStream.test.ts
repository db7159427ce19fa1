import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { AleaStream } from '../../src/sim/aleaStream.js';

describe('AleaStream', () => {
  it("draws what seedrandom's alea draws from the same state, bit for bit", () => {
    for (const seed of ['meshsim:1:service/a/v1/work', 'meshsim:7:route/a/b', '']) {
      const reference = seedrandom.alea(seed, { state: true });
      const { s0, s1, s2, c } = reference.state();
      const stream = new AleaStream(s0, s1, s2, c);
      for (let i = 0; i < 10_000; i++) expect(Object.is(stream.next(), reference())).toBe(true);
    }
  });

  it('keeps each stream to its own state when many share a buffer block', () => {
    // More streams than one block holds, drawn interleaved: each must match its own reference.
    const seeds = Array.from({ length: 2500 }, (_, i) => `s${i}`);
    const references = seeds.map((s) => seedrandom.alea(s, { state: true }));
    const streams = references.map((r) => {
      const { s0, s1, s2, c } = r.state();
      return new AleaStream(s0, s1, s2, c);
    });
    for (let round = 0; round < 20; round++) {
      for (let k = 0; k < streams.length; k++) expect((streams[k] as AleaStream).next()).toBe((references[k] as () => number)());
    }
  });
});
