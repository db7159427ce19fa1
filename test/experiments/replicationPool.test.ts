import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplicationReport } from '../../src/experiments/replication.js';
import { ReplicationPool } from '../../src/experiments/replicationPool.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';
import { privateBuild, type PrivateBuild } from './privateBuild.js';

/**
 * Without --workers the pool times the first replication and starts threads only
 * when they would save more than twice their start-up. The clock is injected, so
 * the choice is tested for both outcomes whatever the machine's load; the workers
 * are the real compiled ones (privateBuild.ts).
 */
let build: PrivateBuild;
beforeAll(() => {
  build = privateBuild('replication-pool');
});
afterAll(() => build.remove());

const { scenario } = loadScenario('scenarios/bookinfo.yaml', { duration: 1 });

/** A clock that reads 0 s, then `firstReplicationSeconds`, and counts its reads. */
function fakeClock(firstReplicationSeconds: number): { clock: () => number; reads: () => number } {
  let reads = 0;
  return { clock: () => (reads++ === 0 ? 0 : firstReplicationSeconds), reads: () => reads };
}

async function runPool(firstReplicationSeconds: number): Promise<{ threads: number; reads: number; figures: unknown[] }> {
  const { clock, reads } = fakeClock(firstReplicationSeconds);
  const pool = new ReplicationPool(scenario, 7, 2, clock, build.workerUrl);
  const reports: ReplicationReport[] = [];
  try {
    await pool.run([0, 1, 2], (r) => reports.push(r));
  } finally {
    await pool.close();
  }
  reports.sort((a, b) => a.index - b.index);
  expect(reports.map((r) => r.index)).toEqual([0, 1, 2]);
  // What each replication measured (its metrics arrive encoded from a worker, as objects from this thread).
  const figures = reports.map((r) => ({ seed: r.seed, events: r.events, requests: r.requests, endToEnd: r.endToEnd }));
  return { threads: pool.threadsUsed, reads: reads(), figures };
}

describe('ReplicationPool with an injected clock', () => {
  it('a first replication too short to pay for a thread keeps everything on this thread', async () => {
    // Saved: 0.01 s × 2 replications × (1 − 1/2) = 0.01 s, below 2 × 0.1 s of start-up.
    const short = await runPool(0.01);
    expect(short.reads).toBe(2);
    expect(short.threads).toBe(1);
  });

  it('a long first replication starts a worker, and the replications come out the same', async () => {
    const short = await runPool(0.01);
    // Saved: 10 s × 2 × (1 − 1/2) = 10 s, well above the start-up.
    const long = await runPool(10);
    expect(long.threads).toBe(2);
    expect(long.figures).toEqual(short.figures);
  });
});
