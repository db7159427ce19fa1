/**
 * Worker-thread entry: runs the replications the pool sends, one at a time, and
 * posts each report back. workerData carries the scenario and master seed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Scenario } from '../scenarios/scenario.js';
import { runReplication } from './replication.js';

export interface WorkerSetup {
  readonly scenario: Scenario;
  readonly masterSeed: number;
}

export type WorkerReply = { readonly index: number; readonly report: ReturnType<typeof runReplication> } | { readonly index: number; readonly error: string };

const { scenario, masterSeed } = workerData as WorkerSetup;
const port = parentPort;
if (port) {
  port.on('message', (index: number) => {
    let reply: WorkerReply;
    try {
      reply = { index, report: runReplication(scenario, masterSeed, index) };
    } catch (err) {
      reply = { index, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    }
    port.postMessage(reply);
  });
}
