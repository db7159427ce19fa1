/**
 * Overload warned before the run (issue 18): `validate`, `run`, `check` and `diff` say that 1000/s into
 * one 2 ms worker is ρ = 2 before anything is simulated, located at the service, and
 * `run` records it in the results JSON; 250/s (ρ = 0.5) gets no word.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/report/results.js';
import { PRE_RUN_CHECKS, RunPreChecks } from '../../src/cli/preRunChecks.js';
import { overloadFindings } from '../../src/experiments/offeredLoad.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';
import { cli } from '../cliHarness.js';

const dir = mkdtempSync(join(tmpdir(), 'meshsim-prerun-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scenario(rate: number): string {
  const path = join(dir, `rate-${rate}.yaml`);
  writeFileSync(
    path,
    `apiVersion: meshsim/v1
kind: Scenario
metadata: {name: overload}
simulation: {duration: 3s, warmup: 0.5s, seed: 1}
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

const PRE_RUN = /^(.*rate-1000\.yaml):7:5: warning: services\[0\]: service worker is offered 1000 requests\/s but its workers serve at most 500\/s .*ρ = 2\.00.* \[MSH0016\]$/m;

describe('offered load at or above capacity, before the run', () => {
  it('validate warns with ρ = 2.00 at the service and still exits 0', async () => {
    const r = await cli('validate', scenario(1000));
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(PRE_RUN);
    const j = await cli('validate', scenario(1000), '--json');
    const diagnostics = (JSON.parse(j.stdout) as { diagnostics: Array<{ code: string; line: number; path: string }> }).diagnostics;
    expect(diagnostics.map((d) => [d.code, d.line, d.path])).toEqual([['MSH0016', 7, 'services[0]']]);
  });

  it('run warns before its post-run utilization warning, and the results JSON carries it', async () => {
    const r = await cli('run', scenario(1000), '--json', '-', '--workers', '1');
    expect(r.status).toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(PRE_RUN);
    expect(lines.findIndex((l) => l.startsWith('meshsim: warning: service worker: utilization'))).toBeGreaterThan(0);
    const results = JSON.parse(r.stdout) as Results;
    expect(results.diagnostics).toEqual([{ severity: 'warning', code: 'MSH0016', message: expect.stringContaining('ρ = 2.00') as unknown as string, path: 'services[0]' }]);
  });

  it('check and diff warn before they run too', async () => {
    const c = await cli('check', scenario(1000), '--property', 'availability>=0%', '--runs', '0', '--workers', '1');
    expect(c.status).toBe(0);
    expect(c.stderr.split('\n')[0]).toMatch(PRE_RUN);
    const d = await cli('diff', scenario(1000), scenario(1000));
    expect(d.status).toBe(0);
    // Once for each side of the diff.
    expect(d.stderr.split('\n').filter((l) => PRE_RUN.test(l))).toHaveLength(2);
  });

  it('250/s (ρ = 0.5): no warning, no diagnostics in the JSON', async () => {
    const v = await cli('validate', scenario(250));
    expect(v.status).toBe(0);
    expect(v.stderr).toBe('');
    const r = await cli('run', scenario(250), '--json', '-', '--workers', '1');
    expect(r.stderr).toBe('');
    expect(Object.keys(JSON.parse(r.stdout) as Results)).not.toContain('diagnostics');
  });
});

describe('RunPreChecks', () => {
  it('runs the same checks as PRE_RUN_CHECKS and keeps the overload findings for the results', () => {
    const pre = new RunPreChecks();
    expect(pre.checks).toHaveLength(PRE_RUN_CHECKS.length);
    expect(pre.overload).toBeUndefined();
    const loaded = loadScenario(scenario(1000), {}, pre.checks);
    expect(loaded.warnings.map((w) => [w.path, w.line])).toEqual([['services[0]', 7]]);
    expect(pre.overload).toEqual(overloadFindings(loaded.scenario));
    expect(pre.overload?.map((f) => f.type.code)).toEqual(['MSH0016']);
  });
});
