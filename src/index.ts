/**
 * meshsim as a library, for property tests over a team's own scenarios and Istio YAML
 * (docs/property-testing.md), and for notebooks (notebooks/): `plan` and `compare` as the
 * commands compute them, `renderChartSvg` for Vega-Lite charts, `meanInterval` for the
 * intervals of one's own figures.
 *
 *   import fc from 'fast-check';
 *   import { loadScenario, simulate, faultArbitrary, checkProperty } from 'meshsim';
 *
 *   const scenario = loadScenario('mesh/checkout.yaml');
 *   await fc.assert(fc.asyncProperty(faultArbitrary(scenario), async (set) => {
 *     const results = await simulate(scenario, { faults: set.faults, load: set.load });
 *     return !checkProperty(results, 'availability >= 99.9%').violated;
 *   }), { seed: 1, numRuns: 20 });
 *
 * A small surface on purpose: what `meshsim check` itself is built from, nothing that
 * exposes the simulator's internals.
 */
import type fc from 'fast-check';
import type { TopLevelSpec } from 'vega-lite';
import { ALL_DATA_PLANES, compareDataPlanes, compareJson, type CompareJson } from './experiments/compare.js';
import { candidateEvents, planCapacity, PLAN_MAX_CANDIDATES, PLAN_MAX_REPLICAS, PLAN_MAX_REPLICATIONS, PLAN_REPLICATIONS } from './experiments/planning/capacityPlan.js';
import { applyFaultSet, type FaultSet } from './experiments/faultSet.js';
import { faultSetArbitrary } from './experiments/faultSpace.js';
import { runScenario } from './experiments/runScenario.js';
import { judgeSlos, type SloJudgement } from './experiments/sloVerdict.js';
import { planJson, type PlanJson } from './report/planJson.js';
import { describeJudgement } from './report/sloText.js';
import type { Results } from './report/results.js';
import { DEFAULT_MAX_EVENTS } from './scenarios/eventBudget.js';
import { DEFAULT_MAX_FAULTS, type CheckSpec, type FaultDimension } from './scenarios/checkSpec.js';
import { loadScenario as loadScenarioFile, type ScenarioOverrides } from './scenarios/loadScenario.js';
import type { DataPlaneKind, FaultSpec, Scenario } from './scenarios/scenario.js';
import { parseSlo, sloContradictions, type Slo } from './scenarios/slo.js';
import { sloTargetProblems } from './scenarios/sloTargets.js';
import { meanInterval as studentMeanInterval, type MeanInterval } from './statistics/confidenceInterval.js';

export type { FaultSet } from './experiments/faultSet.js';
export type { SloJudgement } from './experiments/sloVerdict.js';
export type { Results } from './report/results.js';
export type { CompareJson, DeltaIntervals } from './experiments/compare.js';
export type { PlanJson, DataPlanePlanJson, PlanCost, PlannedService } from './report/planJson.js';
export type { MeanInterval } from './statistics/confidenceInterval.js';
export type { DataPlaneKind } from './scenarios/scenario.js';
/** A Vega-Lite (v5) specification, what `renderChartSvg` takes. */
export type { TopLevelSpec as VegaLiteSpec } from 'vega-lite';
export type { CheckSpec, FaultDimension, Range } from './scenarios/checkSpec.js';
export type { FaultSpec, Scenario } from './scenarios/scenario.js';
export type { ScenarioOverrides } from './scenarios/loadScenario.js';
export type { Slo } from './scenarios/slo.js';
export { InputError } from './scenarios/inputError.js';
export { describeFaultSet } from './report/faultText.js';

/**
 * Reads and validates a scenario file (and the Istio resources in it or under
 * `istio:`), as `meshsim run` does. Throws InputError — its message lists every problem
 * as FILE:LINE:COL — on bad input. Overrides replace the file's simulation settings
 * (durations in seconds).
 */
