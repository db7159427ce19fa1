import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { AleaStream } from '../../src/sim/aleaStream.js';

describe('AleaStream', () => {
  it("draws what seedrandom's alea draws from the same seed, bit for bit", () => {
    for (const seed of ['meshsim:1:service/a/v1/work', 'meshsim:7:route/a/b', '']) {
      const reference = seedrandom.alea(seed);
      const stream = new AleaStream(seed);
      for (let i = 0; i < 10_000; i++) expect(Object.is(stream.next(), reference())).toBe(true);
    }
  });

  it('keeps each stream to its own state when many share a buffer block', () => {
    // More streams than one block holds, drawn interleaved: each must match its own reference.
    const seeds = Array.from({ length: 2500 }, (_, i) => `s${i}`);
    const references = seeds.map((s) => seedrandom.alea(s));
    const streams = seeds.map((s) => new AleaStream(s));
    for (let round = 0; round < 20; round++) {
      for (let k = 0; k < streams.length; k++) expect((streams[k] as AleaStream).next()).toBe((references[k] as () => number)());
    }
  });

  it('draws the same whatever order streams are first drawn from (seeded on first draw)', () => {
    // Streams made in one order and first drawn in the reverse one, some never drawn:
    // the block slots follow the first draws, the draws follow the seeds alone.
    const seeds = Array.from({ length: 1500 }, (_, i) => `late${i}`);
    const streams = seeds.map((s) => new AleaStream(s));
    for (let k = streams.length - 1; k >= 0; k -= 2) {
      const reference = seedrandom.alea(seeds[k] as string);
      for (let i = 0; i < 5; i++) expect((streams[k] as AleaStream).next()).toBe(reference());
    }
  });
});
