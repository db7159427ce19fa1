/**
 * The `ci95` blocks of the results: 95% Student t intervals for the expected
 * value of each figure, from one value per replication (or per batch of one long
 * run). Intervals are clipped to what the figure can be (availability in [0, 1],
 * latencies ≥ 0); endpoints are rounded like every other number in the file.
 */
import { meanInterval, type MeanInterval } from './confidenceInterval.js';
import { round } from './significantDigits.js';

/** One population's figures in one replication (seconds; availability a fraction). */
export interface Estimates {
  readonly availability: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
}

export type EstimateName = keyof Estimates;
export const ESTIMATE_NAMES: ReadonlyArray<EstimateName> = ['availability', 'mean', 'p50', 'p90', 'p99', 'p999'];

/** [lo, hi] per figure; figures with fewer than two values are absent. */
export type Ci95 = Partial<Record<EstimateName, [number, number]>>;


function clip(name: EstimateName, i: MeanInterval): [number, number] {
  const lo = Math.max(0, i.lo);
  const hi = name === 'availability' ? Math.min(1, i.hi) : i.hi;
  return [round(lo), round(hi)];
}

/** The 95% interval of each figure over the per-replication `samples`; undefined below two samples. */
export function ci95Of(samples: ReadonlyArray<Partial<Estimates>>): Ci95 | undefined {
  if (samples.length < 2) return undefined;
  const out: Ci95 = {};
  for (const name of ESTIMATE_NAMES) {
    const values = samples.map((s) => s[name]).filter((v): v is number => v !== undefined);
    const i = values.length === samples.length ? meanInterval(values) : undefined;
    if (i) out[name] = clip(name, i);
  }
  return out;
}

/** The 95% interval of each figure, unclipped and unrounded (for precision checks). */
export function intervalsOf(samples: ReadonlyArray<Partial<Estimates>>, names: ReadonlyArray<EstimateName>): Partial<Record<EstimateName, MeanInterval>> {
  const out: Partial<Record<EstimateName, MeanInterval>> = {};
  for (const name of names) {
    const values = samples.map((s) => s[name]).filter((v): v is number => v !== undefined);
    const i = values.length === samples.length ? meanInterval(values) : undefined;
    if (i) out[name] = i;
  }
  return out;
}

/**
 * The 95% interval of each figure's difference `other − baseline`, paired by
 * replication: replication i of both ran with the same derived seed, so their
 * shared random numbers (arrivals, service times) cancel in the difference and the
 * interval is the width of what the change itself does (the paired-t interval
 * with common random numbers: Law, "Simulation Modeling and Analysis", 5th ed.,
 * §10.2.1 and §11.2). Not
 * clipped: a difference may have either sign. Undefined below two pairs.
 */
export function pairedDeltaCi95(baseline: ReadonlyArray<Estimates>, other: ReadonlyArray<Estimates>): Ci95 | undefined {
  if (baseline.length !== other.length) throw new Error(`pairedDeltaCi95: ${baseline.length} baseline replications against ${other.length}`);
  if (baseline.length < 2) return undefined;
  const out: Ci95 = {};
  for (const name of ESTIMATE_NAMES) {
    const i = meanInterval(other.map((o, k) => o[name] - (baseline[k] as Estimates)[name]));
    if (i && Number.isFinite(i.lo) && Number.isFinite(i.hi)) out[name] = [round(i.lo), round(i.hi)];
  }
  return out;
}
