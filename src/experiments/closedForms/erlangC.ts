/**
 * M/M/c closed forms (docs/semantics/validation-cases.md D2): Erlang C and the sojourn-time
 * distribution. Rates per second, times in seconds; the capacity planner's
 * analytic screening and the validation tests both use these.
 */

/** Erlang B blocking probability B(c, A) by the stable recurrence B(k) = A·B(k−1)/(k + A·B(k−1)). */
export function erlangB(servers: number, offeredLoad: number): number {
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offeredLoad * b) / (k + offeredLoad * b);
  return b;
}

/** Erlang C: probability an arrival waits, C(c, A) with A = λ/μ < c. */
export function erlangC(servers: number, offeredLoad: number): number {
  if (offeredLoad >= servers) return 1;
  const b = erlangB(servers, offeredLoad);
  const rho = offeredLoad / servers;
  return b / (1 - rho + rho * b);
}

export interface MmcParameters {
  /** Arrival rate λ (1/s). */
  readonly lambda: number;
  /** Service rate per server μ (1/s). */
  readonly mu: number;
  /** Servers c. */
  readonly servers: number;
}

/** Mean waiting time in queue Wq = C/(cμ − λ), seconds. */
export function mmcMeanWait({ lambda, mu, servers }: MmcParameters): number {
  return erlangC(servers, lambda / mu) / (servers * mu - lambda);
}

/** Mean sojourn W = Wq + 1/μ, seconds. */
export function mmcMeanSojourn(p: MmcParameters): number {
  return mmcMeanWait(p) + 1 / p.mu;
}

/**
 * P(T > t) for the M/M/c sojourn T = Wq + S: Wq is 0 with probability 1 − C and
 * otherwise Exp(a = cμ − λ), S ~ Exp(μ) independent, so
 * P(T > t) = (1 − C)e^{−μt} + C·(a e^{−μt} − μ e^{−at})/(a − μ)   (a ≠ μ).
 */
export function mmcSojournSurvival({ lambda, mu, servers }: MmcParameters, t: number): number {
  const c = erlangC(servers, lambda / mu);
  const a = servers * mu - lambda;
  const hypo = Math.abs(a - mu) < 1e-12 ? (1 + mu * t) * Math.exp(-mu * t) : (a * Math.exp(-mu * t) - mu * Math.exp(-a * t)) / (a - mu);
  return (1 - c) * Math.exp(-mu * t) + c * hypo;
}

/** The q-quantile of the M/M/c sojourn time (seconds), by bisection on the survival function. */
export function mmcSojournQuantile(p: MmcParameters, q: number): number {
  return quantileFromSurvival((t) => mmcSojournSurvival(p, t), q);
}

/** Solves survival(t) = 1 − q for t ≥ 0, survival decreasing; bisection to 1e-12 relative. */
export function quantileFromSurvival(survival: (t: number) => number, q: number): number {
  let hi = 1;
  while (survival(hi) > 1 - q) hi *= 2;
  let lo = 0;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (survival(mid) > 1 - q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
