/**
 * The second pass of `check`: fault sets drawn at random from the space (fast-check,
 * seeded from the scenario's seed, so a search replays exactly), each judged by the
 * property evaluator; the first that breaks a property is shrunk by fast-check toward
 * a smaller fault set (see faultSpace.ts for the direction of each shrink). Points the
 * enumeration already found broken are handed over as fast-check examples, so the
 * search starts by shrinking them.
 */
import fc from 'fast-check';
import type { CheckSpec } from '../scenarios/checkSpec.js';
import { deriveSeed } from '../sim/randomStreams.js';
import type { FaultSet } from './faultSet.js';
import { faultSetArbitrary } from './faultSpace.js';
import type { Evaluation, PropertyEvaluator } from './propertyEvaluation.js';

export interface SearchProgress {
  readonly phase: 'search' | 'shrink';
  /** Points proposed so far (fast-check runs, then shrink candidates). */
  readonly tried: number;
  /** Runs planned for the search phase. */
  readonly planned: number;
}

/** How much of the space the random phase saw. */
export interface SearchCoverage {
  /** Fault sets tried by the random phase (examples included). */
  readonly runs: number;
  /** How many of those held 0, 1, 2, … faults. */
  readonly bySize: ReadonlyArray<number>;
  /** Lowest and highest load multiplier tried (undefined with no run). */
  readonly load?: readonly [number, number];
  /** Points that stayed undecided at the replication cap (neither holds nor violated). */
  readonly undecided: number;
}

export interface SearchOutcome {
  /** fast-check's seed for this search (derived from the scenario's seed). */
  readonly seed: number;
  readonly coverage: SearchCoverage;
  /** The shrunk fault set that breaks a property, if one was found. */
  readonly counterexample?: Evaluation;
  /** The first failing fault set, before shrinking. */
  readonly unshrunk?: FaultSet;
  /** Successful shrink steps fast-check took. */
  readonly shrinks: number;
  /** fast-check's replay path (with its seed, replays the search to the counterexample). */
  readonly path?: string;
}

export interface SearchOptions {
  /** Master seed of the check; the search's own seed derives from it. */
  readonly seed: number;
  /** Random fault sets to try (after the examples). */
  readonly runs: number;
  /** Fault sets to try first (the enumeration's broken ones). */
  readonly examples?: ReadonlyArray<FaultSet>;
  readonly onProgress?: (p: SearchProgress) => void;
}

/** The search's fast-check seed for a check under master seed `seed`. */
export function searchSeed(seed: number): number {
  return deriveSeed(seed, 'check/search');
}

export async function searchFaultSets(spec: Pick<CheckSpec, 'faults' | 'maxFaults' | 'load'>, evaluator: PropertyEvaluator, options: SearchOptions): Promise<SearchOutcome> {
  const seed = searchSeed(options.seed);
  const examples = options.examples ?? [];
  const planned = examples.length + options.runs;
  const bySize: number[] = [];
  let load: [number, number] | undefined;
  let tried = 0;
  let runs = 0;
  let undecided = 0;
  let unshrunk: FaultSet | undefined;
  // A simulation that threw is a bug to report, not a counterexample: later calls fail at once.
  let crashed: { error: unknown } | undefined;
  const property = fc.asyncProperty(faultSetArbitrary(spec), async (set) => {
    if (crashed) throw crashed.error;
    tried++;
    const shrinking = unshrunk !== undefined;
    if (!shrinking) {
      runs++;
      bySize[set.faults.length] = (bySize[set.faults.length] ?? 0) + 1;
      load = load ? [Math.min(load[0], set.load), Math.max(load[1], set.load)] : [set.load, set.load];
    }
    options.onProgress?.({ phase: shrinking ? 'shrink' : 'search', tried, planned });
    let e: Evaluation;
    try {
      e = await evaluator.evaluate(set);
    } catch (error) {
      crashed = { error };
      throw error;
    }
    if (e.verdict === 'undecided' && !shrinking) undecided++;
    if (e.verdict !== 'violated') return true;
    unshrunk ??= set;
    return false;
  });
  const details = await fc.check(property, { seed, numRuns: planned, examples: examples.map((e) => [e] as [FaultSet]) });
  const coverage: SearchCoverage = { runs, bySize: Array.from(bySize, (n) => n ?? 0), ...(load && { load }), undecided };
  if (crashed) throw crashed.error;
  if (!details.failed || details.counterexample === null) return { seed, coverage, shrinks: 0 };
  // The shrunk value's evaluation is memoized: this costs no run.
  const counterexample = await evaluator.evaluate(details.counterexample[0]);
  return {
    seed,
    coverage,
    counterexample,
    ...(unshrunk && { unshrunk }),
    shrinks: details.numShrinks,
    ...(details.counterexamplePath !== null && { path: details.counterexamplePath }),
  };
}
