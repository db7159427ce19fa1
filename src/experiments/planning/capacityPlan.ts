/**
 * A capacity plan per data plane: the same search (planSearch.ts) once for each data
 * plane asked for, all with the same seed, so each data plane's plan and its monthly
 * cost can be set side by side. The first data plane is the plan's headline.
 */
import type { DataPlaneKind } from '../../scenarios/scenario.js';
import { withDataPlane } from '../compare.js';
import { planReplicas, type PlanOutcome, type PlanRequest } from './planSearch.js';

export interface DataPlanePlan {
  readonly dataPlane: DataPlaneKind;
  readonly outcome: PlanOutcome;
}

export interface CapacityPlan {
  readonly request: PlanRequest;
  /** In the order asked for; [0] is the headline. */
  readonly plans: ReadonlyArray<DataPlanePlan>;
}

/** Plans for each of `dataPlanes` (default: the scenario's own), one after the other. */
export async function planCapacity(request: PlanRequest, dataPlanes: ReadonlyArray<DataPlaneKind> = [request.scenario.dataPlane], onDataPlane?: (dp: DataPlaneKind) => void): Promise<CapacityPlan> {
  const plans: DataPlanePlan[] = [];
  for (const dataPlane of dataPlanes) {
    onDataPlane?.(dataPlane);
    plans.push({ dataPlane, outcome: await planReplicas({ ...request, scenario: withDataPlane(request.scenario, dataPlane) }) });
  }
  return { request, plans };
}
