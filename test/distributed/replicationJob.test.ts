import { describe, expect, it } from 'vitest';
import { meshsimBuild } from '../../src/version.js';
import { packValue, runReplicationJob, unpackValue, versionRefusal, VERSION_REFUSAL, type ReplicationJobData } from '../../src/distributed/replicationJob.js';
import { decodeMeshMetrics, encodeMeshMetrics, type EncodedMeshMetrics } from '../../src/experiments/meshMetricsCodec.js';
import { runReplication, type ReplicationReport } from '../../src/experiments/replication.js';
import { MeasurementWindow } from '../../src/models/metrics/measurementWindow.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';
import type { Scenario } from '../../src/scenarios/scenario.js';

const { scenario } = loadScenario('scenarios/bookinfo.yaml', { duration: 0.5 });

function job(over: Partial<ReplicationJobData> = {}): ReplicationJobData {
  return { meshsim: meshsimBuild(), run: 'r1', index: 2, masterSeed: 11, scenario: packValue(scenario), ...over };
}

describe('a replication job', () => {
  // That a worker needs no file is shown by queueRuns.test.ts, whose workers run in another directory.
  it('carries the compiled scenario whole', () => {
    expect(unpackValue<Scenario>(job().scenario)).toEqual(scenario);
  });

  it('keeps what JSON would lose (NaN, -0, Infinity, undefined)', () => {
    const value = { a: NaN, b: -0, c: Infinity, d: undefined, e: [1.1, 2 ** 53] };
    const back = unpackValue<typeof value>(packValue(value));
    expect(Object.is(back.b, -0)).toBe(true);
    expect(back).toEqual(value);
    expect('d' in back).toBe(true);
  });

  it('returns the report a worker thread would, metrics merging to the same bytes', () => {
    const { report } = runReplicationJob(job());
    const fromQueue = unpackValue<ReplicationReport>(report);
    const direct = runReplication(scenario, 11, 2);
    expect({ ...fromQueue, metrics: undefined }).toEqual({ ...direct, metrics: undefined });
    const window = new MeasurementWindow(scenario.simulation.warmup, scenario.simulation.warmup + scenario.simulation.duration);
    const again = encodeMeshMetrics(decodeMeshMetrics(fromQueue.metrics as EncodedMeshMetrics, window));
    expect(again).toEqual(direct.metrics);
  });

  it('names the worker thread that ran it', () => {
    expect(runReplicationJob(job()).worker).toMatch(/^[^/]+\/\d+\/\d+$/);
  });

  it('is refused by a worker of another version, naming both', () => {
    expect(versionRefusal(job(), meshsimBuild())).toBeUndefined();
    const refusal = versionRefusal(job({ meshsim: '0.0.1' }), '0.2.0');
    expect(refusal).toBe(`${VERSION_REFUSAL}: replication 2 of run r1 was made by meshsim 0.0.1, this worker runs meshsim 0.2.0; run workers of the submitter's version`);
    expect(() => runReplicationJob(job({ meshsim: '0.0.1' }))).toThrow(VERSION_REFUSAL);
  });

  it('a replication that throws is unrecoverable for BullMQ (not retried) and names its seed', () => {
    const broken = packValue({ ...scenario, services: undefined });
    let caught: Error | undefined;
    try {
      runReplicationJob(job({ scenario: broken, index: 0 }));
    } catch (err) {
      caught = err as Error;
    }
    expect(caught?.name).toBe('UnrecoverableError');
    expect(caught?.message).toMatch(/^replication 0 \(seed 11\) threw: TypeError/);
  });
});
