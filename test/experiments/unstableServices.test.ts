/**
 * An overloaded service (issue 18): 1000/s into one 2 ms worker is ρ = 2. The run
 * used to print availability 100% with a 30 s median and no word of warning; now the
 * service is marked saturated in the JSON and the run warns on stderr.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/report/results.js';
import { cli } from '../cliHarness.js';

const dir = mkdtempSync(join(tmpdir(), 'meshsim-unstable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scenario(rate: number): string {
  const path = join(dir, `rate-${rate}.yaml`);
  writeFileSync(
    path,
    `apiVersion: meshsim/v1
kind: Scenario
metadata: {name: overload}
simulation: {duration: 20s, warmup: 1s, seed: 1}
dataPlane: none
services:
  - name: worker
    concurrency: 1
    serviceTime: 2ms
traffic:
  - {name: users, to: worker, rate: ${rate}}
`,
  );
  return path;
}

describe('a service offered more than its capacity', () => {
  it('1000/s into one 2 ms worker: saturated in the JSON, a warning on stderr', async () => {
    const { status, stdout, stderr } = await cli('run', scenario(1000), '--json', '-', '--workers', '1');
    expect(status).toBe(0);
    const r = JSON.parse(stdout) as Results;
    expect(r.services['worker']?.saturated).toBe(true);
    expect(stderr).toContain('meshsim: warning: service worker: utilization 100.0% — offered load at or above its capacity');
  });

  it('250/s (ρ = 0.5) is not flagged', async () => {
    const { status, stdout, stderr } = await cli('run', scenario(250), '--json', '-', '--workers', '1');
    expect(status).toBe(0);
    const r = JSON.parse(stdout) as Results;
    expect(r.services['worker']?.saturated).toBeUndefined();
    expect(stderr).toBe('');
  });
});
