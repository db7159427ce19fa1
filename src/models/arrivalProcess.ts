import type { RandomSource } from '../policy/randomSource.js';
import type { RateStep } from '../scenarios/scenario.js';

/**
 * Arrival times for a piecewise-constant rate schedule.
 *
 * Poisson: a non-homogeneous Poisson process by time transformation — draw a unit
 * exponential and spend it across the rate steps — which is exact, uses one draw
 * per arrival, and needs no thinning. Constant: one arrival every 1/rate seconds at
 * the rate in force (the first at t = 0).
 */
export class ArrivalProcess {
  private readonly at: Float64Array;
  private readonly rate: Float64Array;

  constructor(
    schedule: ReadonlyArray<RateStep>,
    private readonly kind: 'poisson' | 'constant',
    private readonly rng: RandomSource,
  ) {
    this.at = Float64Array.from(schedule.map((s) => s.at));
    this.rate = Float64Array.from(schedule.map((s) => s.rate));
    this.steadyRate = schedule.length === 1 ? (schedule[0] as RateStep).rate : 0;
  }

  /** The rate when the schedule is one positive rate (the common case: no step search); else 0. */
  private readonly steadyRate: number;

  /** The first arrival at or after `from` (constant arrivals: `from` itself when the rate there is positive). */
  first(from: number): number {
    if (this.kind === 'constant') {
      const i = this.stepAt(from);
      return (this.rate[i] as number) > 0 ? from : this.nextPositiveStart(i);
    }
    return this.next(from);
  }

  /** The arrival after one at time `t` (seconds); +Infinity when the rate stays 0. */
  next(t: number): number {
    const r = this.steadyRate;
    // Same arithmetic as the general path below, so results do not change.
    if (r > 0) return this.kind === 'constant' ? t + 1 / r : t + -Math.log(1 - this.rng.next()) / r;
    let i = this.stepAt(t);
    if (this.kind === 'constant') {
      const r = this.rate[i] as number;
      return r > 0 ? t + 1 / r : this.nextPositiveStart(i);
    }
    let remaining = -Math.log(1 - this.rng.next());
    let now = t;
    for (;;) {
      const r = this.rate[i] as number;
      const boundary = i + 1 < this.at.length ? (this.at[i + 1] as number) : Number.POSITIVE_INFINITY;
      if (r > 0) {
        const dt = remaining / r;
        if (now + dt <= boundary) return now + dt;
        remaining -= r * (boundary - now);
      } else if (boundary === Number.POSITIVE_INFINITY) {
        return Number.POSITIVE_INFINITY;
      }
      now = boundary;
      i++;
    }
  }

  /** Mean number of arrivals in [0, until) — for budgets and tests. */
  expectedCount(until: number): number {
    let total = 0;
    for (let i = 0; i < this.at.length; i++) {
      const from = this.at[i] as number;
      const to = Math.min(until, i + 1 < this.at.length ? (this.at[i + 1] as number) : Number.POSITIVE_INFINITY);
      if (to > from) total += (this.rate[i] as number) * (to - from);
    }
    return total;
  }

  private stepAt(t: number): number {
    let i = 0;
    while (i + 1 < this.at.length && (this.at[i + 1] as number) <= t) i++;
    return i;
  }

  private nextPositiveStart(i: number): number {
    for (let j = i + 1; j < this.at.length; j++) if ((this.rate[j] as number) > 0) return this.at[j] as number;
    return Number.POSITIVE_INFINITY;
  }
}
