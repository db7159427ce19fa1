/**
 * Baagøe's Alea seeding (his Mash hash of the seed text), written out here with the
 * same arithmetic as seedrandom's `alea`, so a seed text gives the same state, bit for
 * bit (test/sim/aleaSeed.test.ts checks it against seedrandom on arbitrary strings).
 *
 * Why not seedrandom's own: a large mesh seeds thousands of streams, and seedrandom
 * builds a generator object, a Mash closure and a state copy per stream, and hashes the
 * constant ' ' three times each time; seeding was most of a 3,000-service run's setup
 * outside the YAML. Here the ' ' part is hashed once, at load, and a seed writes its
 * state straight into the caller's buffer.
 */

/** Mash's starting value (Baagøe's constant). */
const MASH_START = 0xefc8249d;
/** 2^-32. */
const INV_2_32 = 2.3283064365386963e-10;

/** Mash's running value after hashing `text` from running value `n` (seedrandom's `mash` body). */
function mashFrom(n: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    n += text.charCodeAt(i);
    let h = 0.02519603282416938 * n;
    n = h >>> 0;
    h -= n;
    h *= n;
    n = h >>> 0;
    h -= n;
    n += h * 0x100000000; // 2^32
  }
  return n;
}

/** What Mash gives from running value n: its output. */
const mashOutput = (n: number): number => (n >>> 0) * INV_2_32;

// Alea hashes ' ' three times before the seed, always from Mash's start: constants.
const N1 = mashFrom(MASH_START, ' ');
const N2 = mashFrom(N1, ' ');
const N3 = mashFrom(N2, ' ');
const SPACE0 = mashOutput(N1);
const SPACE1 = mashOutput(N2);
const SPACE2 = mashOutput(N3);

/**
 * Writes Alea's state (s0, s1, s2, c) for seed text `seed` — what seedrandom's
 * `alea(seed, {state: true}).state()` gives — into `out` at `at`.
 */
export function writeAleaState(seed: string, out: Float64Array, at: number): void {
  const n1 = mashFrom(N3, seed);
  const n2 = mashFrom(n1, seed);
  const n3 = mashFrom(n2, seed);
  let s0 = SPACE0 - mashOutput(n1);
  if (s0 < 0) s0 += 1;
  let s1 = SPACE1 - mashOutput(n2);
  if (s1 < 0) s1 += 1;
  let s2 = SPACE2 - mashOutput(n3);
  if (s2 < 0) s2 += 1;
  out[at] = s0;
  out[at + 1] = s1;
  out[at + 2] = s2;
  out[at + 3] = 1;
}