export function loadScenario(file: string, overrides: ScenarioOverrides = {}): Scenario {
  return loadScenarioFile(file, overrides).scenario;
}

export interface SimulateOptions {
  /** Master seed (default the scenario's). Same scenario, faults and seed ⇒ the same results. */
  readonly seed?: number;
  /** Replications (default the scenario's); two or more give every figure a 95% interval. */
  readonly replications?: number;
  /** Faults added to the scenario's own (seconds; `for: Infinity` = until the end of the run). */
  readonly faults?: ReadonlyArray<FaultSpec>;
  /** Multiplier of every traffic rate (default 1). */
  readonly load?: number;
  /** Worker threads for replications (default 1: in-process). Results do not depend on it. */
  readonly workers?: number;
}

/**
 * Simulates the scenario and resolves to the results object `meshsim run --json`
 * writes (docs/contract.md, "Results JSON"). Asynchronous because replications may run on
 * worker threads; with the default single worker it runs in-process and does no I/O.
 * Use it inside `fc.asyncProperty`.
 */
export async function simulate(scenario: Scenario, options: SimulateOptions = {}): Promise<Results> {
  const set: FaultSet = { faults: options.faults ?? [], load: options.load ?? 1 };
  if (!(set.load > 0)) throw new RangeError(`simulate: load ${set.load} is not a positive multiplier`);
  const applied = applyFaultSet(scenario, set);
  const run = options.replications !== undefined ? { ...applied, simulation: { ...applied.simulation, replications: options.replications } } : applied;
  const outcome = await runScenario(run, { workers: options.workers ?? 1, ...(options.seed !== undefined && { seed: options.seed }) });
  return outcome.results;
}

export interface FaultSpaceOptions {
  /** Fault entries, like `check.faults` resolved (default: the scenario's `check:` section). */
  readonly faults?: ReadonlyArray<FaultDimension>;
  /** Most faults in one set (default: `check.maxFaults`, else 2). */
  readonly maxFaults?: number;
  /** Load multiplier range (default: `check.load`, else 1x). */
  readonly load?: { readonly min: number; readonly max: number };
}

/**
 * A fast-check arbitrary of fault sets — `{faults, load}` to pass to `simulate` — over
 * the scenario's `check:` space (or the one given). Shrinks toward fewer faults, smaller
 * factors and error rates, fewer replicas, shorter windows and a load nearer 1x.
 */
export function faultArbitrary(scenario: Scenario, options: FaultSpaceOptions = {}): fc.Arbitrary<FaultSet> {
  const own: Partial<CheckSpec> = scenario.check ?? {};
  const faults = options.faults ?? own.faults ?? [];
  const load = options.load ?? own.load ?? { min: 1, max: 1 };
  if (load.min > load.max || !(load.min > 0)) throw new RangeError(`faultArbitrary: load range ${load.min}–${load.max} is empty or not positive`);
  return faultSetArbitrary({ faults, maxFaults: options.maxFaults ?? own.maxFaults ?? DEFAULT_MAX_FAULTS, load });
}

export interface PropertyVerdict {
  /** Every property holds, its whole 95% interval on the right side. */
  readonly holds: boolean;
  /** Some property is violated (its whole interval on the wrong side, or no value: nothing succeeded). */
  readonly violated: boolean;
  readonly judgements: ReadonlyArray<SloJudgement>;
  /** One line per property: "p99 < 250ms: 212ms [198ms, 226ms] holds (15% headroom)". */
  readonly message: string;
}

/**
 * Judges properties (`'availability >= 99.9%'`, `'services.db.p99 < 100ms'`,
 * `'retryAmplification <= 1.3'`; CONTRACT grammar, see README "SLOs") against
 * results, on their confidence intervals as `meshsim check` does: neither `holds` nor
 * `violated` means undecided — more replications would settle it. Throws SyntaxError
 * for a property that does not parse or names a service the results lack.
 */
