/**
 * Runs replications on N threads — this one plus N − 1 worker threads — handing
 * each report to the caller as it finishes, in whatever order; the caller merges
 * in replication order (runScenario.ts), which is what makes the results
 * byte-identical across worker counts.
 *
 * This thread works too (rather than only waiting), so `--workers 2` on two cores
 * starts one thread, not two, and the worker's start-up overlaps useful work.
 * Every thread claims its next replication from one shared counter (Atomics on a
 * SharedArrayBuffer): nobody waits for this thread to hand out work while it is
 * busy in a replication of its own, and no replication sits queued at a busy worker
 * while another thread idles — at the end, threads wait at most for the replications
 * still running. (Handing each worker two replications ahead instead left this thread
 * idle for up to two replications at the end: 0.16–0.80 s of a 4 s run, measured.)
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Scenario } from '../scenarios/scenario.js';
import { runReplication, runReplicationInSteps, type ReplicationReport } from './replication.js';
import type { ReplicationRunner } from './replicationRunner.js';
import type { WorkerJob, WorkerReply, WorkerSetup } from './replicationWorker.js';
import type { TracingOptions } from '../models/tracing/traceData.js';

/**
 * Wall seconds for a worker thread to start and load the model: ~0.05 s measured on the
 * 2-core dev machine since dist/ is bundled (it was ~0.25 s with one file per module);
 * taken at twice that, to stay on the side of not starting threads.
 */
const WORKER_START_SECONDS = 0.1;
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

export class ReplicationPool implements ReplicationRunner {
  private readonly workers: Worker[] = [];
  /** The most threads any run() used, this one included. */
  threadsUsed = 1;
  /**
   * When set, this thread's replications run in steps: told replication `index`'s
   * simulated clock after each, and yielding to the event loop in between, so a long
   * replication shows progress and Ctrl-C is answered. Results do not change.
   */
  onStep?: (index: number, clock: number) => void;
  /** When set (before the first run), every replication traces a sample of its requests. Results do not change. */
  tracing?: TracingOptions;

  /**
   * `threads` threads at most, this one included (1: everything here, no threads
   * started). With a wall clock (seconds), threads start only when they pay off:
   * the first replication runs here, timed, and the rest go parallel only if
   * the serial time they would save exceeds a worker's start-up with a margin.
   * The thread count never changes the results, so deciding by wall time is safe.
   * `workerUrl` is the compiled worker script (tests hand in a build of their own).
   */
  constructor(
    private readonly scenario: Scenario,
    private readonly masterSeed: number,
    private readonly threads: number,
    private readonly clock?: () => number,
    private readonly workerUrl: URL | undefined = replicationWorkerUrl(),
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
      onDone(await this.runHere(indices[0] as number));
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
    if (workers.length === 0) {
      for (const k of indices) onDone(await this.runHere(k));
      return;
    }

    const job: WorkerJob = { indices: [...indices], next: new Int32Array(new SharedArrayBuffer(4)) };
    const claim = (): number | undefined => {
      const i = Atomics.add(job.next, 0, 1);
      return i < job.indices.length ? job.indices[i] : undefined;
    };
    let failure: Error | undefined;
    const fail = (err: Error): void => {
      failure ??= err;
      Atomics.store(job.next, 0, job.indices.length); // nobody claims more
    };
    let running = workers.length;
    let wake: () => void = () => {};
    const allFinished = new Promise<void>((resolve) => (wake = resolve));
    const cleanups: Array<() => void> = [];
    for (const w of workers) {
      const onMessage = (reply: WorkerReply): void => {
        if ('report' in reply) onDone(reply.report);
        else if ('error' in reply) fail(new Error(`replication ${reply.index} failed in a worker: ${reply.error}`));
        else if (--running === 0) wake();
      };
      const onError = (err: Error): void => {
        fail(err);
        wake(); // a dead worker never says it finished
      };
      w.on('message', onMessage);
      w.on('error', onError);
      cleanups.push(() => {
        w.off('message', onMessage);
        w.off('error', onError);
      });
      w.postMessage(job);
    }
    try {
      for (let k = claim(); k !== undefined && !failure; k = claim()) {
        onDone(await this.runHere(k));
        await yieldToEvents(); // the workers' finished reports merge in between
      }
      if (!failure) await allFinished;
    } finally {
      Atomics.store(job.next, 0, job.indices.length); // if this thread's replication threw, the workers stop too
      for (const c of cleanups) c();
    }
    if (failure) throw failure;
  }

  /** Replication `k` on this thread: in one go, or in steps when someone watches them. */
  private async runHere(k: number): Promise<ReplicationReport> {
    const onStep = this.onStep;
    if (onStep === undefined) return runReplication(this.scenario, this.masterSeed, k, false, this.tracing);
    return runReplicationInSteps(
      this.scenario,
      this.masterSeed,
      k,
      async (clock) => {
        onStep(k, clock);
        await yieldToEvents();
      },
      this.tracing,
    );
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()));
  }

  private spawn(): Worker {
    const setup: WorkerSetup = { scenario: this.scenario, masterSeed: this.masterSeed, ...(this.tracing && { tracing: this.tracing }) };
    return new Worker(this.workerUrl as URL, { workerData: setup });
  }
}
