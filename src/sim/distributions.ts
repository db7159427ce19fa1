import type { RandomStream } from './randomStreams.js';
import { normalQuantile, Z99 } from './normal.js';

/**
 * A distribution of a non-negative duration (seconds). Samplers draw only from
 * the stream they are handed; `mean` is exact (closed form), used by capacity
 * estimates and tests.
 *
 * Each kind is a class, its parameters fields of one object: a large mesh has a
 * distribution per version, each sampled a few times a second and found cold in the
 * cache, and a closure would add its function object and context to the lines missed.
 */
export interface Distribution {
  sample(rng: RandomStream): number;
  readonly mean: number;
  /** Squared coefficient of variation, Var/mean², exact; NaN if unknown. */
  readonly scv: number;
}

class Constant implements Distribution {
  readonly scv = 0;
  constructor(readonly mean: number) {}

  sample(): number {
    return this.mean;
  }
}

export function constant(value: number): Distribution {
  return new Constant(value);
}

/** Exponential with the given mean (seconds), by inversion: one uniform per draw. */
export function exponential(mean: number): Distribution {
  return new Exponential(mean);
}

class Exponential implements Distribution {
  readonly scv = 1;
  constructor(readonly mean: number) {}

  sample(rng: RandomStream): number {
    return -this.mean * Math.log(1 - rng.next());
  }
}

/** Lognormal fixed by its median and 99th percentile (p99 > median > 0). */
export function lognormal(median: number, p99: number): Distribution {
  const mu = Math.log(median);
  return new Lognormal(mu, (Math.log(p99) - mu) / Z99);
}

class Lognormal implements Distribution {
  readonly mean: number;
  readonly scv: number;

  constructor(
    private readonly mu: number,
    private readonly sigma: number,
  ) {
    this.mean = Math.exp(mu + (sigma * sigma) / 2);
    this.scv = Math.exp(sigma * sigma) - 1;
  }

  sample(rng: RandomStream): number {
    return Math.exp(this.mu + this.sigma * normalQuantile(rng.next() || Number.MIN_VALUE));
  }
}

/**
 * Gamma fixed by mean and coefficient of variation (shape k = 1/cv², scale = mean/k),
 * sampled by Marsaglia–Tsang (2000); shapes below 1 use the boost U^(1/k).
 */
export function gamma(mean: number, cv: number): Distribution {
  return new Gamma(mean, cv);
}

class Gamma implements Distribution {
  readonly scv: number;
  private readonly shape: number;
  private readonly scale: number;
  private readonly boosted: boolean;
  private readonly d: number;
  private readonly c: number;

  constructor(
    readonly mean: number,
    cv: number,
  ) {
    this.scv = cv * cv;
    this.shape = 1 / (cv * cv);
    this.scale = mean / this.shape;
    this.boosted = this.shape < 1;
    const k = this.boosted ? this.shape + 1 : this.shape;
    this.d = k - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
  }

  sample(rng: RandomStream): number {
    const { c, d } = this;
    let x: number;
    for (;;) {
      const z = normalQuantile(rng.next() || Number.MIN_VALUE);
      const v0 = 1 + c * z;
      if (v0 <= 0) continue;
      const v = v0 * v0 * v0;
      const u = rng.next();
      if (u < 1 - 0.0331 * z * z * z * z || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) {
        x = d * v;
        break;
      }
    }
    if (this.boosted) x *= Math.pow(rng.next() || Number.MIN_VALUE, 1 / this.shape);
    return x * this.scale;
  }
}

/**
 * Empirical distribution from percentile points: the inverse CDF is linear
 * between the points; below the first point it runs linearly from 0 at q = 0
 * (unless a q = 0 point is given), and above the last point it continues as an
 * exponential tail through the last two points, so every given percentile is
 * reproduced exactly and the tail stays unbounded, as latency tails are.
 */
