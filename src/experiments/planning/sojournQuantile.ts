/**
 * Percentiles of a service's response time in the analytic screening (docs/planning.md,
 * "Analytic screening"): the M/M/c wait plus the holding time, exact for an exponential
 * holding time (validation case D2), a lognormal approximation otherwise.
 */
import { UNLIMITED } from '../../scenarios/scenario.js';
import { erlangC, quantileFromSurvival } from '../closedForms/erlangC.js';
import type { AnalyticModel, Prediction } from './analyticScreen.js';

/**
 * The q-quantile of a service's response time (seconds): its replica's M/M/c wait (0
 * with probability 1 − C, else exponential) plus the holding time. An exponential
 * holding time (scv 1: an exponential service with no calls) gives the exact Erlang C
 * sojourn distribution (validation case D2); any other is taken as a lognormal with the
 * holding time's mean and variance, and the sum is integrated numerically.
 */
export function responseQuantile(model: AnalyticModel, prediction: Prediction, service: string, q: number): number {
  const p = prediction.services[service];
  const load = model.services.find((s) => s.name === service);
  if (!p || !load) return 0;
  if (!Number.isFinite(p.response)) return Number.POSITIVE_INFINITY;
  if (p.holding <= 0) return 0;
  const queued = load.concurrency !== UNLIMITED && p.perReplicaRate > 0;
  const pWait = queued ? erlangC(load.concurrency, p.perReplicaRate * p.holding) : 0;
  const a = queued ? load.concurrency / p.holding - p.perReplicaRate : Number.POSITIVE_INFINITY;
  const scv = p.holdingVariance / (p.holding * p.holding);
  if (Math.abs(scv - 1) < 1e-9) {
    const mu = 1 / p.holding;
    const survival = (t: number): number => {
      if (pWait === 0) return Math.exp(-mu * t);
      const hypo = Math.abs(a - mu) < 1e-12 * mu ? (1 + mu * t) * Math.exp(-mu * t) : (a * Math.exp(-mu * t) - mu * Math.exp(-a * t)) / (a - mu);
      return (1 - pWait) * Math.exp(-mu * t) + pWait * hypo;
    };
    return quantileFromSurvival(survival, q);
  }
  const holdingSurvival = lognormalSurvival(p.holding, scv);
  const survival = (t: number): number => (1 - pWait) * holdingSurvival(t) + (pWait > 0 ? pWait * waitConvolved(holdingSurvival, a, t) : 0);
  return quantileFromSurvival(survival, q);
}

/** P(H > t) for a lognormal H with the given mean and scv (scv 0: a constant). */
function lognormalSurvival(mean: number, scv: number): (t: number) => number {
  if (scv <= 1e-12) return (t) => (t < mean ? 1 : 0);
  const sigma2 = Math.log(1 + scv);
  const m = Math.log(mean) - sigma2 / 2;
  const sigma = Math.sqrt(sigma2);
  return (t) => (t <= 0 ? 1 : 0.5 * (1 - errorFunction((Math.log(t) - m) / (sigma * Math.SQRT2))));
}

/** P(W + H > t) for W exponential with rate a, H with survival `s`: ∫₀^∞ a e^{−aw} s(t − w) dw, by the midpoint rule. */
function waitConvolved(s: (t: number) => number, a: number, t: number): number {
  const steps = 200;
  const span = Math.max(t, 0) + 20 / a;
  const dw = span / steps;
  let sum = 0;
  for (let i = 0; i < steps; i++) {
    const w = (i + 0.5) * dw;
    sum += a * Math.exp(-a * w) * s(t - w) * dw;
  }
  // The tail beyond the span: the wait alone exceeds t there.
  return Math.min(1, sum + Math.exp(-a * span));
}

/**
 * erf by Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7): ample for a
 * screening estimate, and no dependency for one function.
 */
function errorFunction(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const z = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-z * z));
}
