/**
 * Runs replications on N threads — this one plus N − 1 worker threads — handing
 * each report to the caller as it finishes, in whatever order; the caller merges
 * in replication order (runScenario.ts), which is what makes the results
 * byte-identical across worker counts.
 *
 * This thread works too (rather than only waiting), so `--workers 2` on two cores
 * starts one thread, not two, and the worker's start-up overlaps useful work. Each
 * worker holds up to two replications, so it never idles while this thread is
 * busy in a long replication of its own and cannot hear it finish.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Scenario } from '../scenarios/scenario.js';
import { runReplication, type ReplicationReport } from './replication.js';
import type { WorkerReply, WorkerSetup } from './replicationWorker.js';

/** Replications a worker holds at once (one running, one queued). */
const WORKER_QUEUE = 2;
/** Wall seconds for a worker thread to start and load the model (measured: ~0.25 s on the 2-core dev machine). */
const WORKER_START_SECONDS = 0.25;
/** Start workers only when they save this many times their start-up. */
const WORKER_PAYOFF = 2;

/**
 * The compiled worker script beside this module, or undefined when running from
 * the TypeScript sources (tests under vitest): Node 20 cannot start a worker on a
 * .ts file, and borrowing dist/ could run stale code, so replications then stay
 * on this thread — the results are the same either way.
 */
export function replicationWorkerUrl(): URL | undefined {
  const url = new URL('./replicationWorker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

/** Lets queued messages (finished worker replications) in between this thread's replications. */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class ReplicationPool {
  private readonly workers: Worker[] = [];
  private readonly workerUrl = replicationWorkerUrl();
  /** The most threads any run() used, this one included. */
  threadsUsed = 1;

  /**
   * `threads` threads at most, this one included (1: everything here, no threads
   * started). With a wall clock (seconds), threads start only when they pay off:
   * the first replication runs here, timed, and the rest go parallel only if
   * the serial time they would save exceeds a worker's start-up with a margin.
   * The thread count never changes the results, so deciding by wall time is safe.
   */
  constructor(
    private readonly scenario: Scenario,
    private readonly masterSeed: number,
    private readonly threads: number,
    private readonly clock?: () => number,
  ) {}

  /**
   * Runs the replications `indices`, handing each report to `onDone` as it
   * finishes; resolves when all have.
   */
  async run(indices: ReadonlyArray<number>, onDone: (r: ReplicationReport) => void): Promise<void> {
    let wanted = this.workerUrl ? Math.max(1, Math.min(this.threads, indices.length)) : 1;
    const clock = this.clock;
    if (clock && wanted > 1 && this.workers.length === 0) {
      const started = clock();
      onDone(runReplication(this.scenario, this.masterSeed, indices[0] as number, false));
      const seconds = clock() - started;
      indices = indices.slice(1);
      wanted = Math.max(1, Math.min(wanted, indices.length));
      const saved = seconds * indices.length * (1 - 1 / wanted);
      if (saved < WORKER_PAYOFF * WORKER_START_SECONDS) wanted = 1;
    }
    const threads = wanted;
    this.threadsUsed = Math.max(this.threadsUsed, threads);
    while (this.workers.length < threads - 1) this.workers.push(this.spawn());
    const workers = this.workers.slice(0, Math.max(0, threads - 1));
    let next = 0;
    let inWorkers = 0;
    let failure: Error | undefined;

    let wake: () => void = () => {};
    const settled = new Promise<void>((resolve) => (wake = resolve));
    const cleanups: Array<() => void> = [];
    const feed = (w: Worker): void => {
      if (failure || next >= indices.length) return;
      inWorkers++;
      w.postMessage(indices[next++]);
    };
    for (const w of workers) {
      const onMessage = (reply: WorkerReply): void => {
        inWorkers--;
        if ('error' in reply) failure ??= new Error(`replication ${reply.index} failed in a worker: ${reply.error}`);
        else {
          onDone(reply.report);
          feed(w);
        }
        if (inWorkers === 0) wake();
      };
      const onError = (err: Error): void => {
        failure ??= err;
        wake();
      };
      w.on('message', onMessage);
      w.on('error', onError);
      cleanups.push(() => {
        w.off('message', onMessage);
        w.off('error', onError);
      });
      for (let q = 0; q < WORKER_QUEUE; q++) feed(w);
    }
    try {
      // This thread's share: whatever the workers have not taken.
      while (!failure && next < indices.length) {
        const k = indices[next++] as number;
        onDone(runReplication(this.scenario, this.masterSeed, k, false));
        if (workers.length > 0) await yieldToEvents();
      }
      if (inWorkers > 0 && !failure) await settled;
    } finally {
      for (const c of cleanups) c();
    }
    if (failure) throw failure;
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()));
  }

  private spawn(): Worker {
    const setup: WorkerSetup = { scenario: this.scenario, masterSeed: this.masterSeed };
    return new Worker(this.workerUrl as URL, { workerData: setup });
  }
}
