/**
 * Where Alea streams keep their state: blocks of STREAMS_PER_BLOCK streams, four
 * float64s each (s0, s1, s2, c), filled in the order streams are created.
 */
const STREAMS_PER_BLOCK = 1024;
let block = new Float64Array(4 * STREAMS_PER_BLOCK);
let used = 0;

/**
 * Draws of Baagøe's Alea generator — the same arithmetic as seedrandom's `alea`, so the
 * same state gives the same draws, bit for bit — with the state packed beside that of
 * the streams created before and after it. A large mesh has thousands of streams, each
 * drawn from a few times a second and found cold in the cache: seedrandom's generator
 * spreads one stream over a closure, its context, an object and three boxed doubles
 * (five or six cache lines to miss per draw), this one over this object and one line of
 * a shared buffer.
 */
export class AleaStream {
  private readonly state: Float64Array;
  private readonly at: number;

  /** A stream continuing from Alea state (s0, s1, s2, c), as seedrandom's alea `state()` gives it. */
  constructor(s0: number, s1: number, s2: number, c: number) {
    if (used === STREAMS_PER_BLOCK) {
      block = new Float64Array(4 * STREAMS_PER_BLOCK);
      used = 0;
    }
    this.state = block;
    this.at = 4 * used++;
    block[this.at] = s0;
    block[this.at + 1] = s1;
    block[this.at + 2] = s2;
    block[this.at + 3] = c;
  }

  /** A uniform draw in [0, 1). */
  next(): number {
    const s = this.state;
    const i = this.at;
    const t = 2091639 * (s[i] as number) + (s[i + 3] as number) * 2.3283064365386963e-10; // 2^-32
    const c = t | 0;
    s[i] = s[i + 1] as number;
    s[i + 1] = s[i + 2] as number;
    s[i + 3] = c;
    return (s[i + 2] = t - c);
  }
}
