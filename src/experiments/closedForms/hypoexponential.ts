import { quantileFromSurvival } from './erlangC.js';

/**
 * The sum of independent exponentials with distinct rates (hypoexponential) or
 * equal rates (Erlang): the end-to-end time of a Jackson tandem of M/M/1 stations
 * (docs/semantics/validation-cases.md D5, Reich's theorem), each stage Exp(μᵢ − λ).
 */
export function sumOfExponentialsSurvival(rates: ReadonlyArray<number>, t: number): number {
  const distinct = new Set(rates).size === rates.length;
  if (distinct) {
    // P(T > t) = Σᵢ e^{−rᵢ t} Πⱼ≠ᵢ rⱼ/(rⱼ − rᵢ)
    let s = 0;
    rates.forEach((ri, i) => {
      let w = 1;
      rates.forEach((rj, j) => {
        if (j !== i) w *= rj / (rj - ri);
      });
      s += w * Math.exp(-ri * t);
    });
    return s;
  }
  const r = rates[0] as number;
  if (!rates.every((x) => x === r)) throw new Error('mixed equal and distinct rates are not supported');
  // Erlang(k, r): P(T > t) = e^{−rt} Σ_{n<k} (rt)^n / n!
  let term = 1;
  let s = 1;
  for (let n = 1; n < rates.length; n++) {
    term *= (r * t) / n;
    s += term;
  }
  return Math.exp(-r * t) * s;
}

export function sumOfExponentialsQuantile(rates: ReadonlyArray<number>, q: number): number {
  return quantileFromSurvival((t) => sumOfExponentialsSurvival(rates, t), q);
}
