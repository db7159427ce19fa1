/**
 * Little's law with failures (issue 18): `endToEnd.concurrency` counts every request
 * in flight, failed ones included, so L = λW holds with W the mean over all answered
 * requests (`latency.meanAllRequests`), not `latency.mean`, which covers successes only.
 * Here a failing dependency fails 30% of pages early, before their slow last call, so
 * the two means differ by far more than the 1% the law is checked to.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/report/results.js';
import { cli } from '../cliHarness.js';

const dir = mkdtempSync(join(tmpdir(), 'meshsim-little-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCENARIO = `apiVersion: meshsim/v1
kind: Scenario
metadata: {name: little-failures}
simulation: {duration: 200s, warmup: 10s, seed: 11}
dataPlane: none
network: {sameZone: 0.1ms}
services:
  - name: page
    concurrency: unlimited
    serviceTime: {dist: exponential, mean: 5ms}
    calls:
      - service: flaky
      - service: slow
  - name: flaky
    concurrency: unlimited
    serviceTime: {dist: exponential, mean: 1ms}
    errorRate: 0.3
  - name: slow
    concurrency: unlimited
    serviceTime: {dist: exponential, mean: 50ms}
traffic:
  - {name: users, to: page, rate: 200}
`;

describe("Little's law on a run with failures", () => {
  it('L = λW with W the all-requests mean, within 1%; the successes-only mean misses it', async () => {
    const path = join(dir, 'little.yaml');
    writeFileSync(path, SCENARIO);
    const { status, stdout } = await cli('run', path, '--json', '-', '--workers', '1');
    expect(status).toBe(0);
    const e = (JSON.parse(stdout) as Results).endToEnd;
    expect(e.failed / e.requests).toBeGreaterThan(0.25);
    const all = e.latency.meanAllRequests ?? NaN;
    const lambdaW = e.rate * all;
    expect(Math.abs(e.concurrency - lambdaW) / lambdaW, `L = ${e.concurrency}, λW = ${lambdaW}`).toBeLessThanOrEqual(0.01);
    // The successes-only mean over-states W: failures end before the 50 ms call.
    expect(e.rate * e.latency.mean).toBeGreaterThan(1.2 * e.concurrency);
  });
});
