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

/**
 * Any cycle among `edges` (depth-first search, edges in declaration order), or undefined.
 * The search keeps its own stack: a call chain thousands of services deep must not
 * overflow JavaScript's.
 */
export function findCycle(edges: ReadonlyArray<CallEdge>): CallEdge[] | undefined {
  const out = edgesByCaller(edges);
  const state = new Map<string, 'open' | 'done'>();
  for (const root of edges) {
    if (state.has(root.from)) continue;
    // nodes[i] is open with its next edge at next[i]; path[i] is the edge into nodes[i + 1].
    const nodes: string[] = [root.from];
    const next: number[] = [0];
    const path: CallEdge[] = [];
    state.set(root.from, 'open');
    while (nodes.length > 0) {
      const top = nodes.length - 1;
      const node = nodes[top] as string;
      const list = out.get(node) ?? [];
      const i = next[top] as number;
      if (i >= list.length) {
        state.set(node, 'done');
        nodes.pop();
        next.pop();
        path.pop();
        continue;
      }
      next[top] = i + 1;
      const e = list[i] as CallEdge;
      const s = state.get(e.to);
      if (s === 'open') {
        const start = path.findIndex((x) => x.from === e.to);
        return [...(start >= 0 ? path.slice(start) : []), e];
      }
      if (s === undefined) {
        state.set(e.to, 'open');
        nodes.push(e.to);
        next.push(0);
        path.push(e);
      }
    }
  }
  return undefined;
}

function edgesByCaller(edges: ReadonlyArray<CallEdge>): Map<string, CallEdge[]> {
  const out = new Map<string, CallEdge[]>();
  for (const e of edges) {
    const list = out.get(e.from);
    if (list === undefined) out.set(e.from, [e]);
    else list.push(e);
  }
  return out;
}

/** Services named in full around a cycle; a longer one is shown by its ends. */
const CYCLE_NAMES_SHOWN = 12;

/** "a → b → a" for a cycle given as its edges ("a → b → … (4,990 more) → y → z → a" when long). */
export function describeCycle(cycle: ReadonlyArray<CallEdge>): string {
  const first = cycle[0];
  if (first === undefined) return '';
  const names = [first.from, ...cycle.map((e) => e.to)];
  if (names.length <= CYCLE_NAMES_SHOWN) return names.join(' → ');
  const head = names.slice(0, CYCLE_NAMES_SHOWN / 2);
  const tail = names.slice(names.length - CYCLE_NAMES_SHOWN / 2);
  return [...head, `… (${(names.length - CYCLE_NAMES_SHOWN).toLocaleString('en-US')} more)`, ...tail].join(' → ');
}

/** Sweeps before the fixed point is declared divergent; a convergent graph settles in far fewer. */
const MAX_SWEEPS = 100_000;
/**
 * Work allowed for the whole iteration, in edge and service visits (a few tens of
 * milliseconds): a large graph gets fewer sweeps, so no scenario makes `validate` hang.
 * Sweeping callees before callers, an acyclic graph settles in two sweeps whatever its
 * size; only cycles with a loop gain close to 1 need many, and those are refused.
 */
const MAX_SWEEP_WORK = 20_000_000;
/** Beyond this many expected calls per request the graph is treated as divergent. */
const DIVERGED = 1e12;

/**
 * Expected number of calls made downstream of one request to each service (the
 * request itself not counted), taking the busiest version of each service (versions
 * are alternatives and routing is not known here). Infinity where the expectation
 * diverges, or comes so near to diverging that it does not settle. Solves
 * N(s) = max_v Σ_calls p·count·(1 + N(callee)) by Gauss–Seidel sweeps from 0, callees
 * before callers, which increase monotonically to the least fixed point when it is finite.
 */
