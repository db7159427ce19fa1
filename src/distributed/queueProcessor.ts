/**
 * The BullMQ sandboxed processor of `meshsim worker`: BullMQ runs this file in worker
 * threads (one per --concurrency), so a simulation, which holds its thread for as long
 * as it runs, never stops the worker's main thread from renewing its job locks — a
 * blocked main thread would let the locks expire and hand the job to another worker
 * while this one still runs it. Built to dist/queueProcessor.js (scripts/build.mjs).
 */
import type { SandboxedJob } from 'bullmq';
import { runReplicationJob, type ReplicationJobData, type ReplicationJobResult } from './replicationJob.js';

export default async function processReplication(job: SandboxedJob<ReplicationJobData, ReplicationJobResult>): Promise<ReplicationJobResult> {
  return runReplicationJob(job.data);
}