export function checkProperty(results: Results, properties: string | ReadonlyArray<string>): PropertyVerdict {
  const texts = typeof properties === 'string' ? [properties] : properties;
  const slos: Slo[] = texts.map((t) => {
    try {
      return parseSlo(t);
    } catch (err) {
      throw new SyntaxError(`checkProperty: '${t}': ${(err as Error).message}`, { cause: err });
    }
  });
  for (const s of slos) {
    if (s.scope.kind === 'service' && !(s.scope.service in results.services)) {
      throw new SyntaxError(`checkProperty: '${s.text}' names service "${s.scope.service}", which the results do not have (services: ${Object.keys(results.services).join(', ')})`);
    }
  }
  const report = judgeSlos(slos, results);
  const violated = report.judgements.some((j) => j.verdict === 'violated' || j.verdict === 'unjudgeable');
  return { holds: report.holds, violated, judgements: report.judgements, message: report.judgements.map(describeJudgement).join('\n') };
}

/** Parses objectives and checks them against the scenario as `--slo` is checked; the scenario's own `slo:` when none are given. */
function objectivesOf(scenario: Scenario, texts: ReadonlyArray<string>): ReadonlyArray<Slo> {
  if (texts.length === 0) return scenario.slo;
  const slos = texts.map((t) => {
    try {
      return parseSlo(t);
    } catch (err) {
      throw new SyntaxError(`plan: '${t}': ${(err as Error).message}`, { cause: err });
    }
  });
  const first = [...sloContradictions(slos), ...sloTargetProblems(slos, scenario)].sort((a, b) => a.index - b.index)[0];
  if (first !== undefined) throw new SyntaxError(`plan: '${(slos[first.index] as Slo).text}': ${first.message} (expected ${first.expected})`);
  return slos;
}

export interface PlanOptions {
  /** Objectives (`'p99<35ms'`, `'availability>=99.9%'`; CONTRACT grammar). Default: the scenario's `slo:`. */
  readonly slo?: string | ReadonlyArray<string>;
  /** Traffic multiplier to plan for (default 1: the file's rates). */
  readonly load?: number;
  /** Plan once per data plane, the first being the headline (default: the scenario's). */
  readonly dataPlanes?: ReadonlyArray<DataPlaneKind>;
  /** Meet the objectives with any one zone down (`--survive zone-outage`). */
  readonly surviveZoneOutage?: boolean;
  /** Master seed (default the scenario's). */
  readonly seed?: number;
  /** First round of replications per candidate (default 2, or the scenario's if more). */
  readonly replications?: number;
  /** Replications an undecided candidate may reach (default 16). */
  readonly maxReplications?: number;
  /** Most replicas per service (default 100). */
  readonly maxReplicas?: number;
  /** Most candidates simulated per data plane (default 40). */
  readonly maxCandidates?: number;
  /** Worker threads (default 1: in-process). The plan does not depend on it. */
  readonly workers?: number;
}

/**
 * Plans capacity as `meshsim plan` does and resolves to what `meshsim plan --json` writes
 * (schema meshsim.plan/v1, docs/planning.md): the fewest replicas per service whose
 * simulation meets every objective on its 95% interval, and each data plane's monthly
 * cost. An infeasible plan is a result (`feasible: false`, `reason`), not an error.
 * Throws SyntaxError for an objective that does not parse or fit the scenario, RangeError
 * for a load that is not positive or whose candidates would exceed the event budget.
 */
