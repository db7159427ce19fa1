/**
 * Judging the properties of `check` at one point of its space: the scenario with a
 * fault set applied, run with replications, each property judged on its 95% interval
 * (sloVerdict.ts). A point *violates* only when some property's whole interval misses
 * it, so noise is never reported as a counterexample; a point left undecided is run
 * again with twice the replications, up to a cap, before it is called undecided.
 *
 * Every point runs with the same master seed, so the points share their random
 * numbers (arrivals, service times) and differ only by the faults and load: shrinking
 * compares like with like.
 */
import type { Results } from '../report/results.js';
import type { Scenario } from '../scenarios/scenario.js';
import type { Slo } from '../scenarios/slo.js';
import { applyFaultSet, faultSetKey, type FaultSet } from './faultSet.js';
import { runScenario, type RunOptions } from './runScenario.js';
import { judgeSlos, type SloJudgement } from './sloVerdict.js';

export type PointVerdict = 'holds' | 'violated' | 'undecided';

export interface Evaluation {
  readonly set: FaultSet;
  readonly verdict: PointVerdict;
  /**
   * Each property's judgement; `unjudgeable` counts as violated (no request
   * succeeded or reached the service, so no latency objective can hold).
   */
  readonly judgements: ReadonlyArray<SloJudgement>;
  /** Replications the verdict rests on. */
  readonly replications: number;
}

export interface EvaluatorOptions {
  /** Master seed of every run. */
  readonly seed: number;
  /** Replications of a first look (at least 2, so every figure has an interval). */
  readonly replications: number;
  /** Cap when an undecided point is looked at again (default 4 × replications). */
  readonly maxReplications?: number;
  /** Passed to each run (workers, wall clock). */
  readonly run?: Pick<RunOptions, 'workers' | 'adaptiveWorkers' | 'wallClock' | 'runner'>;
}

/**
 * Evaluates points, each once (memoized: fast-check may propose a point twice while
 * shrinking). Points may be evaluated concurrently (the enumeration does, on a queue):
 * what they gather — warnings — is kept per point in the order the points were asked
 * for, so the outcome does not depend on which finished first.
 */
export class PropertyEvaluator {
  private readonly seen = new Map<string, Promise<Evaluation>>();
  /** Each point's warnings, in the order the points were first asked for. */
  private readonly pointWarnings: string[][] = [];
  /** Simulated replications run so far (for progress and the coverage line). */
  replicationsRun = 0;

  constructor(
    private readonly scenario: Scenario,
    readonly properties: ReadonlyArray<Slo>,
    readonly options: EvaluatorOptions,
  ) {
    if (properties.length === 0) throw new Error('PropertyEvaluator: no properties to judge');
    if (options.replications < 2) throw new Error('PropertyEvaluator: at least 2 replications are needed for intervals');
  }

  /** Distinct points evaluated (or being evaluated) so far. */
  get evaluated(): number {
    return this.seen.size;
  }

  /** Warnings the model gave, deduplicated, in the order of the points that gave them. */
  get warnings(): ReadonlySet<string> {
    return new Set(this.pointWarnings.flat());
  }

  evaluate(set: FaultSet): Promise<Evaluation> {
    const key = faultSetKey(set);
    const known = this.seen.get(key);
    if (known) return known;
    const warnings: string[] = [];
    this.pointWarnings.push(warnings);
    const evaluation = this.evaluateAfresh(set, warnings);
    this.seen.set(key, evaluation);
    return evaluation;
  }

  private async evaluateAfresh(set: FaultSet, warnings: string[]): Promise<Evaluation> {
    const cap = Math.max(this.options.maxReplications ?? 4 * this.options.replications, this.options.replications);
    let replications = this.options.replications;
    for (;;) {
      const outcome = await this.runPoint(set, replications);
      warnings.push(...outcome.warnings);
      const evaluation = judge(set, this.properties, outcome.results, replications);
      if (evaluation.verdict !== 'undecided' || replications >= cap) return evaluation;
      replications = Math.min(cap, replications * 2);
    }
  }

  /** One point's run: what `meshsim run` of the counterexample file prints. */
  private async runPoint(set: FaultSet, replications: number): Promise<{ results: Results; warnings: readonly string[] }> {
    const outcome = await runScenario(this.pointScenario(set, replications), { ...this.options.run, seed: this.options.seed });
    this.replicationsRun += replications;
    return outcome;
  }

  /** The scenario one point runs. */
  pointScenario(set: FaultSet, replications: number): Scenario {
    const s = applyFaultSet(this.scenario, set);
    return { ...s, simulation: { ...s.simulation, seed: this.options.seed, replications } };
  }
}

function judge(set: FaultSet, properties: ReadonlyArray<Slo>, results: Results, replications: number): Evaluation {
  const { judgements } = judgeSlos(properties, results);
  const broken = judgements.some((j) => j.verdict === 'violated' || j.verdict === 'unjudgeable');
  const verdict: PointVerdict = broken ? 'violated' : judgements.every((j) => j.verdict === 'holds') ? 'holds' : 'undecided';
  return { set, verdict, judgements, replications };
}
