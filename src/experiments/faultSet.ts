/**
 * A fault set: the faults one `check` run injects and the load it runs at — a point of
 * the space of checkSpec.ts. Applying it to a scenario gives the plain scenario that
 * run simulates (the scenario's own `faults:` stay; these are added; every traffic rate
 * is multiplied by the load).
 */
import type { FaultSpec, RateStep, Scenario } from '../scenarios/scenario.js';
import { formatDuration } from '../sim/units.js';

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

/** "slowdown ×4 of server at 5s for 3.2s", "crash of db (2 replicas) at 60s until the end". */
export function describeFault(f: FaultSpec): string {
  const window = `at ${formatDuration(f.at)} ${Number.isFinite(f.for) ? `for ${formatDuration(f.for)}` : 'until the end'}`;
  switch (f.kind) {
    case 'zone-outage':
      return `zone-outage of ${f.zone} ${window}`;
    case 'partition':
      return `partition between ${f.between[0]} and ${f.between[1]} ${window}`;
    default: {
      const target = `${f.service}${f.version !== undefined ? ` version ${f.version}` : ''}${f.replicas !== undefined ? ` (${f.replicas} replica${f.replicas === 1 ? '' : 's'})` : ''}`;
      const what = f.kind === 'slowdown' ? `slowdown ×${f.factor}` : f.kind === 'errors' ? `errors at rate ${f.rate}` : 'crash';
      return `${what} of ${target} ${window}`;
    }
  }
}

/** One line for a whole set: its faults, then the load. */
export function describeFaultSet(set: FaultSet): string {
  const faults = set.faults.length === 0 ? 'no fault' : set.faults.map(describeFault).join('; ');
  return `${faults}; load ${set.load}x`;
}

/** A stable key for memoizing evaluations (Infinity survives, unlike in JSON). */
export function faultSetKey(set: FaultSet): string {
  return JSON.stringify(set, (_k, v: unknown) => (v === Infinity ? 'Infinity' : v));
}
