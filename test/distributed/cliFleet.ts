import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Results } from '../../src/report/results.js';

/**
 * `meshsim worker` processes and queued runs of a private build of the CLI, for the
 * queue tests that need real processes (a worker killed, a Redis restarted). Workers
 * run in another directory than the submitter: a job must carry all they need.
 */
export class CliFleet {
  private readonly workers: ChildProcess[] = [];

  constructor(
    private readonly buildDir: string,
    private readonly redisUrl: string,
  ) {}

  /** Starts `meshsim worker` and resolves once it says it is taking jobs. */
  async startWorker(...extra: string[]): Promise<ChildProcess> {
    const child = spawn(process.execPath, [join(this.buildDir, 'run-cli.js'), 'worker', '--redis', this.redisUrl, '--concurrency', '1', ...extra], {
      cwd: tmpdir(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.workers.push(child);
    await new Promise<void>((resolve, reject) => {
      let err = '';
      child.stderr?.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('taking jobs')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`worker exited ${code}: ${err}`)));
    });
    return child;
  }

  /** Runs the built CLI without blocking this process (the workers' output must keep flowing). */
  runCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [join(this.buildDir, 'run-cli.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (status) => resolve({ status, stdout, stderr }));
    });
  }

  /** Jobs a worker holds now (BullMQ's active list). */
  async activeJobs(): Promise<number> {
    const { Redis } = await import('ioredis');
    const client = new Redis(this.redisUrl);
    try {
      return await client.llen('bull:meshsim:active');
    } finally {
      client.disconnect();
    }
  }

  /** Waits (up to 10 s) until a worker holds a job. */
  async untilAJobIsActive(): Promise<void> {
    for (let i = 0; i < 400 && (await this.activeJobs()) === 0; i++) await new Promise((r) => setTimeout(r, 25));
  }

  killAll(): Promise<unknown> {
    return Promise.all(
      this.workers.splice(0).map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.exitCode !== null || w.signalCode !== null) return resolve();
            w.once('exit', () => resolve());
            w.kill('SIGKILL');
          }),
      ),
    );
  }
}

/** A run's JSON without its `run` block (wall time, workers): what must be byte-identical. */
export function withoutRun(json: string): string {
  const r = JSON.parse(json) as Partial<Results>;
  delete r.run;
  return JSON.stringify(r);
}

/** A compare's JSON without each data plane's `run` block. */
export function withoutRuns(json: string): string {
  const c = JSON.parse(json) as { dataPlanes: Record<string, Partial<Results>> };
  for (const r of Object.values(c.dataPlanes)) delete r.run;
  return JSON.stringify(c);
}
