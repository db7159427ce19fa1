/**
 * `--redis URL` on run, compare, plan, check and diff: the command's replications go
 * to `meshsim worker` processes through the Redis queue instead of this machine's
 * threads (docs/distributed.md). The results are the same either way.
 */
import { randomUUID } from 'node:crypto';
import type { ReplicationRunnerFactory } from '../experiments/replicationRunner.js';
import { ReplicationQueue } from '../distributed/replicationQueue.js';
import type { CliIo } from './cliIo.js';
import { every, wallClock } from './wallTime.js';

export const REDIS_FLAG = '--redis <url>';
export const REDIS_FLAG_HELP =
  "run the replications on `meshsim worker` processes through the Redis queue at URL (redis://HOST[:PORT][/DB]) instead of this machine's threads; results do not depend on it";

export interface RedisFlags {
  redis?: string;
}

/** What a command's fleet-aware parts read: the runner for runScenario, and a label for progress lines. */
export interface QueueWiring {
  readonly runner: ReplicationRunnerFactory;
  /** "3 workers", as the queue last counted them. */
  fleetLabel(): string;
}

/**
 * Runs `body` with a queue runner when `--redis` was given (undefined otherwise), and
 * closes the queue's connections after it, however it ends. A bad URL is refused here,
 * before anything runs; Redis itself is probed when the first replication is queued.
 */
export async function withRedisFlag<T>(flags: RedisFlags, io: CliIo, body: (wiring: QueueWiring | undefined) => Promise<T>): Promise<T> {
  if (flags.redis === undefined) return body(undefined);
  const queue = new ReplicationQueue(flags.redis, { session: randomUUID(), notice: (m) => io.stderr(`\r\x1b[Kmeshsim: ${m}\n`), wallClock, every });
  try {
    return await body({
      runner: queue.runnerFactory(),
      fleetLabel: () => `${queue.fleet.workers} worker${queue.fleet.workers === 1 ? '' : 's'}`,
    });
  } finally {
    await queue.close();
  }
}
