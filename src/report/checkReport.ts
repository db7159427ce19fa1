/**
 * What `meshsim check` prints and writes: the console report (single faults, the
 * search, the counterexample and how to replay it, or how much of the space held) and
 * the `--json` document (`meshsim.check/v1`).
 */
import type { CheckOutcome } from '../experiments/checkScenario.js';
import type { FaultSet } from '../experiments/faultSet.js';
import type { Evaluation } from '../experiments/propertyEvaluation.js';
import type { SloJudgement } from '../experiments/sloVerdict.js';
import type { FaultSpec } from '../scenarios/scenario.js';
import { formatDuration } from '../scenarios/units.js';
import { describeFault, describeFaultSet } from './faultText.js';
import { describeJudgement } from './sloText.js';

export const CHECK_SCHEMA = 'meshsim.check/v1';

/** How the user replays what was found. */
export interface Replay {
  /** `meshsim check …` that repeats the whole search. */
  readonly check: string;
  /** `meshsim run COUNTEREXAMPLE.yaml` when a counterexample file was written. */
  readonly run?: string;
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function verdictWord(e: Evaluation): string {
  return e.verdict === 'violated' ? 'VIOLATED' : e.verdict === 'undecided' ? 'undecided' : 'holds';
}

function brokenJudgements(e: Evaluation): SloJudgement[] {
  return e.judgements.filter((j) => j.verdict !== 'holds');
}

/** "kind: slowdown  target: server  at: 5s  for: 1.34s  factor: 4". */
function faultFields(f: FaultSpec): string {
  const target = f.kind === 'zone-outage' ? f.zone : f.kind === 'partition' ? `${f.between[0]}|${f.between[1]}` : `${f.service}${f.version !== undefined ? `/${f.version}` : ''}`;
  const parts = [`kind: ${f.kind}`, `target: ${target}`, `at: ${formatDuration(f.at)}`, `for: ${Number.isFinite(f.for) ? formatDuration(f.for) : 'until the end'}`];
  if ('replicas' in f && f.replicas !== undefined) parts.push(`replicas: ${f.replicas}`);
  if (f.kind === 'slowdown') parts.push(`factor: ${f.factor}`);
  if (f.kind === 'errors') parts.push(`rate: ${f.rate}`);
  return parts.join('  ');
}

export function renderCheckReport(file: string, o: CheckOutcome, replay: Replay): string {
  const lines: string[] = [];
  lines.push(`meshsim check ${file}: ${o.properties.map((p) => p.text).join(', ')} (seed ${o.seed}, ${o.replications} replications per point)`);
  const e = o.enumeration;
  lines.push('', `single faults at their worst setting (load ${e.baseline.set.load}x):`);
  const rows: Array<[string, Evaluation]> = [['no fault', e.baseline], ...e.singles.map((s): [string, Evaluation] => [describeFault(s.fault), s.evaluation])];
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [what, ev] of rows) {
    lines.push(`  ${what.padEnd(width)}  ${verdictWord(ev)}`);
    for (const j of brokenJudgements(ev)) lines.push(`  ${''.padEnd(width)}    ${describeJudgement(j)}`);
  }
  const s = o.search;
  const sizes = s.coverage.bySize.map((n, k) => `${n} with ${k} fault${k === 1 ? '' : 's'}`).join(', ');
  const range = s.coverage.load;
  const loads = range ? (range[0] === range[1] ? `, load ${range[0]}x` : `, load ${range[0]}x–${range[1]}x`) : '';
  lines.push('', `search: ${plural(s.coverage.runs, 'fault set')} from fast-check seed ${s.seed}${sizes ? ` (${sizes}${loads})` : ''}`);
  if (o.counterexample) {
    const c = o.counterexample;
    lines.push('', `COUNTEREXAMPLE${s.unshrunk ? ` (shrunk in ${plural(s.shrinks, 'step')} from: ${describeFaultSet(s.unshrunk)})` : ''}:`);
    for (const f of c.set.faults) lines.push(`  ${faultFields(f)}`);
    lines.push(`  load: ${c.set.load}x`);
    for (const j of brokenJudgements(c)) lines.push(`  ${describeJudgement(j)}`);
    lines.push('', `replay seed ${o.seed} (${c.replications} replications):`);
    if (replay.run) lines.push(`  ${replay.run}`);
    lines.push(`  ${replay.check}`);
  } else {
    lines.push('', `every point held: ${coverageLine(o)}`);
    if (s.coverage.undecided > 0) {
      lines.push(`  ${s.coverage.undecided} point${s.coverage.undecided === 1 ? '' : 's'} stayed undecided at the replication cap: a property sits within noise of its threshold there (raise --replications to settle)`);
    }
  }
  return lines.join('\n') + '\n';
}

function coverageLine(o: CheckOutcome): string {
  const singles = o.enumeration.singles.length;
  return (
    `the baseline and ${plural(singles, 'single fault')} at their worst, then ${plural(o.search.coverage.runs, 'random fault set')} of up to ${plural(o.space.maxFaults, 'fault')}` +
    ` — ${o.points} distinct points, ${o.replicationsRun} replications simulated`
  );
}

/** A fault in JSON: seconds, `for` absent when it lasts to the end of the run. */
function faultJson(f: FaultSpec): Record<string, unknown> {
  return Number.isFinite(f.for) ? { ...f } : Object.fromEntries(Object.entries(f).filter(([k]) => k !== 'for'));
}

function setJson(set: FaultSet) {
  return { faults: set.faults.map(faultJson), load: set.load };
}

function evaluationJson(e: Evaluation) {
  return {
    ...setJson(e.set),
    verdict: e.verdict,
    replications: e.replications,
    properties: e.judgements.map((j) => ({
      property: j.slo.text,
      verdict: j.verdict,
      estimate: j.estimate,
      ...(j.interval && { ci95: [...j.interval] }),
    })),
  };
}

export function checkJson(file: string, o: CheckOutcome, replay: Replay) {
  return {
    schema: CHECK_SCHEMA,
    scenario: file,
    seed: o.seed,
    replications: o.replications,
    properties: o.properties.map((p) => p.text),
    holds: o.counterexample === undefined,
    enumeration: [o.enumeration.baseline, ...o.enumeration.singles.map((s) => s.evaluation)].map(evaluationJson),
    search: {
      seed: o.search.seed,
      runs: o.search.coverage.runs,
      bySize: o.search.coverage.bySize,
      ...(o.search.coverage.load && { load: o.search.coverage.load }),
      undecided: o.search.coverage.undecided,
      ...(o.search.unshrunk && { unshrunk: setJson(o.search.unshrunk), shrinks: o.search.shrinks }),
      ...(o.search.path !== undefined && { path: o.search.path }),
    },
    points: o.points,
    replicationsRun: o.replicationsRun,
    ...(o.counterexample && { counterexample: { ...evaluationJson(o.counterexample), replay } }),
  };
}
