/**
 * Worker-thread entry: for each job the pool posts, claims replications from the
 * job's shared counter until none are left, posting each report back as it
 * finishes, then says it has finished. workerData carries the scenario and master seed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Scenario } from '../scenarios/scenario.js';
import { runReplication } from './replication.js';
import type { TracingOptions } from '../models/tracing/traceData.js';

export interface WorkerSetup {
  readonly scenario: Scenario;
  readonly masterSeed: number;
  /** Trace a sample of requests (off when absent). */
  readonly tracing?: TracingOptions;
}

/**
 * A batch of replications shared by every thread: each claims the next position in
 * `indices` by incrementing `next` (a SharedArrayBuffer, so all threads see one counter).
 */
export interface WorkerJob {
  readonly indices: readonly number[];
  readonly next: Int32Array;
}

/** One finished replication, one that failed, or: this worker has claimed all it will of the job. */
export type WorkerReply =
  | { readonly index: number; readonly report: ReturnType<typeof runReplication> }
  | { readonly index: number; readonly error: string }
  | { readonly finished: true };

const { scenario, masterSeed, tracing } = workerData as WorkerSetup;
const port = parentPort;
if (port) {
  port.on('message', (job: WorkerJob) => {
    for (;;) {
      const i = Atomics.add(job.next, 0, 1);
      if (i >= job.indices.length) break;
      const index = job.indices[i] as number;
      try {
        port.postMessage({ index, report: runReplication(scenario, masterSeed, index, true, tracing) } satisfies WorkerReply);
      } catch (err) {
        port.postMessage({ index, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies WorkerReply);
        break;
      }
    }
    port.postMessage({ finished: true } satisfies WorkerReply);
  });
}
