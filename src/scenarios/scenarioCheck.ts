/**
 * A check of a resolved scenario that needs more than the scenario layer knows — the
 * mean of a service-time distribution lives with the samplers (models), the traffic
 * each service is offered with the analytic model (experiments) — handed in by whoever
 * loads the scenario (the CLI), so its findings are located in the file and carried like
 * every other warning, while `scenarios/` imports nothing above it.
 */
import type { MessageType } from '../policy/analysis/messages.js';
import type { FieldPath } from './locate.js';
import type { Scenario } from './scenario.js';

/** One warning about a scenario, at a field of its file. */
export interface ScenarioFinding {
  /** Where, in the scenario document (e.g. ['services', 0]). */
  readonly path: FieldPath;
  readonly message: string;
  /** Its catalog entry (src/policy/analysis/messages.ts): code and level. */
  readonly type: MessageType;
  readonly expected?: string;
}

export type ScenarioCheck = (scenario: Scenario) => ScenarioFinding[];
