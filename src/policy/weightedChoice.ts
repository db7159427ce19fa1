import type { RandomSource } from './randomSource.js';

/**
 * Envoy's weighted-cluster pick (§7.2 [E-WC]): with integer weights w_i and total W,
 * draw v uniform on 0..W-1 and take the entry whose cumulative interval [begin, begin+w)
 * contains v. Weights are relative (no sum-to-100 rule); zero weights never win.
 */
export class WeightedChoice<T> {
  private readonly cumulative: number[];
  readonly total: number;

  constructor(readonly entries: ReadonlyArray<{ readonly weight: number; readonly value: T }>) {
    if (entries.length === 0) throw new RangeError('WeightedChoice needs at least one entry');
    let sum = 0;
    this.cumulative = entries.map((e) => {
      if (!(e.weight >= 0) || !Number.isFinite(e.weight)) throw new RangeError(`weight ${e.weight} must be finite and >= 0`);
      sum += e.weight;
      return sum;
    });
    if (sum <= 0) throw new RangeError('total weight must be > 0');
    this.total = sum;
  }

  /** Index of the chosen entry. Draws one number from `random` only when there is a choice. */
  chooseIndex(random: RandomSource): number {
    if (this.entries.length === 1) return 0;
    const v = Math.floor(random.next() * this.total);
    // Linear scan: routes have a handful of destinations.
    for (let i = 0; i < this.cumulative.length; i++) if (v < (this.cumulative[i] as number)) return i;
    return this.cumulative.length - 1;
  }

  choose(random: RandomSource): T {
    return (this.entries[this.chooseIndex(random)] as { value: T }).value;
  }

  /** Expected share of entry i, in [0, 1]. */
  share(i: number): number {
    return (this.entries[i]?.weight ?? 0) / this.total;
  }
}
