import { overloadFindings } from '../experiments/offeredLoad.js';
import type { ScenarioCheck } from '../scenarios/scenarioCheck.js';

/**
 * The checks `validate`, `run`, `compare`, `check` and `diff` add to a scenario's own
 * before anything runs (scenarioCheck.ts). `plan` leaves them out: it sizes the replicas
 * itself, so an overload at the file's replica counts is what it is asked to fix.
 */
export const PRE_RUN_CHECKS: readonly ScenarioCheck[] = [overloadFindings];
