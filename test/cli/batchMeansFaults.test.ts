/**
 * One run's batch-means intervals (issue 18): a crash that fails every request for a
 * third of the run used to count its batches as 0 s latency, so the mean's interval
 * fell below the mean itself; and a run with a scheduled fault is not stationary, so
 * its single-run intervals say so.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/report/results.js';
import { cli } from '../cliHarness.js';

const dir = mkdtempSync(join(tmpdir(), 'meshsim-batches-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scenario(faults: string): string {
  const path = join(dir, `s${faults.length}.yaml`);
  writeFileSync(
    path,
    `apiVersion: meshsim/v1
kind: Scenario
metadata: {name: outage}
simulation: {duration: 30s, warmup: 0s, seed: 3}
dataPlane: none
controlPlane: {crashedEndpointRemoval: never}
services:
  - name: app
    concurrency: 4
    serviceTime: {dist: exponential, mean: 10ms}
traffic:
  - {name: users, to: app, rate: 100}
faults: ${faults}
`,
  );
  return path;
}

describe('batch means of one run', () => {
  it('a crash for 10 s of 30: the mean lies inside its interval, which says the run is not stationary', async () => {
    const { status, stdout, stderr } = await cli('run', scenario('[{at: 10s, for: 10s, kind: crash, service: app}]'), '--json', '-', '--workers', '1');
    expect(status).toBe(0);
    const r = JSON.parse(stdout) as Results;
    expect(r.endToEnd.availability).toBeLessThan(0.75);
    const [lo, hi] = r.endToEnd.ci95?.mean ?? [NaN, NaN];
    expect(lo).toBeLessThanOrEqual(r.endToEnd.latency.mean);
    expect(hi).toBeGreaterThanOrEqual(r.endToEnd.latency.mean);
    expect(r.confidence?.method).toBe('batch-means');
    expect(r.confidence?.stationary).toBe(false);
    expect(stderr).toContain('one run is not stationary');
  });

  it('without faults the run is not flagged', async () => {
    const { status, stdout, stderr } = await cli('run', scenario('[]'), '--json', '-', '--workers', '1');
    expect(status).toBe(0);
    const r = JSON.parse(stdout) as Results;
    expect(r.confidence?.method).toBe('batch-means');
    expect(r.confidence?.stationary).toBeUndefined();
    expect(stderr).not.toContain('stationary');
  });
});
