/**
 * Before the run: the work each service is offered against the work its workers can do.
 * The traffic's rates (averaged over the measured window) are carried through the call
 * graph — probability × count per call, versions by their share of replicas — by the
 * analytic model of `meshsim plan` (planning/analyticScreen.ts); a service's capacity is
 * replicas × concurrency ÷ mean service time, its own work only. A worker is also held
 * while its calls are out, so the true capacity is lower still: ρ ≥ 1 here means the
 * service cannot keep up whatever its callees do: its queue grows for as long as the run
 * lasts (the run's `saturated` flag says so afterwards, from what was measured), or a
 * queueLimit or a caller's connection-pool limit turns the excess away as failures.
 */
import { meshsimMessages } from '../policy/analysis/messages.js';
import type { Scenario } from '../scenarios/scenario.js';
import type { ScenarioFinding } from '../scenarios/scenarioCheck.js';
import { arrivalRates, ownWorkOf } from './planning/analyticScreen.js';

export interface OfferedLoad {
  readonly service: string;
  /** Requests per second arriving at the service. */
  readonly rate: number;
  /** Requests per second its workers can serve, counting their own work only (Infinity with unlimited concurrency). */
  readonly capacity: number;
  /** rate ÷ capacity (ρ); 0 when the service does no work. */
  readonly utilization: number;
}

/** Each service's offered load, in the scenario's order. */
export function offeredLoads(scenario: Scenario): OfferedLoad[] {
  // Only the rates and the own work: not the whole model of `plan` (call overheads, holding times), which costs more on every run.
  const rates = arrivalRates(scenario);
  return scenario.services.map((s, i) => {
    const arrivalRate = rates[i] as number;
    const ownWork = ownWorkOf(s);
    // Versions share the service's requests by replicas (as kube-proxy spreads them),
    // so the service's workers pool: Σ replicas × concurrency.
    const workers = s.versions.reduce((n, v) => n + v.replicaZones.length * v.concurrency, 0);
    const capacity = ownWork > 0 ? workers / ownWork : Number.POSITIVE_INFINITY;
    const utilization = Number.isFinite(capacity) ? arrivalRate / capacity : 0;
    return { service: s.name, rate: arrivalRate, capacity, utilization };
  });
}

const round = (x: number): string => String(Number(x.toPrecision(3)));

/** A warning (MSH0016) at each service offered as much work as its workers can do, or more. */
export function overloadFindings(scenario: Scenario): ScenarioFinding[] {
  return offeredLoads(scenario).flatMap((load, i): ScenarioFinding[] => {
    if (!(load.utilization >= 1)) return [];
    return [
      {
        path: ['services', i],
        message:
          `service ${load.service} is offered ${round(load.rate)} requests/s but its workers serve at most ${round(load.capacity)}/s ` +
          `(replicas × concurrency ÷ mean service time): utilization ρ = ${load.utilization.toFixed(2)}, so it cannot keep up — its queue grows for as long as the run lasts, ` +
          'or, where a queueLimit or a connection-pool limit caps it, the excess fails',
        type: meshsimMessages.OfferedLoadAboveCapacity,
        expected: `ρ below 1 (well below for steady latencies): more replicas or concurrency on ${load.service}, or less traffic`,
      },
    ];
  });
}
