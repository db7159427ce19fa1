/**
 * `meshsim plan`: the fewest replicas per service that meet the objectives, found in
 * three phases (docs/planning.md has the method, its guarantees and its limits):
 *
 * 1. Screening (analyticScreen.ts): the stability floor — the fewest replicas that keep
 *    every worker pool and sidecar below utilization 1 — and the first element of the
 *    capacity chain (capacityChain.ts) where the queueing model predicts every objective
 *    met. No simulation.
 * 2. Chain search: simulate that element; gallop down the chain while it holds, up while
 *    it does not, then bisect — ending at the first element that holds whose predecessor
 *    does not (or is below the stability floor).
 * 3. Trim: take one replica from each service in turn; keep the removal when the
 *    simulation still holds, and repeat until removing one replica from any service
 *    breaks an objective (or goes below a floor).
 *
 * Every verdict rests on the 95% intervals (candidateJudge.ts); a candidate that stays
 * undecided at the replication cap counts as not holding, so a plan is only ever a
 * candidate shown to hold. The number of candidates simulated is bounded.
 */
import type { Scenario } from '../../scenarios/scenario.js';
import type { Slo } from '../../scenarios/slo.js';
import { servicesReachedByTraffic } from '../../scenarios/sloTargets.js';
import { describeJudgement } from '../../report/sloText.js';
import type { Verdict } from '../sloVerdict.js';
import { dominantService, predictedToMeet, workOf } from './analyticObjectives.js';
import { analyticModel, predict } from './analyticScreen.js';
import { CandidateJudge, type Evaluation, type JudgeOptions } from './candidateJudge.js';
import { CapacityChain } from './capacityChain.js';
import { countsOf, describeCounts, minimumReplicas, withLoad, withReplicaCounts, type ReplicaCounts } from './replicaCounts.js';
import { serviceZones, situationsOf, survivalFloor, survivalWork } from './zoneOutageSurvival.js';

export interface PlanRequest extends Omit<JudgeOptions, 'slos'> {
  /** The scenario as written (its rates are load factor 1), with the data plane to plan for. */
  readonly scenario: Scenario;
  readonly slos: ReadonlyArray<Slo>;
  /** Traffic multiplier (1.5 = 50% more than the file's rates). */
  readonly load: number;
  /** Meet the objectives with any one zone down. */
  readonly survive: boolean;
  /** Most replicas any one service may have. */
  readonly maxReplicas: number;
  /** Most candidates simulated (each once per situation, more when undecided). */
  readonly maxCandidates: number;
}

/**
 * What taking one replica from a service does to the plan: the simulation's verdict
 * (violated, or undecided at the replication cap) and the objective that then binds;
 * `unstable` below the stability floor, `floor` below one replica per version (per zone
 * under --survive), `not-tried` when the candidate budget ran out.
 */
export interface MinusOne {
  readonly why: Exclude<Verdict, 'holds'> | 'unstable' | 'floor' | 'not-tried';
  readonly slo?: string;
}

export interface PlanOutcome {
  readonly feasible: boolean;
  /** Replicas per planned service (the file's for services no traffic reaches). */
  readonly counts: ReplicaCounts;
  /** The file's replicas. */
  readonly before: ReplicaCounts;
  /** The planned scenario (counts applied, traffic scaled by the load). */
  readonly planned: Scenario;
  /** The simulation that shows the plan holds (absent when infeasible before any held). */
  readonly evaluation?: Evaluation;
  /** Per planned service, what removing one replica does: violated / undecided (judged), unstable, or floor. */
  readonly minusOne: Readonly<Record<string, MinusOne>>;
  /** When infeasible: why, and the service that blocks. */
  readonly reason?: string;
  readonly blocking?: string;
  /** Screening: the stability floor and where the model says the objectives are met. */
  readonly analytic: { readonly floor: ReplicaCounts; readonly estimate?: ReplicaCounts };
  /** Every candidate simulated, in order. */
  readonly candidates: ReadonlyArray<{ readonly counts: ReplicaCounts; readonly verdict: Verdict; readonly replications: number }>;
  readonly simulations: number;
  readonly replications: number;
  /** True when the candidate budget ran out during the trim (the plan holds but may not be minimal). */
  readonly budgetExhausted: boolean;
}

