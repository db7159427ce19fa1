/**
 * `meshsim check`: does any point of the scenario's `check:` space break a property?
 * First every single fault at its worst (singleFaultEnumeration.ts), then random fault
 * sets (faultSearch.ts), the first broken point shrunk to a small one. Every point is
 * judged on its confidence interval (propertyEvaluation.ts).
 */
import { DEFAULT_CHECK_RUNS, type CheckSpec } from '../scenarios/checkSpec.js';
import type { Scenario } from '../scenarios/scenario.js';
import type { Slo } from '../scenarios/slo.js';
import { enumerateSingleFaults, violatingPoints, type Enumeration } from './singleFaultEnumeration.js';
import { searchFaultSets, type SearchOutcome, type SearchProgress } from './faultSearch.js';
import { MIN_CHECK_REPLICATIONS } from './checkDefaults.js';
import { PropertyEvaluator, type Evaluation, type EvaluatorOptions } from './propertyEvaluation.js';

export { MIN_CHECK_REPLICATIONS } from './checkDefaults.js';

export type CheckProgress =
  | { readonly phase: 'enumerate'; readonly done: number; readonly total: number }
  | SearchProgress;

export interface CheckOptions {
  /** Master seed (default the scenario's): the seed of every run and, derived, of the search. */
  readonly seed?: number;
  /** Random fault sets after the enumeration (default `check.runs`). */
  readonly runs?: number;
  /** Replications per point (default the scenario's, at least MIN_CHECK_REPLICATIONS). */
  readonly replications?: number;
  /** Properties replacing the scenario's (`--property`). */
  readonly properties?: ReadonlyArray<Slo>;
  readonly run?: EvaluatorOptions['run'];
  /**
   * Points of the single-fault enumeration evaluated at once (default 1). Set it when
   * the runs go to a queue (`run.runner`): one point at a time would leave all but a
   * point's replications' worth of workers idle. The outcome does not depend on it.
   */
  readonly concurrentPoints?: number;
  readonly onProgress?: (p: CheckProgress) => void;
}

export interface CheckOutcome {
  readonly properties: ReadonlyArray<Slo>;
  readonly space: CheckSpec;
  /** Master seed every run used. */
  readonly seed: number;
  /** Replications of a first look at each point. */
  readonly replications: number;
  readonly enumeration: Enumeration;
  readonly search: SearchOutcome;
  /** The smallest breaking point found (the search's shrunk one), if any. */
  readonly counterexample?: Evaluation;
  /** Distinct points evaluated, and replications simulated for them. */
  readonly points: number;
  readonly replicationsRun: number;
  /** The model's warnings over every run, deduplicated. */
  readonly warnings: readonly string[];
}

/** An empty space: no faults and load 1x (a scenario without `check:`). */
const EMPTY_SPACE: CheckSpec = { properties: [], faults: [], maxFaults: 0, load: { min: 1, max: 1 }, runs: DEFAULT_CHECK_RUNS };

/** The properties a check judges: the override, else `check.properties`, else the scenario's `slo:`. */
export function checkProperties(scenario: Scenario, override?: ReadonlyArray<Slo>): ReadonlyArray<Slo> {
  if (override && override.length > 0) return override;
  const own = scenario.check?.properties ?? [];
  return own.length > 0 ? own : scenario.slo;
}

export async function checkScenario(scenario: Scenario, options: CheckOptions = {}): Promise<CheckOutcome> {
  const space = scenario.check ?? EMPTY_SPACE;
  const properties = checkProperties(scenario, options.properties);
  const seed = options.seed ?? scenario.simulation.seed;
  const replications = options.replications ?? Math.max(scenario.simulation.replications, MIN_CHECK_REPLICATIONS);
  const evaluator = new PropertyEvaluator(scenario, properties, { seed, replications, ...(options.run && { run: options.run }) });
  const progress = options.onProgress;

  const enumeration = await enumerateSingleFaults(space, scenario.simulation, evaluator, progress && ((done, total) => progress({ phase: 'enumerate', done, total })), options.concurrentPoints);
  const search = await searchFaultSets(space, evaluator, {
    seed,
    // A space of one point (no faults, a fixed load) was settled by its baseline.
    runs: space.faults.length === 0 && space.load.min === space.load.max ? 0 : (options.runs ?? space.runs),
    examples: violatingPoints(enumeration),
    ...(progress && { onProgress: progress }),
  });
  return {
    properties,
    space,
    seed,
    replications,
    enumeration,
    search,
    ...(search.counterexample && { counterexample: search.counterexample }),
    points: evaluator.evaluated,
    replicationsRun: evaluator.replicationsRun,
    warnings: [...evaluator.warnings],
  };
}
