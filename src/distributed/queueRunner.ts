/**
 * A ReplicationRunner that puts each replication on the Redis queue as a
 * self-contained job (replicationJob.ts) and hands the reports back as workers
 * finish them, in whatever order; runScenario merges them in replication order,
 * exactly as it merges a worker thread's, so the results are byte-identical to a
 * run on this machine.
 *
 * Counted once: each replication is one job with a fixed id, and a report is taken
 * for the first completion of an index only — a job a killed worker left behind
 * is run again by another (BullMQ's stalled-job check) and may, in a race with a
 * lost event, complete twice; the second is ignored.
 */
import type { ReplicationReport } from '../experiments/replication.js';
import type { ReplicationRunner } from '../experiments/replicationRunner.js';
import { replicationSeed } from '../experiments/replication.js';
import type { Scenario } from '../scenarios/scenario.js';
import { QueueSetupError } from './queueSetupError.js';
import { packValue, POLL_SECONDS, QUEUE_NAME, REPLICATION_JOB, unpackValue, VERSION_REFUSAL, type ReplicationJobData, type ReplicationJobResult } from './replicationJob.js';
import type { ReplicationQueue } from './replicationQueue.js';

/**
 * Attempts per job. A job fails over to another attempt only when a worker of another
 * meshsim version refuses it (that worker then stops); a replication that throws is
 * not retried (it would throw again), and a killed worker's job is put back by the
 * stalled-job check without spending an attempt.
 */
export const JOB_ATTEMPTS = 5;

/**
 * A failed job stays in Redis this long for inspection (and so a run that missed the
 * failure event still finds it), then BullMQ removes it. Completed jobs are removed at
 * once: their results travel in the completion event.
 */
const FAILED_JOB_SECONDS = 3600;

export class QueueReplicationRunner implements ReplicationRunner {
  private readonly workers = new Set<string>();
  private packedScenario: string | undefined;
  /** Job ids queued and not yet cleaned up (close() removes what is left). */
  private readonly queued = new Set<string>();

  constructor(
    private readonly fleet: ReplicationQueue,
    private readonly runId: string,
    private readonly scenario: Scenario,
    private readonly masterSeed: number,
    private readonly version: string,
  ) {}

  get threadsUsed(): number {
    return Math.max(1, this.workers.size);
  }

  async run(indices: ReadonlyArray<number>, onDone: (r: ReplicationReport) => void): Promise<void> {
    if (indices.length === 0) return;
    this.packedScenario ??= packValue(this.scenario);
    const { queue } = await this.fleet.connected();
    const outstanding = new Map(indices.map((index) => [this.jobId(index), index]));
    let settle: (err?: Error) => void = () => {};
    const finished = new Promise<void>((resolve, reject) => (settle = (err) => (err ? reject(err) : resolve())));
    let failure: Error | undefined;
    const fail = (err: Error): void => {
      failure ??= err;
      settle(failure);
    };
    const now = this.fleet.options.wallClock;
    let lastHeard = now();
    this.fleet.listen(this.runId, {
      completed: (jobId, result) => {
        lastHeard = now();
        this.take(jobId, result, outstanding, onDone, fail);
        if (outstanding.size === 0) settle();
      },
      failed: (jobId, reason) => {
        lastHeard = now();
        const index = outstanding.get(jobId);
        if (index !== undefined) fail(this.failureOf(index, reason));
      },
    });

    const poll = async (): Promise<void> => {
      const fleet = await this.fleet.refreshFleet();
      if (fleet.workers === 0 && !warnedNoWorkers) {
        warnedNoWorkers = true;
        this.fleet.options.notice?.(`no meshsim worker is connected to queue '${QUEUE_NAME}' at ${this.fleet.shownUrl}; the run waits for one (start it with: meshsim worker --redis URL)`);
      }
      if (now() - lastHeard < POLL_SECONDS) return;
      for (const [jobId, index] of [...outstanding]) {
        const job = await queue.getJob(jobId);
        if (!outstanding.has(jobId)) continue; // an event took it meanwhile
        if (!job) {
          this.fleet.options.notice?.(`replication ${index}'s job is gone from Redis (restarted without its data?); queued again`);
          await this.add([index]);
          continue;
        }
        const state = await job.getState();
        if (state === 'completed') this.take(jobId, job.returnvalue as ReplicationJobResult, outstanding, onDone, fail);
        else if (state === 'failed') fail(this.failureOf(index, job.failedReason));
      }
      if (outstanding.size === 0) settle();
      lastHeard = now(); // a full scan at most every POLL_SECONDS while long jobs run, not every tick
    };
    let warnedNoWorkers = false;
    let polling = false;
    const stopPolling = this.fleet.options.every(POLL_SECONDS / 2, () => {
      if (polling || failure) return;
      polling = true;
      poll()
        .catch(() => {}) // Redis away for a moment: the next poll tries again
        .finally(() => (polling = false));
    });
    try {
      await this.add(indices);
      await finished;
    } finally {
      stopPolling();
      this.fleet.unlisten(this.runId);
    }
  }

  /** Removes the run's jobs still waiting (a failed or interrupted run leaves no work behind; a job a worker holds finishes there). */
  async close(): Promise<void> {
    if (this.queued.size === 0) return;
    const { queue } = await this.fleet.connected();
    await Promise.allSettled([...this.queued].map((id) => queue.remove(id)));
    this.queued.clear();
  }

  private jobId(index: number): string {
    return `${this.runId}-${index}`;
  }

  private async add(indices: ReadonlyArray<number>): Promise<void> {
    const jobs = indices.map((index) => {
      const data: ReplicationJobData = { meshsim: this.version, run: this.runId, index, masterSeed: this.masterSeed, scenario: this.packedScenario as string };
      const jobId = this.jobId(index);
      this.queued.add(jobId);
      return { name: REPLICATION_JOB, data, opts: { jobId, attempts: JOB_ATTEMPTS, removeOnComplete: true, removeOnFail: { age: FAILED_JOB_SECONDS } } };
    });
    const { queue } = await this.fleet.connected();
    await queue.addBulk(jobs);
  }

  private take(jobId: string, result: ReplicationJobResult, outstanding: Map<string, number>, onDone: (r: ReplicationReport) => void, fail: (e: Error) => void): void {
    const index = outstanding.get(jobId);
    if (index === undefined) return; // not ours to wait for, or counted already
    outstanding.delete(jobId);
    this.queued.delete(jobId);
    let report: ReplicationReport;
    try {
      report = unpackValue<ReplicationReport>(result.report);
    } catch (err) {
      fail(new Error(`replication ${index}: the result from worker ${result.worker} does not decode (${err instanceof Error ? err.message : String(err)})`));
      return;
    }
    if (report.index !== index) {
      fail(new Error(`replication ${index}: worker ${result.worker} returned replication ${report.index}`));
      return;
    }
    this.workers.add(result.worker);
    onDone(report);
  }

  private failureOf(index: number, reason: string): Error {
    if (reason.startsWith(VERSION_REFUSAL)) return new QueueSetupError(`the queue's workers refused the run: ${reason}`);
    // A replication that threw says which, with its seed, itself (replicationJob.ts); other failures (a job that
    // stalled on every worker it reached) get them here.
    const named = `replication ${index} (seed ${replicationSeed(this.masterSeed, index)})`;
    return new Error(reason.startsWith(named) ? `on a queue worker, ${reason}` : `${named} failed on the queue: ${reason}`);
  }
}
