/** Objective verdicts in words, in the objective's own units. */
import type { SloJudgement } from '../experiments/sloVerdict.js';
import { formatThreshold } from '../scenarios/slo.js';

/** "p99 < 250ms: 212ms [198ms, 226ms] holds (15% headroom)" — for consoles and notices. */
export function describeJudgement(j: SloJudgement): string {
  if (j.verdict === 'unjudgeable' || j.estimate === null) return `${j.slo.text}: no value in this run (no request reached it)`;
  const f = (x: number): string => formatThreshold(j.slo.metric, x);
  const interval = j.interval ? ` [${f(j.interval[0])}, ${f(j.interval[1])}]` : '';
  const margin = j.margin === null ? '' : ` (${j.margin >= 0 ? 'headroom' : 'over by'} ${Math.abs(Math.round(j.margin * 1000) / 10)}%)`;
  return `${j.slo.text}: ${f(j.estimate)}${interval} ${j.verdict}${margin}`;
}
