/**
 * The call graph of a scenario: which service calls which, how often, and whether a
 * request can end.
 *
 * A cycle made only of unconditional calls never terminates, so it is refused by
 * name. A cycle with probabilities can still terminate; it is accepted when the
 * expected number of calls per request is finite (spectral radius of the expected-call
 * matrix below 1), found by fixed-point iteration.
 */
import type { FieldPath } from './locate.js';

/** One call written in the scenario, from one version of a service. */
export interface CallEdge {
  readonly from: string;
  /** The version of `from` that makes the call (versions are alternatives: one serves each request). */
  readonly version: string;
  readonly to: string;
  readonly probability: number;
  readonly count: number;
  /** Where the call is written (for messages). */
  readonly path: FieldPath;
}

/**
 * A cycle of unconditional calls (probability 1), as the edges that form it in order,
 * or undefined. A version's unconditional call counts even if routing might avoid that
 * version: whenever the version is chosen, the request cannot finish.
 */
export function findUnconditionalCycle(edges: ReadonlyArray<CallEdge>): CallEdge[] | undefined {
  return findCycle(edges.filter((e) => e.probability >= 1 && e.count >= 1));
}

/** Any cycle among `edges` (depth-first search, edges in declaration order), or undefined. */
export function findCycle(edges: ReadonlyArray<CallEdge>): CallEdge[] | undefined {
  const out = new Map<string, CallEdge[]>();
  for (const e of edges) {
    const list = out.get(e.from) ?? [];
    list.push(e);
    out.set(e.from, list);
  }
  const state = new Map<string, 'open' | 'done'>();
  const stack: CallEdge[] = [];
  const visit = (node: string): CallEdge[] | undefined => {
    state.set(node, 'open');
    for (const e of out.get(node) ?? []) {
      const s = state.get(e.to);
      if (s === 'open') {
        const start = stack.findIndex((x) => x.from === e.to);
        return [...(start >= 0 ? stack.slice(start) : []), e];
      }
      if (s === undefined) {
        stack.push(e);
        const found = visit(e.to);
        if (found) return found;
        stack.pop();
      }
    }
    state.set(node, 'done');
    return undefined;
  };
  for (const e of edges) {
    if (state.get(e.from) === undefined) {
      const found = visit(e.from);
      if (found) return found;
    }
  }
  return undefined;
}

/** "a → b → a" for a cycle given as its edges. */
export function describeCycle(cycle: ReadonlyArray<CallEdge>): string {
  const first = cycle[0];
  return first === undefined ? '' : [first.from, ...cycle.map((e) => e.to)].join(' → ');
}

/** Iterations before the fixed point is declared divergent; a convergent graph settles in far fewer. */
const MAX_ITERATIONS = 100_000;
/** Beyond this many expected calls per request the graph is treated as divergent. */
const DIVERGED = 1e12;

/**
 * Expected number of calls made downstream of one request to each service (the
 * request itself not counted), taking the busiest version of each service (versions
 * are alternatives and routing is not known here). Infinity where the expectation
 * diverges. Solves N(s) = max_v Σ_calls p·count·(1 + N(callee)) by iteration from 0,
 * which increases monotonically to the least fixed point when it is finite.
 */
export function expectedCallsPerRequest(services: ReadonlyArray<string>, edges: ReadonlyArray<CallEdge>): Map<string, number> {
  const n = new Map<string, number>(services.map((s) => [s, 0]));
  const byVersion = new Map<string, Map<string, CallEdge[]>>();
  for (const e of edges) {
    const versions = byVersion.get(e.from) ?? new Map<string, CallEdge[]>();
    const list = versions.get(e.version) ?? [];
    list.push(e);
    versions.set(e.version, list);
    byVersion.set(e.from, versions);
  }
  for (let iter = 0; iter < MAX_ITERATIONS; iter++) {
    let changed = false;
    let diverged = false;
    for (const s of services) {
      let best = 0;
      for (const list of byVersion.get(s)?.values() ?? []) {
        let sum = 0;
        for (const e of list) sum += e.probability * e.count * (1 + (n.get(e.to) ?? 0));
        best = Math.max(best, sum);
      }
      const old = n.get(s) ?? 0;
      if (best > DIVERGED) diverged = true;
      if (Math.abs(best - old) > 1e-12 * Math.max(1, best)) changed = true;
      n.set(s, best);
    }
    if (!changed) return n;
    if (diverged) break;
  }
  // Not settled: whatever is still growing (or huge) diverges, and so does every
  // service that calls a divergent one with nonzero probability.
  const next = new Map(n);
  for (const s of services) {
    let best = 0;
    for (const list of byVersion.get(s)?.values() ?? []) {
      let sum = 0;
      for (const e of list) sum += e.probability * e.count * (1 + (n.get(e.to) ?? 0));
      best = Math.max(best, sum);
    }
    if (best > DIVERGED || best > (n.get(s) ?? 0) * (1 + 1e-9)) next.set(s, Number.POSITIVE_INFINITY);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of edges) {
      if (e.probability * e.count > 0 && next.get(e.to) === Number.POSITIVE_INFINITY && next.get(e.from) !== Number.POSITIVE_INFINITY) {
        next.set(e.from, Number.POSITIVE_INFINITY);
        changed = true;
      }
    }
  }
  return next;
}
