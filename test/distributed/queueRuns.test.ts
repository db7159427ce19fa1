import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Results } from '../../src/report/results.js';
import { privateBuild, type PrivateBuild } from '../experiments/privateBuild.js';
import { describeWithRedis, startRedisForTests, type RedisForTests } from './redisServer.js';

/**
 * Must show (issue 16), against a real redis-server and real `meshsim worker`
 * processes of the built CLI: a run on the queue gives the same JSON as a run on this
 * machine, with one worker or three, and when a worker is SIGKILLed holding a job.
 * The workers run in another directory than the submitter: a job must carry all they need.
 */
let build: PrivateBuild;
let redis: RedisForTests;
const workers: ChildProcess[] = [];

function withoutRun(json: string): string {
  const r = JSON.parse(json) as Partial<Results>;
  delete r.run;
  return JSON.stringify(r);
}

/** Starts `meshsim worker` and resolves once it says it is taking jobs. */
async function startWorker(...extra: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(build.dir, 'run-cli.js'), 'worker', '--redis', redis.url, '--concurrency', '1', ...extra], { cwd: tmpdir(), stdio: ['ignore', 'ignore', 'pipe'] });
  workers.push(child);
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
function runCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(build.dir, 'run-cli.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

async function activeJobs(): Promise<number> {
  const { Redis } = await import('ioredis');
  const client = new Redis(redis.url);
  try {
    return await client.llen('bull:meshsim:active');
  } finally {
    client.disconnect();
  }
}

function killAll(): Promise<unknown> {
  return Promise.all(
    workers.splice(0).map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.exitCode !== null || w.signalCode !== null) return resolve();
          w.once('exit', () => resolve());
          w.kill('SIGKILL');
        }),
    ),
  );
}

describeWithRedis('replications on the Redis queue', () => {
  beforeAll(async () => {
    build = privateBuild('queue-runs');
    redis = await startRedisForTests(1);
  });
  afterAll(async () => {
    await killAll();
    await redis?.stop();
    build?.remove();
  });

  it('run --replications 16: byte-identical JSON locally, with 1 queue worker and with 3', async () => {
    const args = ['run', 'scenarios/bookinfo.yaml', '--duration', '1s', '--replications', '16', '--json', '-'];
    const local = await runCli([...args, '--workers', '1']);
    expect(local.status, local.stderr).toBe(0);

    await startWorker();
    const one = await runCli([...args, '--redis', redis.url]);
    expect(one.status, one.stderr).toBe(0);
    expect((JSON.parse(one.stdout) as Results).run.workers).toBe(1);

    await Promise.all([startWorker(), startWorker()]);
    const three = await runCli([...args, '--redis', redis.url]);
    expect(three.status, three.stderr).toBe(0);
    // Which workers took jobs depends on timing; that more than one did is what this run is for.
    expect((JSON.parse(three.stdout) as Results).run.workers).toBeGreaterThan(1);

    expect((JSON.parse(local.stdout) as Results).replications).toBe(16);
    expect(withoutRun(one.stdout)).toBe(withoutRun(local.stdout));
    expect(withoutRun(three.stdout)).toBe(withoutRun(local.stdout));
    await killAll();
  });

  it('a worker SIGKILLed holding a job: the job runs again elsewhere, counted once, and the JSON is the same', async () => {
    // Replications long enough (~0.5–2 s each) that the only worker is surely mid-job when killed.
    const args = ['run', 'scenarios/bookinfo.yaml', '--duration', '30s', '--replications', '3', '--json', '-'];
    const local = await runCli([...args, '--workers', '1']);
    expect(local.status, local.stderr).toBe(0);

    const doomed = await startWorker('--lock', '1s');
    const queued = runCli([...args, '--redis', redis.url]);
    for (let i = 0; i < 400 && (await activeJobs()) === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await activeJobs()).toBe(1);
    doomed.kill('SIGKILL');
    await startWorker('--lock', '1s');
    const r = await queued;
    expect(r.status, r.stderr).toBe(0);
    // Counted once: the events and requests of every replication, merged, are exactly the local run's.
    expect(withoutRun(r.stdout)).toBe(withoutRun(local.stdout));
    await killAll();
  });
});
