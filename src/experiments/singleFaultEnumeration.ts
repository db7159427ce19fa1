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

/** Evaluates the baseline then each single fault; `onStep(done, total)` after each. */
export async function enumerateSingleFaults(
  spec: Pick<CheckSpec, 'faults' | 'load'>,
  simulation: Pick<SimulationSpec, 'warmup'>,
  evaluator: PropertyEvaluator,
  onStep?: (done: number, total: number) => void,
): Promise<Enumeration> {
  const load = worstLoad(spec);
  const worst = worstSingleFaults(spec, simulation);
  const total = worst.length + 1;
  const baseline = await evaluator.evaluate({ faults: [], load });
  onStep?.(1, total);
  const singles: SingleFaultResult[] = [];
  for (const w of worst) {
    singles.push({ ...w, evaluation: await evaluator.evaluate({ faults: [w.fault], load }) });
    onStep?.(singles.length + 1, total);
  }
  return { baseline, singles };
}

/** The points of the enumeration that broke a property, baseline first: the search's starting examples. */
export function violatingPoints(e: Enumeration): FaultSet[] {
  return [e.baseline, ...e.singles.map((s) => s.evaluation)].filter((x) => x.verdict === 'violated').map((x) => x.set);
}
