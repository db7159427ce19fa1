/**
 * `meshsim plan --json`: schema meshsim.plan/v1 (README, "meshsim plan"). Everything
 * in it is a pure function of the scenario, the flags and the seed — byte-identical for
 * any --workers; it carries no wall-clock figure.
 */
import type { CapacityPlan, DataPlanePlan } from '../experiments/planning/capacityPlan.js';
import type { MinusOne, PlanOutcome } from '../experiments/planning/planSearch.js';
import type { Verdict } from '../experiments/sloVerdict.js';
import { round } from '../statistics/significantDigits.js';
import type { Results } from './results.js';

export const PLAN_SCHEMA = 'meshsim.plan/v1';

export interface PlannedService {
  /** Replicas planned. */
  replicas: number;
  /** Replicas in the file. */
  before: number;
  /** Utilization of the service's workers in the plan's simulation (normal operation). */
  utilization: number | null;
  /** Replicas per zone. */
  zones: Record<string, number>;
  /** Replicas per version (services with versions only). */
  versions?: Record<string, number>;
  /** What removing one replica does (see docs/planning.md). */
  minusOne?: MinusOne;
}

export interface PlanJudgementJson {
  slo: string;
  /** "normal", or "zone-outage ZONE" under --survive. */
  situation: string;
  verdict: Verdict | 'unjudgeable';
  estimate: number | null;
  ci95?: [number, number];
  margin: number | null;
}

export interface PlanCost {
  usdPerMonth: number;
  vcpu: number;
  meshVcpu: number;
  memoryGiB: number;
  meshMemoryGiB: number;
  crossZoneGiB: number;
}

export interface DataPlanePlanJson {
  feasible: boolean;
  reason?: string;
  blocking?: string;
  services: Record<string, PlannedService>;
  binding: string | null;
  margin: number | null;
  judgements: PlanJudgementJson[];
  analytic: { floor: Record<string, number>; estimate?: Record<string, number> };
  candidates: Array<{ replicas: Record<string, number>; verdict: Verdict; replications: number }>;
  simulations: number;
  replications: number;
  budgetExhausted: boolean;
}

export interface PlanJson extends DataPlanePlanJson {
  schema: typeof PLAN_SCHEMA;
  scenario: string;
  seed: number;
  load: number;
  dataPlane: string;
  survive: string[];
  slo: string[];
  /** Monthly cost of each data plane's own plan (null where it is infeasible). */
  cost: Record<string, PlanCost | null>;
  /** Every data plane's plan, the headline's included (in the order asked for). */
  dataPlanes: Record<string, DataPlanePlanJson>;
}

/** The plan as `--json` writes it: the first data plane's plan at the top, every data plane's under dataPlanes. */
export function planJson(plan: CapacityPlan): PlanJson {
  const headline = plan.plans[0] as DataPlanePlan;
  const dataPlanes: Record<string, DataPlanePlanJson> = {};
  const cost: Record<string, PlanCost | null> = {};
  for (const p of plan.plans) {
    dataPlanes[p.dataPlane] = dataPlanePlanJson(p.outcome);
    cost[p.dataPlane] = costOf(normalResults(p.outcome));
  }
  const r = plan.request;
  return {
    schema: PLAN_SCHEMA,
    scenario: r.scenario.name,
    seed: r.seed,
    load: r.load,
    dataPlane: headline.dataPlane,
    survive: r.survive ? ['zone-outage'] : [],
    slo: r.slos.map((s) => s.text),
    ...(dataPlanes[headline.dataPlane] as DataPlanePlanJson),
    cost,
    dataPlanes,
  };
}

function normalResults(o: PlanOutcome): Results | undefined {
  return o.feasible ? o.evaluation?.situations[0]?.results : undefined;
}

function costOf(results: Results | undefined): PlanCost | null {
  if (!results) return null;
  const c = results.cost;
  return { usdPerMonth: c.usdPerMonth, vcpu: c.vcpu, meshVcpu: c.meshVcpu, memoryGiB: c.memoryGiB, meshMemoryGiB: c.meshMemoryGiB, crossZoneGiB: c.crossZoneGiB };
}

function dataPlanePlanJson(o: PlanOutcome): DataPlanePlanJson {
  const results = normalResults(o);
  const services: Record<string, PlannedService> = {};
  for (const s of o.planned.services) {
    const zones: Record<string, number> = {};
    for (const v of s.versions) for (const z of v.replicaZones) zones[z] = (zones[z] ?? 0) + 1;
    const minusOne = o.minusOne[s.name];
    const utilization = results?.services[s.name]?.utilization;
    services[s.name] = {
      replicas: o.counts[s.name] ?? 0,
      before: o.before[s.name] ?? 0,
      utilization: utilization ?? null,
      zones,
      ...(!s.implicitVersion && { versions: Object.fromEntries(s.versions.map((v) => [v.name, v.replicaZones.length])) }),
      ...(minusOne && { minusOne }),
    };
  }
  const judgements: PlanJudgementJson[] = [];
  if (o.feasible && o.evaluation) {
    for (const s of o.evaluation.situations) {
      for (const j of s.report.judgements) {
        judgements.push({
          slo: j.slo.text,
          situation: s.situation,
          verdict: j.verdict,
          estimate: j.estimate === null ? null : round(j.estimate),
          ...(j.interval && { ci95: [round(j.interval[0]), round(j.interval[1])] as [number, number] }),
          margin: j.margin === null ? null : round(j.margin),
        });
      }
    }
  }
  const binding = o.feasible ? o.evaluation?.binding : undefined;
  return {
    feasible: o.feasible,
    ...(o.reason !== undefined && { reason: o.reason }),
    ...(o.blocking !== undefined && { blocking: o.blocking }),
    services,
    binding: binding ? binding.slo : null,
    margin: binding ? round(binding.margin) : null,
    judgements,
    analytic: { floor: { ...o.analytic.floor }, ...(o.analytic.estimate && { estimate: { ...o.analytic.estimate } }) },
    candidates: o.candidates.map((c) => ({ replicas: { ...c.counts }, verdict: c.verdict, replications: c.replications })),
    simulations: o.simulations,
    replications: o.replications,
    budgetExhausted: o.budgetExhausted,
  };
}
