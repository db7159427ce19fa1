/**
 * `meshsim worker`: a long-running process that takes replication jobs from the Redis
 * queue and returns their reports, on `concurrency` BullMQ sandbox threads
 * (queueProcessor.ts). Run as many as you like on as many machines: each job is
 * self-contained (replicationJob.ts).
 *
 * Faults, and what happens:
 * - This process is killed mid-job: its lock on the job lapses after `lockSeconds`
 *   and another worker's stalled-job check puts the job back on the queue; the
 *   submitter counts each replication once (queueRunner.ts).
 * - Redis restarts: BullMQ's connections reconnect on their own; this process says so.
 * - A job of another meshsim version: refused (it goes back for another worker), and
 *   this worker stops with exit 2, naming both versions — a stale worker must not
 *   keep taking jobs it can only refuse.
 * - SIGTERM/SIGINT (a Kubernetes pod stopping): finishes the jobs it holds, then exits 0.
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { meshsimBuild } from '../version.js';
import { QueueSetupError } from './queueSetupError.js';
import { probeRedis, redisOptionsFromUrl } from './redisConnection.js';
import { QUEUE_NAME, VERSION_REFUSAL } from './replicationJob.js';

export interface QueueWorkerOptions {
  readonly redisUrl: string;
  /** Jobs at once, one sandbox thread each. */
  readonly concurrency: number;
  /** How long a job stays claimed by a worker that stopped renewing its lock (killed, cut off) before another may take it. */
  readonly lockSeconds: number;
  /** One line per event worth a log line (started, refused, reconnected, stopping). */
  readonly log: (line: string) => void;
}

/** Default lock: a killed worker's job is back on the queue within ~1.5 × this. Renewed every half of it. */
export const DEFAULT_LOCK_SECONDS = 10;

/** The sandboxed processor beside this module in the build (dist/queueProcessor.js). */
function processorFile(): string {
  const path = fileURLToPath(new URL('./queueProcessor.js', import.meta.url));
  if (!existsSync(path)) throw new Error(`meshsim worker runs the built processor ${path}, which is missing (run npm run build)`);
  return path;
}

/**
 * Runs a worker until it is told to stop (`stop` resolves, with the signal's name);
 * throws QueueSetupError when Redis does not answer or a job of another meshsim
 * version came (refused, and the worker stops).
 */
export async function runQueueWorker(options: QueueWorkerOptions, stop: Promise<string>): Promise<void> {
  const { options: redis, shown } = redisOptionsFromUrl(options.redisUrl);
  await probeRedis(redis, shown);
  const { Worker } = await import('bullmq');
  const name = `${hostname()}/${process.pid}`;
  const lockMs = Math.round(options.lockSeconds * 1000);
  const worker = new Worker(QUEUE_NAME, processorFile(), {
    connection: { ...redis, maxRetriesPerRequest: null },
    concurrency: options.concurrency,
    useWorkerThreads: true,
    name,
    lockDuration: lockMs,
    stalledInterval: Math.max(500, Math.round(lockMs / 2)),
    // A job whose worker died is put back this many times before it fails: one bad machine
    // should not fail a sweep, a job that kills every worker it lands on should.
    maxStalledCount: 3,
    autorun: false,
  });
  let refused: string | undefined;
  let done: (reason: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => (done = resolve));
  let connectionLost = false;
  const lostJobs = new Set<string>();
  worker.on('error', (err) => {
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      // A socket error: ioredis reconnects on its own; say so once per outage.
      if (!connectionLost) options.log(`lost Redis at ${shown} (${code}); reconnecting`);
      connectionLost = true;
    } else if (/^Missing (key|lock) for job /.test(err.message)) {
      // BullMQ could not finish a job whose key (or lock) is gone: Redis lost it (restarted
      // without its data) while this worker ran it — or, for a lock alone, the lock lapsed
      // and the job went back to the queue. Which of the two BullMQ reports first depends on
      // timing; either way this worker's result is not counted and the job runs again.
      const [, what = 'key', job = '?'] = /^Missing (key|lock) for job (\S+?)\.? /.exec(err.message) ?? [];
      const why = what === 'key' ? 'Redis restarted without its data?' : 'Redis restarted without its data, or the lock lapsed?';
      if (!lostJobs.has(job)) options.log(`job ${job} vanished from Redis while running here (${why}); its run queues it again`);
      lostJobs.add(job);
    } else {
      options.log(`queue error: ${err.message.split('\n')[0]}`);
    }
  });
  worker.on('failed', (job, err) => {
    if (err.message.startsWith(VERSION_REFUSAL)) {
      refused ??= err.message;
      done('refused');
    } else if (job) {
      options.log(`job ${job.id} failed: ${err.message.split('\n')[0]}`);
    }
  });
  void worker.run().catch((err: unknown) => done(`stopped: ${err instanceof Error ? err.message : String(err)}`));
  await worker.waitUntilReady();
  // The worker's own 'ready' comes once; its backend's (either Redis connection's) after every reconnect.
  worker.getBackend().on('ready', () => {
    if (connectionLost) options.log(`reconnected to Redis at ${shown}`);
    connectionLost = false;
  });
  options.log(`meshsim ${meshsimBuild()} worker ${name}: taking jobs from queue '${QUEUE_NAME}' at ${shown}, ${options.concurrency} at a time`);
  const why = await Promise.race([stop, stopped]);
  if (refused) {
    options.log(`refused a job and stopping: ${refused}`);
    await worker.close(true);
    throw new QueueSetupError(`meshsim worker: ${refused}`);
  }
  options.log(`${why}: finishing the jobs in hand, then stopping`);
  await worker.close();
}
