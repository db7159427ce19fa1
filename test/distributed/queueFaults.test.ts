import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meshsimBuild } from '../../src/version.js';
import { QueueReplicationRunner } from '../../src/distributed/queueRunner.js';
import { ReplicationQueue } from '../../src/distributed/replicationQueue.js';
import type { ReplicationReport } from '../../src/experiments/replication.js';
import { replicationSeed } from '../../src/experiments/replication.js';
import { runScenario } from '../../src/experiments/runScenario.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';
import type { Scenario } from '../../src/scenarios/scenario.js';
import { cli } from '../cliHarness.js';
import { privateBuild, type PrivateBuild } from '../experiments/privateBuild.js';
import { describeWithRedis, startRedisForTests, type RedisForTests } from './redisServer.js';
import { every, wallClock } from '../../src/cli/wallTime.js';

const { scenario } = loadScenario('scenarios/bookinfo.yaml', { duration: 0.5 });

describe('--redis refused before anything runs or is written', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'meshsim-redis-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an unreachable Redis: one clear line within seconds, exit 2, no JSON written', async () => {
    const out = join(dir, 'r.json');
    const started = performance.now();
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const r = await cli('run', 'scenarios/bookinfo.yaml', '--duration', '0.5s', '--redis', 'redis://127.0.0.1:1', '--json', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^meshsim: --redis: cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\); is redis-server running there/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect((performance.now() - started) / 1000).toBeLessThan(30); // the probe gives up after 3 s; generous for a loaded machine
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    ['http://127.0.0.1:6379', /'http:\/\/127\.0\.0\.1:6379\/' is not a Redis URL \(expected redis:\/\/ or rediss:\/\//],
    ['127.0.0.1:6379', /is not a Redis URL|is not a URL/],
    ['localhost', /'localhost' is not a URL \(expected redis:\/\/HOST/],
    ['redis://127.0.0.1:6379/x', /database 'x' .* is not allowed \(expected a number 0–15, or none\)/],
  ])('--redis %s is refused with exit 2', async (url, message) => {
    for (const command of [['run', 'scenarios/bookinfo.yaml'], ['check', 'scenarios/bookinfo.yaml', '--property', 'availability>=99%'], ['worker']]) {
      const r = await cli(...command, '--redis', url);
      expect(r.status, command.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('a password in the URL never appears in a message', async () => {
    const r = await cli('run', 'scenarios/bookinfo.yaml', '--redis', 'redis://user:s3cret@127.0.0.1:1');
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain('s3cret');
    expect(r.stderr).toContain('redis://user:***@127.0.0.1:1');
  });

  it('worker needs --redis', async () => {
    const r = await cli('worker');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('worker: --redis URL is required');
  });
});

let build: PrivateBuild;
let redis: RedisForTests;

/** Starts `meshsim worker`; resolves with it once it takes jobs, and with its exit (status, stderr) later. */
async function startWorker(): Promise<{ exited: Promise<{ status: number | null; stderr: string }>; kill(): void }> {
  const child = spawn(process.execPath, [join(build.dir, 'run-cli.js'), 'worker', '--redis', redis.url, '--concurrency', '1'], { cwd: tmpdir(), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise<{ status: number | null; stderr: string }>((resolve) => child.on('exit', (status) => resolve({ status, stderr })));
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('taking jobs')) resolve();
    });
    void exited.then(() => reject(new Error(`worker exited: ${stderr}`)));
  });
  return { exited, kill: () => child.kill('SIGKILL') };
}

describeWithRedis('faults of the fleet', () => {
  let queue: ReplicationQueue;
  beforeAll(async () => {
    build = privateBuild('queue-faults');
    redis = await startRedisForTests(2);
    queue = new ReplicationQueue(redis.url, { session: 'faults', wallClock, every });
  });
  afterAll(async () => {
    await queue?.close();
    await redis?.stop();
    build?.remove();
  });

  it('a replication that throws fails the run with its index and seed, and leaves no job behind', async () => {
    const worker = await startWorker();
    try {
      // Not a scenario the loader would make: the simulation fails on it, as a bug in meshsim would.
      const broken = { ...scenario, services: undefined } as unknown as Scenario;
      const failure = await runScenario(broken, { seed: 5, replications: 2, runner: queue.runnerFactory() }).then(
        () => undefined,
        (err: unknown) => err as Error,
      );
      expect(failure).toBeInstanceOf(Error);
      expect(failure?.message).toMatch(new RegExp(`^on a queue worker, replication \\d \\(seed (${replicationSeed(5, 0)}|${replicationSeed(5, 1)})\\) threw: TypeError`));
      const { queue: bull } = await queue.connected();
      const counts = await bull.getJobCounts('wait', 'delayed');
      // Nothing left for a worker to start (the other replication may still be running, and fail, on the worker).
      expect((counts.wait ?? 0) + (counts.delayed ?? 0)).toBe(0);
    } finally {
      worker.kill();
    }
  });

  it('a job of another meshsim version is refused by name, goes back to the queue, and the stale worker stops with exit 2', async () => {
    const worker = await startWorker();
    const runner = new QueueReplicationRunner(queue, 'faults-stale', scenario, 3, '9.9.9-other');
    const reports: ReplicationReport[] = [];
    const pending = runner.run([0], (r) => reports.push(r));
    pending.catch(() => {}); // no worker of its version will come; closed below
    const { status, stderr } = await worker.exited;
    expect(status).toBe(2);
    expect(stderr).toContain(`replication 0 of run faults-stale was made by meshsim 9.9.9-other, this worker runs meshsim ${meshsimBuild()}`);
    const { queue: bull } = await queue.connected();
    const job = await bull.getJob('faults-stale-0');
    expect(await job?.getState()).toBe('waiting'); // for a worker of its version
    expect(job?.attemptsMade).toBe(1);
    expect(reports).toEqual([]);
    await runner.close();
    expect(await bull.getJob('faults-stale-0')).toBeUndefined();
  });
});
