import { writeAleaState } from './aleaSeed.js';

/**
 * Where Alea streams keep their state: blocks of STREAMS_PER_BLOCK streams, four
 * float64s each (s0, s1, s2, c), filled in the order streams are first drawn from.
 */
const STREAMS_PER_BLOCK = 1024;
let block = new Float64Array(4 * STREAMS_PER_BLOCK);
let used = 0;

/**
 * Draws of Baagøe's Alea generator — the same arithmetic as seedrandom's `alea`, so the
 * same state gives the same draws, bit for bit — with the state packed beside that of
 * the streams first drawn from before and after it. A large mesh has thousands of streams, each
 * drawn from a few times a second and found cold in the cache: seedrandom's generator
 * spreads one stream over a closure, its context, an object and three boxed doubles
 * (five or six cache lines to miss per draw), this one over this object and one line of
 * a shared buffer.
 *
 * A stream is seeded on its first draw, not when it is made: a large mesh makes
 * thousands of streams (three per service version, one per route) that a run never
 * draws from, and seeding them all was a tenth of a 3,000-service run's setup. The
 * draws depend on the seed text alone, so when a stream is seeded changes none of them.
 */
export class AleaStream {
  private state = block;
  /** Where this stream's state starts in `state`; -1 until the first draw seeds it. */
  private at = -1;

  /** A stream seeded as seedrandom's `alea(seed)` is, and drawing what it draws. */
  constructor(private readonly seed: string) {}

  /** A uniform draw in [0, 1). */
  next(): number {
    if (this.at < 0) this.place();
    const s = this.state;
    const i = this.at;
    const t = 2091639 * (s[i] as number) + (s[i + 3] as number) * 2.3283064365386963e-10; // 2^-32
    const c = t | 0;
    s[i] = s[i + 1] as number;
    s[i + 1] = s[i + 2] as number;
    s[i + 3] = c;
    return (s[i + 2] = t - c);
  }

  /** Seeds this stream's state in the current block (a new block when it is full). */
  private place(): void {
    if (used === STREAMS_PER_BLOCK) {
      block = new Float64Array(4 * STREAMS_PER_BLOCK);
      used = 0;
    }
    this.state = block;
    this.at = 4 * used++;
    writeAleaState(this.seed, block, this.at);
  }
}
