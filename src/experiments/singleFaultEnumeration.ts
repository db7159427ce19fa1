/**
 * The first pass of `check`, after Filibuster (Meiklejohn et al., SoCC 2021): every
 * single fault the space allows — each target of each `check.faults` entry — at its
 * worst setting, and the no-fault baseline, all at the worst load. Cheap (one run per
 * target) and exhaustive for one fault: if a lone crash or slowdown breaks a
 * property, this finds it before any random search, and hands it to the search to
 * shrink.
 */
import type { CheckSpec } from '../scenarios/checkSpec.js';
import type { FaultSpec, SimulationSpec } from '../scenarios/scenario.js';
import type { FaultSet } from './faultSet.js';
import { worstLoad, worstSingleFaults } from './faultSpace.js';
import type { Evaluation, PropertyEvaluator } from './propertyEvaluation.js';

export interface SingleFaultResult {
  /** Index of the `check.faults` entry the fault comes from. */
  readonly entry: number;
  readonly fault: FaultSpec;
  readonly evaluation: Evaluation;
}

export interface Enumeration {
  /** No fault at the worst load: whether the load alone breaks a property. */
  readonly baseline: Evaluation;
  readonly singles: ReadonlyArray<SingleFaultResult>;
}

/**
 * Evaluates the baseline then each single fault; `onStep(done, total)` after each.
 * `lanes` points are evaluated at once (1 unless the runs go to a queue, where one at a
 * time would leave most of a fleet idle); the outcome is the same for any number.
 */
export async function enumerateSingleFaults(
  spec: Pick<CheckSpec, 'faults' | 'load'>,
  simulation: Pick<SimulationSpec, 'warmup'>,
  evaluator: PropertyEvaluator,
  onStep?: (done: number, total: number) => void,
  lanes = 1,
): Promise<Enumeration> {
  const load = worstLoad(spec);
  const worst = worstSingleFaults(spec, simulation);
  const points: FaultSet[] = [{ faults: [], load }, ...worst.map((w) => ({ faults: [w.fault], load }))];
  const evaluations: Evaluation[] = new Array(points.length);
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    while (next < points.length) {
      const i = next++;
      evaluations[i] = await evaluator.evaluate(points[i] as FaultSet);
      onStep?.(++done, points.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(Math.floor(lanes), points.length)) }, lane));
  const [baseline, ...singles] = evaluations as [Evaluation, ...Evaluation[]];
  return { baseline, singles: worst.map((w, i) => ({ ...w, evaluation: singles[i] as Evaluation })) };
}

/** The points of the enumeration that broke a property, baseline first: the search's starting examples. */
export function violatingPoints(e: Enumeration): FaultSet[] {
  return [e.baseline, ...e.singles.map((s) => s.evaluation)].filter((x) => x.verdict === 'violated').map((x) => x.set);
}