/** Plans `request.scenario` under its data plane. Pure in its inputs (same request ⇒ same outcome). */
export async function planReplicas(request: PlanRequest): Promise<PlanOutcome> {
  const { scenario, load, survive } = request;
  const scaled = withLoad(scenario, load);
  const before = countsOf(scenario);
  const reached = servicesReachedByTraffic(scenario);
  const planned = scenario.services.filter((s) => reached.has(s.name));
  const names = planned.map((s) => s.name);
  const base = analyticModel(scenario);
  const model = analyticModel(scaled);
  const work = workOf(base);
  const zones = Object.fromEntries(planned.map((s) => [s.name, serviceZones(s, scenario.zones).length]));
  const log: Array<PlanOutcome['candidates'][number]> = [];
  const judge = new CandidateJudge((counts) => situationsOf(withReplicaCounts(scaled, counts), survive), { ...request, slos: request.slos });
  const result = (fields: Omit<PlanOutcome, 'before' | 'candidates' | 'simulations' | 'replications' | 'planned' | 'budgetExhausted'> & { budgetExhausted?: boolean }): PlanOutcome => ({
    ...fields,
    // Services no traffic reaches are not planned: they keep the file's count.
    counts: { ...before, ...fields.counts },
    before,
    planned: withReplicaCounts(scaled, fields.counts),
    candidates: log,
    simulations: judge.simulations,
    replications: judge.replications,
    budgetExhausted: fields.budgetExhausted ?? false,
  });

  // Floors: each version keeps a replica; under --survive, one per zone it runs in.
  const floor: Record<string, number> = {};
  for (const s of planned) {
    const f = survive ? survivalFloor(s, scenario.zones) : minimumReplicas(s);
    if (f === undefined) {
      const zone = serviceZones(s, scenario.zones)[0] ?? '';
      return result({
        feasible: false,
        counts: before,
        minusOne: {},
        reason: `service "${s.name}" runs only in zone ${zone}: no replica count survives that zone's outage (spread it over more zones)`,
        blocking: s.name,
        analytic: { floor: before },
      });
    }
    floor[s.name] = f;
  }
  const stable = (counts: ReplicaCounts): boolean =>
    names.every((n) => {
      const c = counts[n] as number;
      const left = survive && (zones[n] as number) > 1 ? c - Math.ceil(c / (zones[n] as number)) : c;
      return c >= (floor[n] as number) && left > load * (work[n] as number);
    });
  const chainWork = Object.fromEntries(names.map((n) => [n, survive ? survivalWork(work[n] as number, zones[n] as number) : (work[n] as number)]));
  const chain = new CapacityChain({ services: names, work: chainWork, floor, ceiling: request.maxReplicas });
  const entry = chain.firstWhere(stable);
  if (entry === undefined) {
    const worst = names.reduce((a, b) => ((work[b] as number) > (work[a] as number) ? b : a));
    return result({
      feasible: false,
      counts: before,
      minusOne: {},
      reason: `service "${worst}" needs more than --max-replicas ${request.maxReplicas} replicas just to keep its utilization below 1 (${(load * (work[worst] as number)).toFixed(1)} replicas' worth of work)`,
      blocking: worst,
      analytic: { floor: before },
    });
  }
  const floorCounts = chain.at(entry) as ReplicaCounts;
  const survivors = (counts: ReplicaCounts): ReplicaCounts =>
    survive ? Object.fromEntries(names.map((n) => [n, (counts[n] as number) - Math.ceil((counts[n] as number) / (zones[n] as number))])) : counts;
  const estimateIndex = chain.firstWhere((c) => predictedToMeet(model, predict(model, survivors(c)), request.slos), entry);
  const estimate = estimateIndex !== undefined ? chain.at(estimateIndex) : undefined;
  const analytic = { floor: floorCounts, ...(estimate && { estimate }) };

  const evaluate = async (counts: ReplicaCounts): Promise<Evaluation> => {
    const known = judge.known(counts);
    const e = known ?? (await judge.judge(counts));
    if (!known) log.push({ counts, verdict: e.verdict, replications: e.replications });
    return e;
  };
  const budgetLeft = (): boolean => log.length < request.maxCandidates;

  // Phase 2: the first element of the chain that holds. `lo` fails (or is unstable), `hi` holds.
  const last = chain.lastIndex();
  let lo = entry - 1;
  let hi: number | undefined;
  let held: Evaluation | undefined;
  // No estimate (the model says nothing on the chain meets them): climb from the floor.
  const start = estimateIndex ?? entry;
  const first = await evaluate(chain.at(start) as ReplicaCounts);
  if (first.verdict === 'holds') {
    hi = start;
    held = first;
    for (let step = 1; hi - lo > 1 && budgetLeft(); step *= 2) {
      const k = Math.max(lo + 1, hi - step);
      const e = await evaluate(chain.at(k) as ReplicaCounts);
      if (e.verdict === 'holds') [hi, held] = [k, e];
      else {
        lo = k;
        break;
      }
    }
  } else {
    lo = start;
    for (let step = 1; lo < last && budgetLeft(); step *= 2) {
      const k = Math.min(last, lo + step);
      const e = await evaluate(chain.at(k) as ReplicaCounts);
      if (e.verdict === 'holds') {
        [hi, held] = [k, e];
        break;
      }
      lo = k;
    }
    if (hi === undefined) return result({ ...infeasibility(lo === last), minusOne: {}, analytic });
  }
  while (hi - lo > 1 && budgetLeft()) {
    const mid = Math.floor((lo + hi) / 2);
    const e = await evaluate(chain.at(mid) as ReplicaCounts);
    if (e.verdict === 'holds') [hi, held] = [mid, e];
    else lo = mid;
  }

  // Phase 3: trim until no single service can lose a replica.
  let counts: ReplicaCounts = chain.at(hi) as ReplicaCounts;
  let minusOne: Record<string, MinusOne> = {};
  for (let changed = true; changed; ) {
    changed = false;
    for (const n of names) {
      if (minusOne[n] !== undefined) continue;
      const fewer = { ...counts, [n]: (counts[n] as number) - 1 };
      if ((fewer[n] as number) < (floor[n] as number)) minusOne[n] = { why: 'floor' };
      else if (!stable(fewer)) minusOne[n] = { why: 'unstable' };
      else if (!judge.known(fewer) && !budgetLeft()) minusOne[n] = { why: 'not-tried' };
      else {
        const e = await evaluate(fewer);
        if (e.verdict !== 'holds') minusOne[n] = { why: e.verdict, ...(e.binding && { slo: e.binding.slo }) };
        else {
          [counts, held] = [fewer, e];
          // The counts changed: what removing a replica elsewhere does must be judged again.
          minusOne = Object.fromEntries(Object.entries(minusOne).filter(([, m]) => m.why === 'floor' || m.why === 'unstable'));
          changed = true;
          break;
        }
      }
    }
  }
  const budgetExhausted = Object.values(minusOne).some((m) => m.why === 'not-tried');
  return result({ feasible: true, counts, evaluation: held as Evaluation, minusOne, analytic, budgetExhausted });

  /**
   * Why no candidate held: the closest one tried (least negative headroom) and what it
   * missed by; the blocking service is one held at --max-replicas while still busy, or
   * else the one whose own work weighs most on the failing objective's path.
   */
  function infeasibility(atCeiling: boolean): { feasible: false; reason: string; blocking?: string; counts: ReplicaCounts } {
    const tried = log.map((c) => judge.known(c.counts) as Evaluation);
    const closest = tried.reduce((a, b) => ((b.binding?.margin ?? -Infinity) > (a.binding?.margin ?? -Infinity) ? b : a));
    const misses = closest.situations.flatMap((s) => s.report.judgements.filter((j) => j.verdict !== 'holds').map((j) => ({ s: s.situation, j })));
    const worst = misses.reduce<(typeof misses)[number] | undefined>((a, b) => (a === undefined || (b.j.margin ?? -Infinity) < (a.j.margin ?? -Infinity) ? b : a), undefined);
    const what = worst ? `${describeJudgement(worst.j)}${worst.s !== 'normal' ? ` (${worst.s})` : ''}` : 'the objectives are not shown to hold';
    const closestText = `the closest candidate (${describeCounts(closest.counts)}) gives ${what}`;
    if (!atCeiling) return { feasible: false, counts: closest.counts, reason: `the search ran out of its ${request.maxCandidates} candidates before one held; ${closestText}` };
    const largest = (tried[tried.length - 1] as Evaluation).counts;
    const prediction = predict(model, survivors(largest));
    const capped = names.find((n) => (largest[n] as number) >= request.maxReplicas - 1 && (prediction.services[n]?.utilization ?? 0) >= 0.5);
    if (capped) return { feasible: false, counts: closest.counts, reason: `--max-replicas ${request.maxReplicas} is reached by service "${capped}" while it is still busy; ${closestText}`, blocking: capped };
    const scope = worst?.j.slo.scope;
    const blocking = dominantService(model, scope?.kind === 'service' ? scope.service : undefined);
    return {
      feasible: false,
      counts: closest.counts,
      reason:
        `no candidate from the stability floor up to --max-replicas ${request.maxReplicas} meets the objectives: more replicas no longer help, ` +
        `the latency is set by the work on the critical path${blocking ? ` (service "${blocking}" weighs most)` : ''}; ${closestText}`,
      ...(blocking && { blocking }),
    };
  }
}