export async function plan(scenario: Scenario, options: PlanOptions = {}): Promise<PlanJson> {
  const texts = options.slo === undefined ? [] : typeof options.slo === 'string' ? [options.slo] : options.slo;
  const slos = objectivesOf(scenario, texts);
  if (slos.length === 0) throw new SyntaxError(`plan: no objective to plan for: pass slo, or list them under slo: in the scenario`);
  const load = options.load ?? 1;
  if (!(load > 0 && Number.isFinite(load))) throw new RangeError(`plan: load ${load} is not a positive multiplier`);
  if (options.surviveZoneOutage === true && scenario.zones.length < 2) throw new RangeError(`plan: surviveZoneOutage: the scenario has one zone, so no plan survives its outage`);
  const replications = Math.max(options.replications ?? scenario.simulation.replications, PLAN_REPLICATIONS);
  const events = candidateEvents(scenario, load, replications);
  if (events > DEFAULT_MAX_EVENTS) {
    throw new RangeError(`plan: load ${load}: each candidate needs about ${events.toPrecision(2)} simulator events, over the budget of ${DEFAULT_MAX_EVENTS.toPrecision(2)} (expected a smaller load or a shorter duration)`);
  }
  const workers = options.workers ?? 1;
  const capacity = await planCapacity(
    {
      scenario,
      slos,
      load,
      survive: options.surviveZoneOutage === true,
      maxReplicas: options.maxReplicas ?? PLAN_MAX_REPLICAS,
      maxCandidates: options.maxCandidates ?? PLAN_MAX_CANDIDATES,
      seed: options.seed ?? scenario.simulation.seed,
      replications,
      maxReplications: Math.max(replications, options.maxReplications ?? PLAN_MAX_REPLICATIONS),
      workers,
      adaptiveWorkers: false,
    },
    options.dataPlanes ?? [scenario.dataPlane],
  );
  return planJson(capacity);
}

export interface CompareOptions {
  /** Data planes in report order; the first is the baseline of the deltas (default none, sidecar, ambient, ebpf). */
  readonly dataPlanes?: ReadonlyArray<DataPlaneKind>;
  /** Master seed every run uses (default the scenario's): the runs share their random numbers where they share a component. */
  readonly seed?: number;
  /** Replications per data plane (default the scenario's); two or more give the paired delta intervals. */
  readonly replications?: number;
  /** Worker threads (default 1: in-process). Results do not depend on it. */
  readonly workers?: number;
}

/**
 * Runs the scenario once per data plane as `meshsim compare` does and resolves to what
 * `meshsim compare --json` writes (schema meshsim.compare/v1, docs/contract.md): each data
 * plane's results, and with two or more replications the paired 95% interval of each
 * end-to-end figure's difference from the first data plane (`deltas`).
 */
export async function compare(scenario: Scenario, options: CompareOptions = {}): Promise<CompareJson> {
  const dataPlanes = options.dataPlanes ?? ALL_DATA_PLANES;
  if (dataPlanes.length === 0) throw new RangeError('compare: no data planes to compare');
  // Into the scenario, as the command's --seed and --replications put them: the results' scenario hash then matches too.
  const simulation = { ...scenario.simulation, ...(options.seed !== undefined && { seed: options.seed }), ...(options.replications !== undefined && { replications: options.replications }) };
  const comparison = await compareDataPlanes({ ...scenario, simulation }, { dataPlanes, run: { workers: options.workers ?? 1 } });
  return compareJson(comparison);
}

/**
 * The Student t interval (default 95%) for the mean of `values` — one value per
 * independent replication, or per seed — in the values' unit; undefined below two values.
 * What every interval meshsim reports rests on.
 */
export function meanInterval(values: ReadonlyArray<number>, level = 0.95): MeanInterval | undefined {
  if (!(level > 0 && level < 1)) throw new RangeError(`meanInterval: level ${level} is not between 0 and 1`);
  return studentMeanInterval(values, level);
}

/**
 * Renders a Vega-Lite spec to an SVG document string with meshsim's own renderer (the one
 * behind `compare --charts`): no browser, no network, the same bytes on every machine.
 * Vega loads on the first call only.
 */
export async function renderChartSvg(spec: TopLevelSpec): Promise<string> {
  const { renderSvg } = await import('./report/charts/renderSvg.js');
  return renderSvg(spec);
}
