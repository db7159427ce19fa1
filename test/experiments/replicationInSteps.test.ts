import { describe, expect, it } from 'vitest';
import { encodeMeshMetrics } from '../../src/experiments/meshMetricsCodec.js';
import { runReplication, runReplicationInSteps } from '../../src/experiments/replication.js';
import { MeshMetrics } from '../../src/models/metrics/meshMetrics.js';
import { EVENTS_PER_STEP } from '../../src/models/meshSimulation.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';

describe('a replication run in steps (progress, Ctrl-C)', () => {
  it('gives exactly the report of the run in one go, over several steps and the drain', async () => {
    const { scenario } = loadScenario('scenarios/bookinfo-istio.yaml', { duration: 60, warmup: 2 });
    const whole = runReplication(scenario, 7, 1, false);
    expect(whole.events).toBeGreaterThan(3 * EVENTS_PER_STEP);
    const clocks: number[] = [];
    const stepped = await runReplicationInSteps(scenario, 7, 1, async (clock) => void clocks.push(clock));
    expect(clocks.length).toBeGreaterThanOrEqual(3);
    expect(clocks).toEqual([...clocks].sort((a, b) => a - b));
    const { metrics: a, ...restWhole } = whole;
    const { metrics: b, ...restStepped } = stepped;
    expect(restStepped).toEqual(restWhole);
    expect(encodeMeshMetrics(b as MeshMetrics)).toEqual(encodeMeshMetrics(a as MeshMetrics));
  });
});
