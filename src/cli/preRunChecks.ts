import { overloadFindings } from '../experiments/offeredLoad.js';
import type { ScenarioCheck } from '../scenarios/scenarioCheck.js';

/** The checks `validate`, `run` and `compare` add to a scenario's own before anything runs (scenarioCheck.ts). */
export const PRE_RUN_CHECKS: readonly ScenarioCheck[] = [overloadFindings];
