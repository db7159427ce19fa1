/**
 * Runs replications on N worker threads (or in-process when one suffices) and
 * returns their reports in replication order, whatever order they finished in:
 * the merge that follows then sees the same sequence for any N, which is what
 * makes the results byte-identical across worker counts.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Scenario } from '../scenarios/scenario.js';
import { runReplication, type ReplicationReport } from './replication.js';
import type { WorkerReply, WorkerSetup } from './replicationWorker.js';

/**
 * The compiled worker script: beside this module when running from dist/; when
 * running from the TypeScript sources (tests), the build in dist/ — Node 20 cannot
 * start a worker on a .ts file.
 */
export function replicationWorkerUrl(): URL {
  const candidates = [new URL('./replicationWorker.js', import.meta.url), new URL('../../dist/experiments/replicationWorker.js', import.meta.url)];
  for (const url of candidates) if (existsSync(fileURLToPath(url))) return url;
  throw new Error('the compiled replication worker is missing (dist/experiments/replicationWorker.js); run `npm run build`');
}

export class ReplicationPool {
  private readonly workers: Worker[] = [];

  /** `threads` worker threads at most (1: everything in-process, no threads started). */
  constructor(
    private readonly scenario: Scenario,
    private readonly masterSeed: number,
    private readonly threads: number,
  ) {}

  /** Runs the replications `indices`, calling `onDone` as each finishes; resolves to the reports in `indices` order. */
  async run(indices: ReadonlyArray<number>, onDone: (r: ReplicationReport) => void = () => {}): Promise<ReplicationReport[]> {
    if (this.threads <= 1 || indices.length <= 1) {
      return indices.map((k) => {
        const r = runReplication(this.scenario, this.masterSeed, k);
        onDone(r);
        return r;
      });
    }
    const wanted = Math.min(this.threads, indices.length);
    while (this.workers.length < wanted) this.workers.push(this.spawn());
    const reports = new Map<number, ReplicationReport>();
    let next = 0;
    await new Promise<void>((resolve, reject) => {
      let busy = 0;
      const cleanups: Array<() => void> = [];
      const finish = (err?: Error): void => {
        for (const c of cleanups) c();
        if (err) reject(err);
        else resolve();
      };
      const feed = (w: Worker): void => {
        if (next < indices.length) {
          busy++;
          w.postMessage(indices[next++]);
        } else if (busy === 0) finish();
      };
      for (const w of this.workers.slice(0, wanted)) {
        const onMessage = (reply: WorkerReply): void => {
          busy--;
          if ('error' in reply) return finish(new Error(`replication ${reply.index} failed in a worker: ${reply.error}`));
          reports.set(reply.index, reply.report);
          onDone(reply.report);
          feed(w);
        };
        const onError = (err: Error): void => finish(err);
        w.on('message', onMessage);
        w.on('error', onError);
        cleanups.push(() => {
          w.off('message', onMessage);
          w.off('error', onError);
        });
      }
      for (const w of this.workers.slice(0, wanted)) feed(w);
    });
    return indices.map((k) => reports.get(k) as ReplicationReport);
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()));
  }

  private spawn(): Worker {
    const setup: WorkerSetup = { scenario: this.scenario, masterSeed: this.masterSeed };
    return new Worker(replicationWorkerUrl(), { workerData: setup });
  }
}
