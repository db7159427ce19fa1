/** `meshsim worker --redis URL [--concurrency N]`: wiring for src/distributed/queueWorker.ts. */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { DEFAULT_LOCK_SECONDS, runQueueWorker } from '../distributed/queueWorker.js';
import { UsageError, type CliIo } from './cliIo.js';
import { parseCountFlag, parseDurationFlag } from './flagParsers.js';

interface WorkerFlags {
  redis?: string;
  concurrency?: string;
  lock?: string;
}

/** Resolves on the first SIGTERM or SIGINT with its name (a pod stopping, Ctrl-C). */
function firstSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

export function registerWorkerCommand(program: Command, io: CliIo, done: (status: number) => void): void {
  program
    .command('worker')
    .description('take replication jobs from the Redis queue that run, compare, plan, check and diff --redis fill, until stopped (SIGTERM finishes the jobs in hand)')
    .option('--redis <url>', 'the Redis queue, redis://HOST[:PORT][/DB] (rediss:// for TLS)')
    .option('--concurrency <n>', 'jobs at once, one thread each (default: the cores available)')
    .option('--lock <d>', `how long a job stays claimed by a worker that stopped answering before another takes it, e.g. 10s (default ${DEFAULT_LOCK_SECONDS}s)`)
    .action(async (flags: WorkerFlags) => {
      if (flags.redis === undefined) throw new UsageError('worker: --redis URL is required (e.g. --redis redis://127.0.0.1:6379)');
      const concurrency = flags.concurrency !== undefined ? parseCountFlag('--concurrency', flags.concurrency, 1, 256) : availableParallelism();
      const lockSeconds = flags.lock !== undefined ? parseDurationFlag('--lock', flags.lock, false) : DEFAULT_LOCK_SECONDS;
      if (lockSeconds < 1 || lockSeconds > 3600) throw new UsageError(`--lock: ${flags.lock} is out of range (expected 1s to 1h)`);
      await runQueueWorker({ redisUrl: flags.redis, concurrency, lockSeconds, log: (line) => io.stderr(`meshsim worker: ${line}\n`) }, firstSignal());
      done(0);
    });
}
