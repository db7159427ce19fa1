/**
 * The submitting side of the fleet: one BullMQ queue on Redis (`--redis URL`) that
 * every run of a command puts its replications on, and one event listener that hands
 * each finished job back to the run waiting for it (queueRunner.ts). `meshsim worker`
 * processes (queueWorker.ts) take the jobs.
 *
 * Events are fast but not guaranteed — an event stream read after a Redis restart
 * starts afresh, and a listener only sees events after it started reading — so a
 * run that has heard nothing for a while (POLL_SECONDS) asks for its jobs' states instead,
 * and queues again any job Redis has lost.
 */
import type { Queue, QueueEvents } from 'bullmq';
import type { ReplicationRunnerFactory } from '../experiments/replicationRunner.js';
import { meshsimBuild } from '../version.js';
import { QUEUE_NAME, type ReplicationJobResult } from './replicationJob.js';
import { QueueReplicationRunner } from './queueRunner.js';
import { probeRedis, redisOptionsFromUrl, type RedisAddress } from './redisConnection.js';

/** The fleet as the last poll saw it, for the progress line. */
export interface FleetStatus {
  /** Workers connected to the queue (BullMQ's CLIENT LIST count: one per `meshsim worker` process). */
  readonly workers: number;
}

export interface ReplicationQueueOptions {
  /** Names this submitter's runs (job ids are `${session}-${run}-${index}`); unique per process, from the CLI. */
  readonly session: string;
  /** A line for the user (a job lost and queued again, no worker connected). */
  readonly notice?: (message: string) => void;
  /** Wall-clock seconds, for the runner's poll (injected by the CLI: nothing under src/ reads a clock itself). */
  readonly wallClock: () => number;
  /** Calls `tick` every `seconds` of wall time until the returned stop is called (injected by the CLI, as wallClock is). */
  readonly every: (seconds: number, tick: () => void) => () => void;
}

/** Listeners of one run, by job-id prefix. */
export interface RunListener {
  completed(jobId: string, result: ReplicationJobResult): void;
  failed(jobId: string, reason: string): void;
}

/** The queue and its event listener, once connected. */
export interface QueueConnection {
  readonly queue: Queue;
  readonly events: QueueEvents;
}

/**
 * Connects on first use (the first run that queues jobs), so a command's own input
 * errors come before a Redis problem and a command that ends up running nothing
 * never connects. The URL is checked at once.
 */
export class ReplicationQueue {
  private readonly listeners = new Map<string, RunListener>();
  private runs = 0;
  private connection: Promise<QueueConnection> | undefined;
  private readonly redis: RedisAddress;
  readonly shownUrl: string;
  fleet: FleetStatus = { workers: 0 };

  constructor(
    url: string,
    readonly options: ReplicationQueueOptions,
  ) {
    const { options: redis, shown } = redisOptionsFromUrl(url);
    this.redis = redis;
    this.shownUrl = shown;
  }

  /** Probes Redis (QueueSetupError when it does not answer), then opens the queue and its event listener; once. */
  connected(): Promise<QueueConnection> {
    this.connection ??= this.connect();
    return this.connection;
  }

  /** runScenario's `runner`: each call queues one run's replications. */
  runnerFactory(): ReplicationRunnerFactory {
    return (scenario, masterSeed) => new QueueReplicationRunner(this, `${this.options.session}-${++this.runs}`, scenario, masterSeed, meshsimBuild());
  }

  listen(runId: string, listener: RunListener): void {
    this.listeners.set(runId, listener);
  }

  unlisten(runId: string): void {
    this.listeners.delete(runId);
  }

  /** Asks Redis how many workers are connected (FleetStatus). */
  async refreshFleet(): Promise<FleetStatus> {
    const { queue } = await this.connected();
    this.fleet = { workers: await queue.getWorkersCount() };
    return this.fleet;
  }

  async close(): Promise<void> {
    const connection = await this.connection?.catch(() => undefined);
    if (connection) await Promise.allSettled([connection.events.close(), connection.queue.close()]);
  }

  private async connect(): Promise<QueueConnection> {
    await probeRedis(this.redis, this.shownUrl);
    // bullmq is loaded only here: a run on this machine's threads does not pay for it.
    const { Queue, QueueEvents } = await import('bullmq');
    // Commands wait for a reconnect (a Redis restart) instead of failing the run.
    const queue = new Queue(QUEUE_NAME, { connection: { ...this.redis, maxRetriesPerRequest: null } });
    const events = new QueueEvents(QUEUE_NAME, { connection: { ...this.redis } });
    queue.on('error', () => {}); // connection errors: ioredis reconnects; a run that hears nothing polls
    events.on('error', () => {});
    events.on('completed', ({ jobId, returnvalue }) => {
      this.listenerOf(jobId)?.completed(jobId, (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as ReplicationJobResult);
    });
    events.on('failed', ({ jobId, failedReason }) => this.listenerOf(jobId)?.failed(jobId, failedReason));
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return { queue, events };
  }

  private listenerOf(jobId: string): RunListener | undefined {
    const run = jobId.slice(0, jobId.lastIndexOf('-'));
    return this.listeners.get(run);
  }
}
