/**
 * A service's `calls:` from its hops: which services it calls, in which order, which of
 * them together (`parallel`), how often (`probability`) and how many at once (`count`).
 *
 * In each hop the calls are cut into steps by overlap: a call that starts before every
 * earlier call of the step has returned joins it (they were in flight together), one
 * that starts after joins the next. Each call is keyed by callee and occurrence — the
 * k-th call to `ratings` in that hop — and the keys are laid out in their mean step
 * order; two keys share a parallel step when they overlapped in most hops that made
 * both. A key's probability is the fraction of hops that made it, so the expected
 * number of calls to each callee (the edge rate) is what the traces show, whether the
 * count varies or not; equal-probability keys of one callee in a parallel step become
 * `count: n`.
 */
import type { Hop } from './serviceHops.js';

export interface InferredCall {
  readonly service: string;
  readonly count: number;
  /** Fraction of the service's requests that make this call, in (0, 1]. */
  readonly probability: number;
}

export type InferredStep = { readonly kind: 'call'; readonly call: InferredCall } | { readonly kind: 'parallel'; readonly calls: InferredCall[] };

/** Two keys in one parallel step if they overlapped in at least this share of the hops with both. */
const PARALLEL_MAJORITY = 0.5;
/** Probabilities are written to this many decimals; 1e-4 of a rate is below any trace's sampling error. */
const PROBABILITY_DECIMALS = 4;

interface KeyStats {
  readonly service: string;
  readonly occurrence: number;
  hops: number;
  stepSum: number;
  offsetSum: number;
}

/** The call steps that reproduce `hops` (all of one service). */
export function inferCalls(hops: ReadonlyArray<Hop>): InferredStep[] {
  const keys = new Map<string, KeyStats>();
  const together = new Map<string, number>();
  const sameStep = new Map<string, number>();
  for (const hop of hops) {
    const seen = new Map<string, number>();
    const placed: { key: string; step: number }[] = [];
    let step = -1;
    let stepEnd = Number.NEGATIVE_INFINITY;
    for (const c of hop.calls) {
      if (c.start >= stepEnd) {
        step++;
        stepEnd = c.end;
      } else {
        stepEnd = Math.max(stepEnd, c.end);
      }
      const occurrence = (seen.get(c.service) ?? 0) + 1;
      seen.set(c.service, occurrence);
      const key = `${c.service}#${occurrence}`;
      const stats = keys.get(key) ?? { service: c.service, occurrence, hops: 0, stepSum: 0, offsetSum: 0 };
      stats.hops++;
      stats.stepSum += step;
      stats.offsetSum += c.start - hop.start;
      keys.set(key, stats);
      for (const p of placed) {
        const pair = pairKey(p.key, key);
        together.set(pair, (together.get(pair) ?? 0) + 1);
        if (p.step === step) sameStep.set(pair, (sameStep.get(pair) ?? 0) + 1);
      }
      placed.push({ key, step });
    }
  }

  const ordered = [...keys.entries()].sort(
    ([ka, a], [kb, b]) => a.stepSum / a.hops - b.stepSum / b.hops || a.offsetSum / a.hops - b.offsetSum / b.hops || (ka < kb ? -1 : ka > kb ? 1 : 0),
  );
  const groups: string[][] = [];
  for (const [key] of ordered) {
    const current = groups[groups.length - 1];
    const parallelWith = (other: string) => {
      const t = together.get(pairKey(key, other)) ?? 0;
      return t > 0 && (sameStep.get(pairKey(key, other)) ?? 0) / t >= PARALLEL_MAJORITY;
    };
    const conflicts = (other: string) => (together.get(pairKey(key, other)) ?? 0) > 0 && !parallelWith(other);
    if (current !== undefined && current.some(parallelWith) && !current.some(conflicts)) current.push(key);
    else groups.push([key]);
  }

  const n = hops.length;
  return groups.map((group): InferredStep => {
    const calls = mergeCounts(group.map((k) => keys.get(k) as KeyStats).map((s) => ({ service: s.service, count: 1, probability: round(s.hops / n) })));
    return calls.length === 1 && calls[0] !== undefined ? { kind: 'call', call: calls[0] } : { kind: 'parallel', calls };
  });
}

/** Calls to one callee with the same probability, issued together, become one call with a count. */
function mergeCounts(calls: InferredCall[]): InferredCall[] {
  const out: InferredCall[] = [];
  for (const c of calls) {
    const same = out.find((o) => o.service === c.service && o.probability === c.probability);
    if (same !== undefined) out[out.indexOf(same)] = { ...same, count: same.count + c.count };
    else out.push(c);
  }
  return out;
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function round(p: number): number {
  const f = 10 ** PROBABILITY_DECIMALS;
  return Math.max(1 / f, Math.round(p * f) / f);
}
