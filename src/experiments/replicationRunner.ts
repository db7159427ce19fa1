/**
 * What runs a scenario's replications: the worker-thread pool on this machine
 * (replicationPool.ts) or a queue of machines (src/distributed/). runScenario
 * merges whatever comes back in replication order, so the results do not depend
 * on which runner ran them, how many workers it had, or the order they finished in.
 */
import type { Scenario } from '../scenarios/scenario.js';
import type { ReplicationReport } from './replication.js';

export interface ReplicationRunner {
  /** The most workers (threads, or queue workers) any run() used; reported in the `run` block only. */
  readonly threadsUsed: number;
  /** Runs the replications `indices`, handing each report to `onDone` once, in any order; resolves when all have. */
  run(indices: ReadonlyArray<number>, onDone: (r: ReplicationReport) => void): Promise<void>;
  /** Releases what run() started (threads, queue jobs still pending). */
  close(): Promise<void>;
}

/** Makes the runner for one runScenario call: `scenario` as it runs (warm-up chosen) under `masterSeed`. */
export type ReplicationRunnerFactory = (scenario: Scenario, masterSeed: number) => ReplicationRunner;
