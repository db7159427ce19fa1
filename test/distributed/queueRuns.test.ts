import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Results } from '../../src/report/results.js';
import { privateBuild, type PrivateBuild } from '../experiments/privateBuild.js';
import { CliFleet, withoutRun, withoutRuns } from './cliFleet.js';
import { describeWithRedis, startRedisForTests, type RedisForTests } from './redisServer.js';

/**
 * Must show (issue 16), against a real redis-server and real `meshsim worker`
 * processes of the built CLI: a run on the queue gives the same JSON as a run on this
 * machine, with one worker or three, and when a worker is SIGKILLed holding a job.
 * The workers run in another directory than the submitter: a job must carry all they need.
 */
let build: PrivateBuild;
let redis: RedisForTests;
let fleet: CliFleet;

describeWithRedis('replications on the Redis queue', () => {
  beforeAll(async () => {
    build = privateBuild('queue-runs');
    redis = await startRedisForTests(1);
    fleet = new CliFleet(build.dir, redis.url);
  });
  afterAll(async () => {
    await fleet?.killAll();
    await redis?.stop();
    build?.remove();
  });

  it('run --replications 16: byte-identical JSON locally, with 1 queue worker and with 3', async () => {
    const args = ['run', 'scenarios/bookinfo.yaml', '--duration', '1s', '--replications', '16', '--json', '-'];
    const local = await fleet.runCli([...args, '--workers', '1']);
    expect(local.status, local.stderr).toBe(0);

    await fleet.startWorker();
    const one = await fleet.runCli([...args, '--redis', redis.url]);
    expect(one.status, one.stderr).toBe(0);
    expect((JSON.parse(one.stdout) as Results).run.workers).toBe(1);

    await Promise.all([fleet.startWorker(), fleet.startWorker()]);
    const three = await fleet.runCli([...args, '--redis', redis.url]);
    expect(three.status, three.stderr).toBe(0);
    // Which workers took jobs depends on timing; that more than one did is what this run is for.
    expect((JSON.parse(three.stdout) as Results).run.workers).toBeGreaterThan(1);

    expect((JSON.parse(local.stdout) as Results).replications).toBe(16);
    expect(withoutRun(one.stdout)).toBe(withoutRun(local.stdout));
    expect(withoutRun(three.stdout)).toBe(withoutRun(local.stdout));
    await fleet.killAll();
  });

  it('check --redis on three workers (every single fault queued at once): the JSON is the local one', async () => {
    const args = ['check', 'test/fixtures/check/three-service-chain.yaml', '--runs', '3', '--json', '-'];
    const local = await fleet.runCli(args);
    expect(local.status, local.stderr).toBe(1);
    await Promise.all([fleet.startWorker(), fleet.startWorker(), fleet.startWorker()]);
    const queued = await fleet.runCli([...args, '--redis', redis.url]);
    expect(queued.status, queued.stderr).toBe(1);
    expect(withoutRun(queued.stdout)).toBe(withoutRun(local.stdout));
    await fleet.killAll();
  });

  it('plan --survive zone-outage --redis on three workers (both data planes and each candidate\'s situations queued at once): the JSON is the local one', async () => {
    const args = ['plan', 'test/fixtures/plan/two-zones.yaml', '--slo', 'p99<60ms', '--survive', 'zone-outage', '--data-planes', 'none,sidecar', '--replications', '3', '--json', '-'];
    const local = await fleet.runCli(args);
    expect(local.status, local.stderr).toBe(0);
    await Promise.all([fleet.startWorker(), fleet.startWorker(), fleet.startWorker()]);
    const queued = await fleet.runCli([...args, '--redis', redis.url]);
    expect(queued.status, queued.stderr).toBe(0);
    expect(withoutRun(queued.stdout)).toBe(withoutRun(local.stdout));
    await fleet.killAll();
  });

  it('compare --redis on three workers (every data plane queued at once): the JSON is the local one', async () => {
    const args = ['compare', 'scenarios/bookinfo.yaml', '--duration', '2s', '--replications', '3', '--json', '-'];
    const local = await fleet.runCli(args);
    expect(local.status, local.stderr).toBe(0);
    await Promise.all([fleet.startWorker(), fleet.startWorker(), fleet.startWorker()]);
    const queued = await fleet.runCli([...args, '--redis', redis.url]);
    expect(queued.status, queued.stderr).toBe(0);
    expect(withoutRuns(queued.stdout)).toBe(withoutRuns(local.stdout));
    await fleet.killAll();
  });

  it('diff --redis on three workers (all pairs queued at once): the JSON is the local one', async () => {
    const args = ['diff', 'test/fixtures/diff/od-before.yaml', 'test/fixtures/diff/od-after.yaml', '--replications', '6', '--json', '-'];
    const local = await fleet.runCli(args);
    expect(local.status, local.stderr).toBe(0);
    await Promise.all([fleet.startWorker(), fleet.startWorker(), fleet.startWorker()]);
    const queued = await fleet.runCli([...args, '--redis', redis.url]);
    expect(queued.status, queued.stderr).toBe(0);
    expect(queued.stdout).toBe(local.stdout);
    await fleet.killAll();
  });

  it('a worker SIGKILLed holding a job: the job runs again elsewhere, counted once, and the JSON is the same', async () => {
    // Replications long enough (~0.5–2 s each) that the only worker is surely mid-job when killed.
    const args = ['run', 'scenarios/bookinfo.yaml', '--duration', '30s', '--replications', '3', '--json', '-'];
    const local = await fleet.runCli([...args, '--workers', '1']);
    expect(local.status, local.stderr).toBe(0);

    const doomed = await fleet.startWorker('--lock', '1s');
    const queued = fleet.runCli([...args, '--redis', redis.url]);
    await fleet.untilAJobIsActive();
    expect(await fleet.activeJobs()).toBe(1);
    doomed.kill('SIGKILL');
    await fleet.startWorker('--lock', '1s');
    const r = await queued;
    expect(r.status, r.stderr).toBe(0);
    // Counted once: the events and requests of every replication, merged, are exactly the local run's.
    expect(withoutRun(r.stdout)).toBe(withoutRun(local.stdout));
    await fleet.killAll();
  });
});
