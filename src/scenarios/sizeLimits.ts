/**
 * How big a scenario may be: limits on what grows memory and build time with the file
 * rather than with the simulated traffic (the event budget, eventBudget.ts, bounds
 * that). Each is refused with a located message naming the limit; docs/limits.md
 * lists them all.
 */
import type { CallEdge } from './callGraph.js';
import type { FieldPath } from './locate.js';
import type { ProblemReport } from './resolveScenario.js';

/**
 * Most services. Each has its own latency histograms (8 KiB each at least, more for
 * latencies of seconds); 10,000 services called from one front end run in ~40 s and
 * 0.6 GB for one simulated second (bench machine, loaded).
 */
export const MAX_SERVICES = 10_000;
/** Most distinct caller → callee pairs (traffic sources included): each edge keeps a latency histogram. */
export const MAX_CALL_PAIRS = 50_000;
/** Most faults: each start and end visits every replica it targets (a zone outage, a whole zone). */
export const MAX_FAULTS = 1_000;

/** Reports each limit the scenario exceeds, at the item that goes over it. */
export function checkScenarioSize(
  counts: { readonly services: number; readonly faults: number },
  edges: ReadonlyArray<CallEdge>,
  traffic: ReadonlyArray<{ readonly name: string; readonly to: string }>,
  problems: ProblemReport,
): void {
  if (counts.services > MAX_SERVICES) {
    problems.error(['services', MAX_SERVICES], `the scenario has ${counts.services.toLocaleString('en-US')} services`, `at most ${MAX_SERVICES.toLocaleString('en-US')} services`);
  }
  if (counts.faults > MAX_FAULTS) {
    problems.error(['faults', MAX_FAULTS], `the scenario has ${counts.faults.toLocaleString('en-US')} faults`, `at most ${MAX_FAULTS.toLocaleString('en-US')} faults`);
  }
  const pairs = new Map<string, Set<string>>();
  let count = 0;
  let overAt: FieldPath | undefined;
  const add = (from: string, to: string, path: FieldPath): void => {
    let callees = pairs.get(from);
    if (callees === undefined) pairs.set(from, (callees = new Set()));
    if (callees.has(to)) return;
    callees.add(to);
    if (++count > MAX_CALL_PAIRS && overAt === undefined) overAt = path;
  };
  for (const e of edges) add(e.from, e.to, e.path);
  traffic.forEach((t, i) => add(t.name, t.to, ['traffic', i, 'to']));
  if (overAt !== undefined) {
    problems.error(overAt, `the scenario has ${count.toLocaleString('en-US')} distinct caller → callee pairs`, `at most ${MAX_CALL_PAIRS.toLocaleString('en-US')} (each keeps its own metrics)`);
  }
}
