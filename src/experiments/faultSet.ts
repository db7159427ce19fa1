/**
 * A fault set: the faults one `check` run injects and the load it runs at — a point of
 * the space of checkSpec.ts. Applying it to a scenario gives the plain scenario that
 * run simulates (the scenario's own `faults:` stay; these are added; every traffic rate
 * is multiplied by the load).
 */
import type { FaultSpec, RateStep, Scenario } from '../scenarios/scenario.js';

export interface FaultSet {
  /** Faults added to the scenario's own; `for` Infinity = until the end of the run. */
  readonly faults: ReadonlyArray<FaultSpec>;
  /** Multiplier of every traffic rate (1 = the scenario's traffic). */
  readonly load: number;
}

/** The scenario with the set's faults added and its traffic scaled; faults lasting 0 s are left out (they do nothing). */
export function applyFaultSet(scenario: Scenario, set: FaultSet): Scenario {
  const added = set.faults.filter((f) => f.for > 0);
  const scale = (steps: ReadonlyArray<RateStep>): RateStep[] => steps.map((s) => ({ ...s, rate: s.rate * set.load }));
  return {
    ...scenario,
    faults: [...scenario.faults, ...added],
    traffic: set.load === 1 ? scenario.traffic : scenario.traffic.map((t) => ({ ...t, rate: scale(t.rate) })),
  };
}

/** A stable key for memoizing evaluations (Infinity survives, unlike in JSON). */
export function faultSetKey(set: FaultSet): string {
  return JSON.stringify(set, (_k, v: unknown) => (v === Infinity ? 'Infinity' : v));
}
