/**
 * meshsim as a library, for property tests over a team's own scenarios and Istio YAML
 * (docs/property-testing.md):
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
import { applyFaultSet, type FaultSet } from './experiments/faultSet.js';
import { faultSetArbitrary } from './experiments/faultSpace.js';
import { runScenario } from './experiments/runScenario.js';
import { judgeSlos, type SloJudgement } from './experiments/sloVerdict.js';
import { describeJudgement } from './report/sloText.js';
import type { Results } from './report/results.js';
import { DEFAULT_MAX_FAULTS, type CheckSpec, type FaultDimension } from './scenarios/checkSpec.js';
import { loadScenario as loadScenarioFile, type ScenarioOverrides } from './scenarios/loadScenario.js';
import type { FaultSpec, Scenario } from './scenarios/scenario.js';
import { parseSlo, type Slo } from './scenarios/slo.js';

export type { FaultSet } from './experiments/faultSet.js';
export type { SloJudgement } from './experiments/sloVerdict.js';
export type { Results } from './report/results.js';
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
