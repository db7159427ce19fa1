/**
 * What the analytic screening says about objectives and capacity: each objective's
 * figure under the model, the work per service that sets the stability floor, and the
 * service to name when latency cannot fall.
 */
import { UNLIMITED, type Scenario } from '../../scenarios/scenario.js';
import type { Slo } from '../../scenarios/slo.js';
import { meetsObjective } from '../sloVerdict.js';
import { callsOf, type AnalyticModel, type Prediction, type ServiceLoad } from './analyticScreen.js';
import { responseQuantile } from './sojournQuantile.js';

const QUANTILE_OF: Readonly<Record<string, number>> = { p50: 0.5, p90: 0.9, p99: 0.99, p999: 0.999 };

/**
 * The model's value of an objective's figure at `prediction`: latencies from the MVA
 * (means) and the M/M/c sojourn (percentiles); availability 1 when every station is
 * stable, else 0 (errors, timeouts and retries are left to the simulation), and no
 * retries (amplification 1).
 */
export function predictedFigure(model: AnalyticModel, prediction: Prediction, slo: Slo): number {
  if (slo.metric === 'availability') return prediction.stable ? 1 : 0;
  if (slo.metric === 'retryAmplification') return 1;
  if (!prediction.stable) return Number.POSITIVE_INFINITY;
  const q = QUANTILE_OF[slo.metric];
  if (slo.scope.kind === 'service') {
    const service = slo.scope.service;
    return q === undefined ? (prediction.services[service]?.response ?? 0) : responseQuantile(model, prediction, service, q);
  }
  if (q === undefined) return prediction.meanLatency;
  return Math.max(0, ...model.entries.map((e) => e.overhead + responseQuantile(model, prediction, e.to, q)));
}

/** Whether the model predicts every objective met at `prediction`. */
export function predictedToMeet(model: AnalyticModel, prediction: Prediction, slos: ReadonlyArray<Slo>): boolean {
  return slos.every((s) => meetsObjective(s, predictedFigure(model, prediction, s)));
}


/**
 * Replica-units of work per service at the scenario's rates: the fewest replicas that
 * keep utilization below 1 with no queueing anywhere else is ⌊work⌋ + 1 — a true lower
 * bound, since a worker is held at least the unloaded holding time (apps and sidecars alike).
 */
export function workOf(model: AnalyticModel): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of model.services) {
    const app = s.concurrency === UNLIMITED ? 0 : (s.arrivalRate * s.unloadedHolding) / s.concurrency;
    const proxy = model.proxyWorkers > 0 ? (s.arrivalRate * s.proxyCpu) / model.proxyWorkers : 0;
    out[s.name] = Math.max(app, proxy);
  }
  return out;
}

/**
 * The service that contributes most to the unloaded latency below `entry` (or end to
 * end): visits per request × own work. The one to name when latency cannot fall.
 */
export function dominantService(model: AnalyticModel, entry?: string): string | undefined {
  const roots = entry !== undefined ? [entry] : model.entries.map((e) => e.to);
  const rootRate = model.services.filter((s) => roots.includes(s.name)).reduce((n, s) => n + s.arrivalRate, 0);
  let best: ServiceLoad | undefined;
  for (const s of model.services) {
    if (entry !== undefined && s.name !== entry && !reaches(model.scenario, entry, s.name)) continue;
    if (rootRate > 0 && (best === undefined || s.arrivalRate * s.ownWork > best.arrivalRate * best.ownWork)) best = s;
  }
  return best?.name;
}

function reaches(scenario: Scenario, from: string, to: string): boolean {
  const seen = new Set<string>([from]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const s = scenario.services.find((x) => x.name === queue[i]);
    for (const v of s?.versions ?? []) {
      for (const c of callsOf(v.calls)) {
        if (c.service === to) return true;
        if (!seen.has(c.service)) {
          seen.add(c.service);
          queue.push(c.service);
        }
      }
    }
  }
  return false;
}
