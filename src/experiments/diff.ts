/**
 * `meshsim diff BEFORE AFTER`: what a change does, measured with paired replications.
 * Replication i of both scenarios runs with the same derived seed (common random
 * numbers: arrivals and service times drawn alike wherever the scenarios share a
 * component), so each figure's per-replication difference cancels the shared noise and
 * its paired-t 95% interval (Law, "Simulation Modeling and Analysis", 5th ed., §10.2.1)
 * is the width of what the change itself does. A difference is significant when its
 * interval excludes 0, and better or worse by the figure's direction.
 *
 * Each replication is a one-replication run whose seed is that replication's derived
 * seed (replication.ts), so every figure of the results JSON — retries and cost too —
 * is available per replication; `before` and `after` are the means over replications.
 */
import { meanInterval } from '../statistics/confidenceInterval.js';
import type { Results, StatsBlock } from '../report/results.js';
import type { Scenario } from '../scenarios/scenario.js';
import { replicationSeed } from './replication.js';
import { runScenario, type RunOptions } from './runScenario.js';

/** Replications when neither the flag nor the scenarios ask for more: t₉ gives usable intervals. */
export const DEFAULT_DIFF_REPLICATIONS = 10;

export type Better = 'higher' | 'lower';
export type DeltaVerdict = 'better' | 'worse' | 'no significant change';

export interface FigureDelta {
  /** Means over replications, in the figure's unit (seconds, a fraction, a count, USD). */
  readonly before: number;
  readonly after: number;
  /** after − before. */
  readonly delta: number;
  /** Paired 95% interval of the delta; null with fewer than two replications. */
  readonly ci95: readonly [number, number] | null;
  readonly significant: boolean;
  readonly verdict: DeltaVerdict;
}

export type FigureDeltas = Record<string, FigureDelta>;

export interface DiffOutcome {
  readonly before: string;
  readonly after: string;
  readonly seed: number;
  readonly replications: number;
  readonly endToEnd: FigureDeltas;
  readonly services: Record<string, FigureDeltas>;
  readonly cost: FigureDeltas;
  /** Model warnings of either scenario, deduplicated. */
  readonly warnings: readonly string[];
}

export interface DiffOptions {
  readonly seed?: number;
  readonly replications?: number;
  readonly run?: Pick<RunOptions, 'wallClock' | 'runner'>;
  /** After each replication pair (done from 1). */
  readonly onProgress?: (done: number, planned: number) => void;
  /**
   * Replication pairs in flight at once (default 1). Each pair is two one-replication
   * runs, so on this machine's threads more gain nothing; on a queue of workers
   * (`run.runner`) one at a time would leave all but two workers idle. The deltas do
   * not depend on it: pairs and warnings are gathered in replication order.
   */
  readonly concurrentPairs?: number;
}

/** What each block's figures are and which way is better. */
const LATENCY: ReadonlyArray<[keyof StatsBlock['latency'], Better]> = [
  ['mean', 'lower'],
  ['p50', 'lower'],
  ['p90', 'lower'],
  ['p99', 'lower'],
  ['p999', 'lower'],
];
const COST: ReadonlyArray<[keyof Results['cost'], Better]> = [
  ['usdPerMonth', 'lower'],
  ['vcpu', 'lower'],
  ['meshVcpu', 'lower'],
  ['memoryGiB', 'lower'],
  ['crossZoneGiB', 'lower'],
];

type Figures = Record<string, { value: number; better: Better }>;

function blockFigures(b: StatsBlock, retries: number): Figures {
  // No requests, no availability (null): the figure is left out, so it is not paired in that block.
  const out: Figures = b.availability === null ? {} : { availability: { value: b.availability, better: 'higher' } };
  for (const [name, better] of LATENCY) out[name] = { value: b.latency[name], better };
  out['retries'] = { value: retries, better: 'lower' };
  return out;
}

/** One replication's figures by block: 'endToEnd', 'cost', 'services.NAME'. */
function figuresOf(r: Results): Record<string, Figures> {
  const totalRetries = Object.values(r.services).reduce((n, s) => n + s.retries, 0);
  const out: Record<string, Figures> = { endToEnd: blockFigures(r.endToEnd, totalRetries) };
  for (const [name, s] of Object.entries(r.services)) out[`services.${name}`] = blockFigures(s, s.retries);
  const cost: Figures = {};
  for (const [name, better] of COST) cost[name] = { value: r.cost[name] as number, better };
  out['cost'] = cost;
  return out;
}

