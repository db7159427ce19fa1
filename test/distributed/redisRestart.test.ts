import { afterAll, beforeAll, expect, it } from 'vitest';
import { privateBuild, type PrivateBuild } from '../experiments/privateBuild.js';
import { CliFleet, withoutRun } from './cliFleet.js';
import { describeWithRedis, startRedisForTests, type RedisForTests } from './redisServer.js';

/**
 * Must show (issue 16, "faults of the fleet"): Redis restarted mid-run without its
 * data (no persistence, as a cache-configured Redis or a pod rescheduled without a
 * volume) loses every queued job and the one a worker holds. The run must notice,
 * queue the lost replications again, and end with the same JSON as a local run; the
 * worker must reconnect on its own. The test starts a redis-server of its own (CI's
 * shared one cannot be restarted under the other tests' feet).
 */
let build: PrivateBuild;
let redis: RedisForTests;
let fleet: CliFleet;

describeWithRedis(
  'a Redis restarted mid-run',
  () => {
    beforeAll(async () => {
      build = privateBuild('redis-restart');
      redis = await startRedisForTests(3, { own: true });
      fleet = new CliFleet(build.dir, redis.url);
    });
    afterAll(async () => {
      await fleet?.killAll();
      await redis?.stop();
      build?.remove();
    });

    it('loses the queue; the run queues the lost replications again and its JSON is the same', async () => {
      // Replications long enough (~0.5–2 s each) that the worker is surely mid-job at the restart.
      const args = ['run', 'scenarios/bookinfo.yaml', '--duration', '30s', '--replications', '3', '--json', '-'];
      const local = await fleet.runCli([...args, '--workers', '1']);
      expect(local.status, local.stderr).toBe(0);

      const worker = await fleet.startWorker();
      let workerLog = '';
      worker.stderr?.on('data', (d: Buffer) => (workerLog += d.toString()));
      const queued = fleet.runCli([...args, '--redis', redis.url]);
      await fleet.untilAJobIsActive();
      expect(await fleet.activeJobs()).toBe(1);
      await redis.restart?.();

      const r = await queued;
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/replication \d's job is gone from Redis \(restarted without its data\?\); queued again/);
      expect(withoutRun(r.stdout)).toBe(withoutRun(local.stdout));
      // The worker says what happened to the job it held, once, and stays up: it took the jobs queued again.
      // BullMQ reports the lost job's key or its lock first, depending on timing.
      expect(workerLog).toMatch(/job \S+-\d vanished from Redis while running here \(Redis restarted without its data(\?|, or the lock lapsed\?)\); its run queues it again\n/);
      expect(workerLog.match(/vanished/g)).toHaveLength(1);
      expect(worker.exitCode).toBeNull();
    }, 120_000);
  },
  { own: true },
);
