/**
 * Single-server closed forms (docs/semantics/validation-cases.md D3, D4, D7). Times in seconds,
 * rates per second.
 */

/** Pollaczek–Khinchine mean wait for M/G/1: Wq = ρ(1 + Cs²)/(2(1 − ρ))·E[S]. */
export function pollaczekKhinchineWait(lambda: number, meanService: number, scv: number): number {
  const rho = lambda * meanService;
  return (rho * (1 + scv) * meanService) / (2 * (1 - rho));
}

/**
 * GI/M/1 with deterministic interarrivals (D/M/1): σ solves σ = e^{−μ(1−σ)/λ}
 * (the arrival-time LST at μ(1 − σ)). The sojourn time is then Exp(μ(1 − σ)).
 */
export function deterministicArrivalsSigma(lambda: number, mu: number): number {
  let sigma = 0.5;
  for (let i = 0; i < 10_000; i++) {
    const next = Math.exp((-mu * (1 - sigma)) / lambda);
    if (Math.abs(next - sigma) < 1e-15) return next;
    sigma = next;
  }
  return sigma;
}

/** Fork-join of two homogeneous M/M/1 servers, exact mean response (Flatto–Hahn; Nelson–Tantawi). */
export function forkJoinTwoMeanResponse(lambda: number, mu: number): number {
  const rho = lambda / mu;
  return ((12 - rho) / 8) * (1 / (mu - lambda));
}
