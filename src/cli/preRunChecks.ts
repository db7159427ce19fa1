import { overloadFindings } from '../experiments/offeredLoad.js';
import type { ScenarioCheck, ScenarioFinding } from '../scenarios/scenarioCheck.js';

/**
 * The checks `validate`, `run`, `compare`, `check` and `diff` add to a scenario's own
 * before anything runs (scenarioCheck.ts). `plan` leaves them out: it sizes the replicas
 * itself, so an overload at the file's replica counts is what it is asked to fix.
 */
export const PRE_RUN_CHECKS: readonly ScenarioCheck[] = [overloadFindings];

/**
 * PRE_RUN_CHECKS for one scenario that `run` then runs: it keeps the overload findings
 * the check made, because the run's results list them too (runScenario's
 * `overloadFindings`), and on a mesh of thousands of services they are worth making once.
 */
export class RunPreChecks {
  /** What overloadFindings found, once the checks have run (undefined if the scenario did not resolve). */
  overload: ScenarioFinding[] | undefined;
  /** PRE_RUN_CHECKS, the overload check recording what it finds. */
  readonly checks: readonly ScenarioCheck[] = PRE_RUN_CHECKS.map((check) =>
    check === overloadFindings ? (scenario) => (this.overload = overloadFindings(scenario)) : check,
  );
}
