/**
 * Up-front estimate of how many simulator events a scenario needs, so a run that
 * would take hours is refused before it starts (issue 2), naming `--max-events`.
 */
import type { RateStep } from './scenario.js';

/**
 * Default budget, events per whole run (all replications). The engine does about
 * 3M event operations per second on these machines (docs/architecture.md, binary heap at
 * 10k–100k pending), so 5e8 events is a few minutes of simulation; 5M requests
 * through one M/M/1 queue need about 5e6 × 1 × 4 = 2e7 events, 25× below it.
 */
export const DEFAULT_MAX_EVENTS = 5e8;

/**
 * Events per call (and per external request): arrival, start of service, end of
 * service, response delivered. Proxies and network hops add some; 4 keeps the
 * estimate an honest order of magnitude, not an upper bound.
 */
export const EVENTS_PER_CALL = 4;

/** Time-averaged rate (requests/s) of a piecewise-constant schedule over [0, horizon] seconds. */
export function meanRate(schedule: ReadonlyArray<RateStep>, horizon: number): number {
  if (!(horizon > 0)) return schedule[0]?.rate ?? 0;
  let total = 0;
  for (let i = 0; i < schedule.length; i++) {
    const step = schedule[i] as RateStep;
    const start = Math.min(step.at, horizon);
    const end = Math.min(schedule[i + 1]?.at ?? horizon, horizon);
    total += step.rate * Math.max(0, end - start);
  }
  return total / horizon;
}

export interface BudgetSource {
  readonly schedule: ReadonlyArray<RateStep>;
  /** Expected downstream calls per request of this source (callGraph.ts). */
  readonly expectedCalls: number;
}

/**
 * Estimated events: Σ_sources meanRate × horizon × (expectedCalls + 1) × EVENTS_PER_CALL
 * × replications, with horizon = warm-up + duration (seconds).
 */
export function estimateEvents(sources: ReadonlyArray<BudgetSource>, horizon: number, replications: number): number {
  let perReplication = 0;
  for (const s of sources) perReplication += meanRate(s.schedule, horizon) * horizon * (s.expectedCalls + 1) * EVENTS_PER_CALL;
  return perReplication * replications;
}