/**
 * Why two scenarios cannot be paired: the names of their services or traffic sources
 * differ (a replication's random streams are named after them). Empty when they can.
 */
export function pairingProblems(before: Scenario, after: Scenario): string[] {
  const problems: string[] = [];
  const compare = (what: string, a: readonly string[], b: readonly string[]): void => {
    const onlyBefore = a.filter((x) => !b.includes(x));
    const onlyAfter = b.filter((x) => !a.includes(x));
    if (onlyBefore.length > 0) problems.push(`${what} only in BEFORE: ${onlyBefore.join(', ')}`);
    if (onlyAfter.length > 0) problems.push(`${what} only in AFTER: ${onlyAfter.join(', ')}`);
  };
  compare('services', before.services.map((s) => s.name), after.services.map((s) => s.name));
  compare('traffic', before.traffic.map((t) => `${t.name} → ${t.to}`), after.traffic.map((t) => `${t.name} → ${t.to}`));
  return problems;
}

function one(s: Scenario, seed: number): Scenario {
  return { ...s, simulation: { ...s.simulation, seed, replications: 1 } };
}

/** Runs both scenarios replication by replication with shared seeds and takes the paired deltas. */
export async function diffScenarios(before: Scenario, after: Scenario, options: DiffOptions = {}): Promise<DiffOutcome> {
  const problems = pairingProblems(before, after);
  if (problems.length > 0) throw new Error(`diffScenarios: the scenarios cannot be paired: ${problems.join('; ')}`);
  const seed = options.seed ?? before.simulation.seed;
  const replications = options.replications ?? Math.max(before.simulation.replications, after.simulation.replications, DEFAULT_DIFF_REPLICATIONS);
  const pairs: Array<[Record<string, Figures>, Record<string, Figures>]> = new Array(replications);
  const pairWarnings: string[][] = new Array(replications);
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < replications; i = next++) {
      const s = replicationSeed(seed, i);
      const [b, a] = await Promise.all([runScenario(one(before, s), options.run), runScenario(one(after, s), options.run)]);
      pairWarnings[i] = [...b.warnings, ...a.warnings];
      pairs[i] = [figuresOf(b.results), figuresOf(a.results)];
      options.onProgress?.(++done, replications);
    }
  };
  const lanes = Math.max(1, Math.min(Math.floor(options.concurrentPairs ?? 1), replications));
  await Promise.all(Array.from({ length: lanes }, lane));
  const warnings = new Set(pairWarnings.flat());
  const block = (key: string): FigureDeltas => {
    const out: FigureDeltas = {};
    const names = Object.keys(pairs[0]?.[0][key] ?? {});
    for (const name of names) {
      const b = pairs.map((p) => p[0][key]?.[name]);
      const a = pairs.map((p) => p[1][key]?.[name]);
      if (b.some((x) => x === undefined) || a.some((x) => x === undefined)) continue;
      out[name] = figureDelta(b.map((x) => x!.value), a.map((x) => x!.value), b[0]!.better);
    }
    return out;
  };
  const services: Record<string, FigureDeltas> = {};
  for (const s of before.services) services[s.name] = block(`services.${s.name}`);
  return { before: before.name, after: after.name, seed, replications, endToEnd: block('endToEnd'), services, cost: block('cost'), warnings: [...warnings] };
}

/** The paired delta of one figure over replications, and its verdict. */
export function figureDelta(before: ReadonlyArray<number>, after: ReadonlyArray<number>, better: Better): FigureDelta {
  const mean = (xs: ReadonlyArray<number>): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  const diffs = after.map((x, i) => x - (before[i] as number));
  const interval = meanInterval(diffs);
  const ci95 = interval ? ([round(interval.lo), round(interval.hi)] as const) : null;
  const significant = interval !== undefined && (interval.lo > 0 || interval.hi < 0);
  const delta = mean(diffs);
  const improved = better === 'higher' ? delta > 0 : delta < 0;
  return {
    before: round(mean(before)),
    after: round(mean(after)),
    delta: round(delta),
    ci95,
    significant,
    verdict: !significant ? 'no significant change' : improved ? 'better' : 'worse',
  };
}

function round(x: number): number {
  return !Number.isFinite(x) || x === 0 ? x : Number(x.toPrecision(9));
}

/** Whether anything got significantly worse (`--fail-on worse`). */
export function anythingWorse(d: DiffOutcome): boolean {
  const blocks = [d.endToEnd, d.cost, ...Object.values(d.services)];
  return blocks.some((b) => Object.values(b).some((f) => f.verdict === 'worse'));
}
