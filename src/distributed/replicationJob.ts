/**
 * One replication as a queue job, and what a worker does with it. A job is
 * self-contained: the scenario as the submitter compiled it (the file's text with
 * its imports, Istio manifests and command-line overrides resolved — no file
 * paths), the master seed, the replication index and the meshsim version. A worker
 * needs nothing else, so it can run on any machine with the same meshsim.
 *
 * The scenario and the report travel as V8's structured-clone serialization — what
 * the worker-thread pool already uses to post them, so the report decodes exactly as
 * a thread's does (meshMetricsCodec.ts, lossless: NaN, -0 and Infinity included,
 * which JSON would not keep) — compressed and in base64, since BullMQ stores job data
 * and results as JSON. Compressed with Brotli at quality 0: a 1M-request M/M/1's
 * report is 1.5 MB serialized (mostly its per-second latency bins) and 160 KB so,
 * for ~2.5 ms of CPU to pack and ~6 to unpack, where gzip at level 1 took ~10 and ~10
 * for 168 KB: time a worker spent on every job instead of simulating.
 */
import { hostname } from 'node:os';
import { deserialize, serialize } from 'node:v8';
import { threadId } from 'node:worker_threads';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { runReplication, replicationSeed, type ReplicationReport } from '../experiments/replication.js';
import type { Scenario } from '../scenarios/scenario.js';
import { meshsimBuild } from '../version.js';

/** The BullMQ queue every meshsim submitter and worker on one Redis database shares; separate fleets use separate databases (redis://host/1). */
export const QUEUE_NAME = 'meshsim';

/** Without an event for this long, a run asks Redis for its jobs' states (lost events, a Redis restart). */
export const POLL_SECONDS = 2;

/** The BullMQ job name of a replication. */
export const REPLICATION_JOB = 'replication';

export interface ReplicationJobData {
  /** The meshsim version that made the job; a worker of another version refuses it. */
  readonly meshsim: string;
  /** The submitting run (for messages: which run a refused or failed job belonged to). */
  readonly run: string;
  readonly index: number;
  readonly masterSeed: number;
  /** packValue(Scenario): the compiled scenario. */
  readonly scenario: string;
}

/** What a finished job hands back: the packed ReplicationReport and the worker thread that ran it (host/pid/thread). */
export interface ReplicationJobResult {
  readonly report: string;
  readonly worker: string;
}

/** Starts every message of a version refusal, so a worker and a submitter recognise one (it crosses the queue as text). */
export const VERSION_REFUSAL = 'meshsim version mismatch';

/** A job made by another meshsim version; retried by BullMQ elsewhere (the refusing worker stops). */
export class VersionRefusal extends Error {
  override readonly name = 'VersionRefusal';
}

/**
 * A replication that threw: a bug in meshsim, deterministic, so BullMQ must not retry
 * it. BullMQ recognises an unrecoverable failure by the error's name (the error crosses
 * from the sandbox thread as plain data).
 */
export class ReplicationFailure extends Error {
  override readonly name = 'UnrecoverableError';
}

export function packValue(value: unknown): string {
  const bytes = serialize(value);
  return brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 0, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).toString('base64');
}

export function unpackValue<T>(packed: string): T {
  return deserialize(brotliDecompressSync(Buffer.from(packed, 'base64'))) as T;
}

/** Why a worker of `workerVersion` refuses `job`, or undefined when it takes it. */
export function versionRefusal(job: Pick<ReplicationJobData, 'meshsim' | 'run' | 'index'>, workerVersion: string): string | undefined {
  if (job.meshsim === workerVersion) return undefined;
  return `${VERSION_REFUSAL}: replication ${job.index} of run ${job.run} was made by meshsim ${String(job.meshsim)}, this worker runs meshsim ${workerVersion}; run workers of the submitter's version`;
}

/** Unpacked scenarios by their packed text: the jobs of one run share one, and unpacking costs more than comparing. */
let cachedScenario: { packed: string; scenario: Scenario } | undefined;

/** Runs `job` on this thread; returns the packed ReplicationReport (metrics encoded, as a worker thread posts them). */
export function runReplicationJob(job: ReplicationJobData, workerVersion = meshsimBuild()): ReplicationJobResult {
  const refusal = versionRefusal(job, workerVersion);
  if (refusal) throw new VersionRefusal(refusal);
  if (cachedScenario?.packed !== job.scenario) cachedScenario = { packed: job.scenario, scenario: unpackValue<Scenario>(job.scenario) };
  let report: ReplicationReport;
  try {
    report = runReplication(cachedScenario.scenario, job.masterSeed, job.index);
  } catch (err) {
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    throw new ReplicationFailure(`replication ${job.index} (seed ${replicationSeed(job.masterSeed, job.index)}) threw: ${detail}`);
  }
  return { report: packValue(report), worker: `${hostname()}/${process.pid}/${threadId}` };
}
