/**
 * A call cycle that can deadlock its services. meshsim's services hold a worker while
 * they wait for the calls they make (as a thread-per-request server does), so a request
 * that comes back round a cycle (A → A, or A → B → A) needs a second worker of A while
 * its first waits. Once every worker of a service on the cycle is held by a request
 * waiting inside it, the service waits on itself for ever: the thread-pool deadlock real
 * services have. The run simulates exactly that (availability falls to 0 when it
 * happens); this finds such a cycle before the run so the user is told why.
 */
import { findCycle, type CallEdge } from './callGraph.js';
import type { ServiceSpec } from './scenario.js';

export interface WorkerHoldingCycle {
  /** The calls that close the cycle, in order. */
  readonly cycle: CallEdge[];
  /** The service on it with the fewest workers in all (concurrency × replicas, over its versions). */
  readonly service: string;
  readonly workers: number;
}

/** The first cycle of calls that can happen (probability > 0) through a service with finite workers, or undefined. */
export function workerHoldingCycle(services: ReadonlyArray<ServiceSpec>, edges: ReadonlyArray<CallEdge>): WorkerHoldingCycle | undefined {
  const cycle = findCycle(edges.filter((e) => e.probability > 0 && e.count > 0));
  if (cycle === undefined) return undefined;
  const byName = new Map(services.map((s) => [s.name, s]));
  let fewest: { service: string; workers: number } | undefined;
  for (const edge of cycle) {
    const service = byName.get(edge.from);
    if (service === undefined) continue; // a traffic source
    const workers = service.versions.reduce((sum, v) => sum + v.concurrency * v.replicaZones.length, 0);
    if (Number.isFinite(workers) && (fewest === undefined || workers < fewest.workers)) fewest = { service: edge.from, workers };
  }
  return fewest && { cycle, ...fewest };
}