export function empirical(points: ReadonlyArray<{ q: number; value: number }>): Distribution {
  const qs: number[] = [];
  const vs: number[] = [];
  if ((points[0]?.q ?? 0) > 0) {
    qs.push(0);
    vs.push(0);
  }
  for (const p of points) {
    qs.push(p.q);
    vs.push(p.value);
  }
  const n = qs.length;
  const qLast = qs[n - 1] as number;
  const vLast = vs[n - 1] as number;
  const qPrev = qs[n - 2] as number;
  const vPrev = vs[n - 2] as number;
  // Exponential tail: value(q) = vLast + θ·ln((1 − qLast)/(1 − q)); θ from the last two points.
  const theta = qLast < 1 ? Math.max(0, (vLast - vPrev) / Math.log((1 - qPrev) / (1 - qLast))) : 0;
  // Exact moments: trapezoids (linear pieces) plus the exponential tail.
  let m1 = 0;
  let m2 = 0;
  for (let i = 1; i < n; i++) {
    const w = (qs[i] as number) - (qs[i - 1] as number);
    const a = vs[i - 1] as number;
    const b = vs[i] as number;
    m1 += (w * (a + b)) / 2;
    m2 += (w * (a * a + a * b + b * b)) / 3;
  }
  const tailMass = 1 - qLast;
  m1 += tailMass * (vLast + theta);
  m2 += tailMass * (vLast * vLast + 2 * vLast * theta + 2 * theta * theta);
  return new Empirical(qs, vs, theta, m1, m1 > 0 ? m2 / (m1 * m1) - 1 : 0);
}

class Empirical implements Distribution {
  constructor(
    /** The inverse CDF's points, q = 0 first. */
    private readonly qs: readonly number[],
    private readonly vs: readonly number[],
    /** The exponential tail's scale above the last point. */
    private readonly theta: number,
    readonly mean: number,
    readonly scv: number,
  ) {}

  sample(rng: RandomStream): number {
    return this.inverse(rng.next());
  }

  private inverse(u: number): number {
    const { qs, vs } = this;
    const n = qs.length;
    const qLast = qs[n - 1] as number;
    const vLast = vs[n - 1] as number;
    if (u >= qLast) return qLast >= 1 ? vLast : vLast + this.theta * Math.log((1 - qLast) / (1 - u));
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((qs[mid] as number) <= u) lo = mid;
      else hi = mid;
    }
    const q0 = qs[lo] as number;
    const q1 = qs[hi] as number;
    const v0 = vs[lo] as number;
    return v0 + ((vs[hi] as number) - v0) * ((u - q0) / (q1 - q0));
  }
}

/** Mixture: a component chosen by weight (weights need not sum to 1), then sampled. */
export function mixture(components: ReadonlyArray<{ weight: number; dist: Distribution }>): Distribution {
  const total = components.reduce((s, c) => s + c.weight, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const c of components) {
    acc += c.weight / total;
    cumulative.push(acc);
  }
  const dists = components.map((c) => c.dist);
  const mean = components.reduce((s, c) => s + (c.weight / total) * c.dist.mean, 0);
  const second = components.reduce((s, c) => s + (c.weight / total) * c.dist.mean * c.dist.mean * (1 + c.dist.scv), 0);
  return new Mixture(cumulative, dists, mean, mean > 0 ? second / (mean * mean) - 1 : 0);
}

class Mixture implements Distribution {
  constructor(
    /** Cumulative normalized weights, one per component. */
    private readonly cumulative: readonly number[],
    private readonly dists: readonly Distribution[],
    readonly mean: number,
    readonly scv: number,
  ) {}

  sample(rng: RandomStream): number {
    const u = rng.next();
    const cumulative = this.cumulative;
    let i = 0;
    while (i < cumulative.length - 1 && u >= (cumulative[i] as number)) i++;
    return (this.dists[i] as Distribution).sample(rng);
  }
}

/** A copy of `d` with every draw multiplied by `factor` (a slowdown). */
export function scaled(d: Distribution, factor: number): Distribution {
  return new Scaled(d, factor);
}

class Scaled implements Distribution {
  readonly mean: number;
  readonly scv: number;

  constructor(
    private readonly d: Distribution,
    private readonly factor: number,
  ) {
    this.mean = factor * d.mean;
    this.scv = d.scv;
  }

  sample(rng: RandomStream): number {
    return this.factor * this.d.sample(rng);
  }
}