export function expectedCallsPerRequest(services: ReadonlyArray<string>, edges: ReadonlyArray<CallEdge>): Map<string, number> {
  const graph = indexGraph(services, edges);
  const n = new Float64Array(graph.size);
  const order = calleesFirst(graph, services.length);
  const sweeps = Math.min(MAX_SWEEPS, Math.max(2, Math.floor(MAX_SWEEP_WORK / (services.length + edges.length + 1))));
  for (let sweep = 0; sweep < sweeps; sweep++) {
    let changed = false;
    let diverged = false;
    for (const s of order) {
      const best = busiestVersion(graph, s, n);
      if (best > DIVERGED) diverged = true;
      if (Math.abs(best - (n[s] as number)) > 1e-12 * Math.max(1, best)) changed = true;
      n[s] = best;
    }
    if (!changed) return toMap(services, n);
    if (diverged) break;
  }
  // Not settled: whatever is still growing (or huge) diverges, and so does every
  // service that calls a divergent one with nonzero probability.
  const infinite: number[] = [];
  for (let s = 0; s < services.length; s++) {
    const best = busiestVersion(graph, s, n);
    if (best > DIVERGED || best > (n[s] as number) * (1 + 1e-9)) infinite.push(s);
  }
  for (const s of infinite) n[s] = Number.POSITIVE_INFINITY;
  // Breadth-first over callers, so the marking is linear in the graph.
  while (infinite.length > 0) {
    const s = infinite.pop() as number;
    for (const caller of graph.callers[s] ?? []) {
      if (n[caller] !== Number.POSITIVE_INFINITY) {
        n[caller] = Number.POSITIVE_INFINITY;
        infinite.push(caller);
      }
    }
  }
  return toMap(services, n);
}

/** The call graph by dense index: services first, then names only edges mention. */
interface IndexedGraph {
  readonly size: number;
  /** versions[s][v] lists version v's calls as [callee, p × count, callee, p × count, …]. */
  readonly versions: number[][][];
  /** callees[s]: every service s calls, in declaration order (repeats included). */
  readonly callees: number[][];
  /** callers[s]: the services that call s with nonzero probability. */
  readonly callers: number[][];
}

function indexGraph(services: ReadonlyArray<string>, edges: ReadonlyArray<CallEdge>): IndexedGraph {
  const index = new Map<string, number>(services.map((s, i) => [s, i]));
  const id = (name: string): number => {
    let i = index.get(name);
    if (i === undefined) index.set(name, (i = index.size));
    return i;
  };
  const versionIndex = new Map<string, number>();
  const versions: number[][][] = [];
  const callees: number[][] = [];
  const callers: number[][] = [];
  for (const e of edges) {
    const from = id(e.from);
    const to = id(e.to);
    const key = `${from} ${e.version}`;
    let v = versionIndex.get(key);
    const list = (versions[from] ??= []);
    if (v === undefined) versionIndex.set(key, (v = list.push([]) - 1));
    const weight = e.probability * e.count;
    (list[v] as number[]).push(to, weight);
    (callees[from] ??= []).push(to);
    if (weight > 0) (callers[to] ??= []).push(from);
  }
  return { size: index.size, versions, callees, callers };
}

function busiestVersion(graph: IndexedGraph, s: number, n: Float64Array): number {
  let best = 0;
  for (const calls of graph.versions[s] ?? []) {
    let sum = 0;
    for (let k = 0; k < calls.length; k += 2) sum += (calls[k + 1] as number) * (1 + (n[calls[k] as number] as number));
    if (sum > best) best = sum;
  }
  return best;
}

/** The first `count` nodes in depth-first post-order (callees before their callers), with an explicit stack. */
function calleesFirst(graph: IndexedGraph, count: number): number[] {
  const order: number[] = [];
  const seen = new Uint8Array(graph.size);
  for (let root = 0; root < count; root++) {
    if (seen[root] === 1) continue;
    seen[root] = 1;
    const nodes: number[] = [root];
    const next: number[] = [0];
    while (nodes.length > 0) {
      const top = nodes.length - 1;
      const node = nodes[top] as number;
      const callees = graph.callees[node] ?? [];
      const i = next[top] as number;
      if (i >= callees.length) {
        if (node < count) order.push(node);
        nodes.pop();
        next.pop();
        continue;
      }
      next[top] = i + 1;
      const to = callees[i] as number;
      if (seen[to] === 0) {
        seen[to] = 1;
        nodes.push(to);
        next.push(0);
      }
    }
  }
  return order;
}

function toMap(services: ReadonlyArray<string>, n: Float64Array): Map<string, number> {
  return new Map(services.map((s, i) => [s, n[i] as number]));
}
