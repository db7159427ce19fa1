/**
 * Judges one candidate (replica counts) by simulation: every situation (normal, and
 * each zone down under --survive) is run with the master seed — the same random numbers
 * for every candidate (common random numbers: streams are named by component, so a
 * candidate differs from its neighbour only where its replicas differ) — and the
 * objectives judged on the 95% intervals (sloVerdict.ts). An undecided verdict doubles
 * the replications, up to a cap; still undecided there, the candidate is not shown to
 * hold and the search treats it as failing. Verdicts are cached by counts.
 */
import type { Results } from '../../report/results.js';
import type { DataPlaneKind, Scenario } from '../../scenarios/scenario.js';
import type { Slo } from '../../scenarios/slo.js';
import type { ReplicationRunnerFactory } from '../replicationRunner.js';
import { runScenario } from '../runScenario.js';
import { judgeSlos, type SloReport, type Verdict } from '../sloVerdict.js';
import { describeCounts, withReplicaCounts, type ReplicaCounts } from './replicaCounts.js';
import type { Situation } from './zoneOutageSurvival.js';

export interface SituationJudgement {
  readonly situation: string;
  readonly report: SloReport;
  readonly results: Results;
}

/** One simulated candidate. */
export interface Evaluation {
  readonly counts: ReplicaCounts;
  /** holds: every objective holds in every situation; violated: one is violated somewhere; else undecided. */
  readonly verdict: Verdict;
  /** Replications each situation was run with (the last round). */
  readonly replications: number;
  /** In situation order; [0] is normal operation. */
  readonly situations: ReadonlyArray<SituationJudgement>;
  /** The situation and objective with the least headroom. */
  readonly binding?: { readonly situation: string; readonly slo: string; readonly margin: number };
}

export interface JudgeOptions {
  readonly slos: ReadonlyArray<Slo>;
  readonly seed: number;
  /** First round of replications per situation (at least 2, so there are intervals). */
  readonly replications: number;
  /** Cap on replications when undecided. */
  readonly maxReplications: number;
  readonly workers: number;
  readonly adaptiveWorkers: boolean;
  /** Runs replications on a queue of workers instead of threads (runScenario's `runner`). */
  readonly runner?: ReplicationRunnerFactory;
  /** Told before each simulation (progress line). */
  readonly onSimulation?: (info: { readonly dataPlane: DataPlaneKind; readonly counts: ReplicaCounts; readonly situation: string; readonly replications: number; readonly index: number }) => void;
}

export class CandidateJudge {
  private readonly cache = new Map<string, Evaluation>();
  /** Simulations started (one situation at one replication count), and the replications they took. */
  simulations = 0;
  replications = 0;

  constructor(
    private readonly situations: (counts: ReplicaCounts) => ReadonlyArray<Situation>,
    private readonly options: JudgeOptions,
  ) {}

  /** Whether `counts` has been judged already (a cached verdict costs nothing). */
  known(counts: ReplicaCounts): Evaluation | undefined {
    return this.cache.get(describeCounts(counts));
  }

  async judge(counts: ReplicaCounts): Promise<Evaluation> {
    const key = describeCounts(counts);
    const cached = this.cache.get(key);
    if (cached) return cached;
    let replications = this.options.replications;
    let evaluation: Evaluation;
    for (;;) {
      evaluation = await this.run(counts, replications);
      if (evaluation.verdict !== 'undecided' || replications >= this.options.maxReplications) break;
      replications = Math.min(this.options.maxReplications, replications * 2);
    }
    this.cache.set(key, evaluation);
    return evaluation;
  }

  /**
   * Every situation of the candidate at `replications`. On a queue (`runner`) they are
   * sent at once — one at a time would leave all but a situation's replications' worth
   * of a fleet idle; on this machine's threads one at a time, since each already uses
   * every core. The judgements are in situation order either way.
   */
  private async run(counts: ReplicaCounts, replications: number): Promise<Evaluation> {
    const simulate = async (s: Situation): Promise<SituationJudgement> => {
      const index = ++this.simulations;
      this.options.onSimulation?.({ dataPlane: s.scenario.dataPlane, counts, situation: s.name, replications, index });
      const outcome = await runScenario(s.scenario, {
        seed: this.options.seed,
        replications,
        workers: this.options.workers,
        adaptiveWorkers: this.options.adaptiveWorkers,
        // In steps that yield to the event loop: Ctrl-C is then handled within a replication
        // run on this thread, not after it (results do not change).
        progressWithinReplications: true,
        ...(this.options.runner && { runner: this.options.runner }),
      });
      this.replications += replications;
      return { situation: s.name, report: judgeSlos(this.options.slos, outcome.results), results: outcome.results };
    };
    const all = this.situations(counts);
    const situations: SituationJudgement[] = [];
    if (this.options.runner) situations.push(...(await Promise.all(all.map(simulate))));
    else for (const s of all) situations.push(await simulate(s));
    return { counts, verdict: combinedVerdict(situations), replications, situations, ...bindingOf(situations) };
  }
}

/** holds only if every situation holds; violated if any is violated; else undecided. */
function combinedVerdict(situations: ReadonlyArray<SituationJudgement>): Verdict {
  if (situations.some((s) => s.report.violated)) return 'violated';
  return situations.every((s) => s.report.holds) ? 'holds' : 'undecided';
}

function bindingOf(situations: ReadonlyArray<SituationJudgement>): Pick<Evaluation, 'binding'> {
  let best: Evaluation['binding'];
  for (const s of situations) {
    const b = s.report.binding;
    if (b && b.margin !== null && (best === undefined || b.margin < best.margin)) best = { situation: s.situation, slo: b.slo.text, margin: b.margin };
  }
  return best ? { binding: best } : {};
}

/** The scenario a candidate is simulated as (before situations are added). */
export function candidateScenario(scenario: Scenario, counts: ReplicaCounts): Scenario {
  return withReplicaCounts(scenario, counts);
}
