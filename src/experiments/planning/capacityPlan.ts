/**
 * A capacity plan per data plane: the same search (planSearch.ts) once for each data
 * plane asked for, all with the same seed, so each data plane's plan and its monthly
 * cost can be set side by side. The first data plane is the plan's headline.
 */
import { EVENTS_PER_CALL } from '../../scenarios/eventBudget.js';
import type { DataPlaneKind, Scenario } from '../../scenarios/scenario.js';
import { withDataPlane } from '../compare.js';
import { analyticModel } from './analyticScreen.js';
import { planReplicas, type PlanOutcome, type PlanRequest } from './planSearch.js';

/**
 * Defaults of `meshsim plan` and of the library's `plan`. First round of replications per
 * candidate: two, the fewest that give an interval. It is
 * wide (t₁ = 12.7), yet a clear-cut candidate is decided by it — the first holding
 * element and its failing neighbour usually sit far apart — and an undecided one doubles.
 */
export const PLAN_REPLICATIONS = 2;
export const PLAN_MAX_REPLICATIONS = 16;
export const PLAN_MAX_REPLICAS = 100;
export const PLAN_MAX_CANDIDATES = 40;

export interface DataPlanePlan {
  readonly dataPlane: DataPlaneKind;
  readonly outcome: PlanOutcome;
}

export interface CapacityPlan {
  readonly request: PlanRequest;
  /** In the order asked for; [0] is the headline. */
  readonly plans: ReadonlyArray<DataPlanePlan>;
}

/**
 * Plans for each of `dataPlanes` (default: the scenario's own): one after the other on
 * this machine's threads, all at once on a queue (`runner`), where one at a time would
 * leave most of a fleet idle. The plans are in the order asked for either way.
 */
export async function planCapacity(request: PlanRequest, dataPlanes: ReadonlyArray<DataPlaneKind> = [request.scenario.dataPlane]): Promise<CapacityPlan> {
  const plan = async (dataPlane: DataPlaneKind): Promise<DataPlanePlan> => ({ dataPlane, outcome: await planReplicas({ ...request, scenario: withDataPlane(request.scenario, dataPlane) }) });
  const plans: DataPlanePlan[] = [];
  if (request.runner) plans.push(...(await Promise.all(dataPlanes.map(plan))));
  else for (const dataPlane of dataPlanes) plans.push(await plan(dataPlane));
  return { request, plans };
}

/**
 * Estimated simulator events of one candidate's first round at `load` (the same
 * arithmetic as the scenario's event budget, eventBudget.ts: requests and calls ×
 * EVENTS_PER_CALL over warm-up + duration), so a forecast that would make every
 * candidate take hours is refused before the first one starts.
 */
export function candidateEvents(scenario: Scenario, load: number, replications: number): number {
  const model = analyticModel(scenario);
  // Requests and calls per second: every visit to a service.
  const visits = model.services.reduce((n, s) => n + s.arrivalRate, 0);
  const horizon = scenario.simulation.warmup + scenario.simulation.duration;
  return visits * load * horizon * EVENTS_PER_CALL * replications;
}
