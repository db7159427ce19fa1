import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cliHarness.js';

const fixture = (name: string): string => join(import.meta.dirname, '..', 'fixtures', 'diff', name);

describe('meshsim diff', () => {
  it('writes meshsim.diff/v1 JSON with before, after, delta, ci95 and significant per figure', async () => {
    const r = await cli('diff', fixture('od-before.yaml'), fixture('od-after.yaml'), '--replications', '3', '--json', '-');
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.schema).toBe('meshsim.diff/v1');
    expect(Object.keys(json.endToEnd.availability).sort()).toEqual(['after', 'before', 'ci95', 'delta', 'significant', 'verdict']);
    expect(json.endToEnd.availability.significant).toBe(true);
    expect(json.services.backend.p99).toBeDefined();
    expect(json.cost.usdPerMonth).toBeDefined();
  });

  it('exits 1 under --fail-on worse when a figure got significantly worse (the change reversed), 0 otherwise', async () => {
    const worse = await cli('diff', fixture('od-after.yaml'), fixture('od-before.yaml'), '--replications', '3', '--fail-on', 'worse', '--quiet');
    expect(worse.status).toBe(1);
    const better = await cli('diff', fixture('od-before.yaml'), fixture('od-after.yaml'), '--replications', '3', '--fail-on', 'worse', '--markdown');
    expect(better.status).toBe(0);
    expect(better.stdout).toContain('| **end to end** | availability |');
    expect(better.stdout).toContain('**better**');
  });

  it('writes an HTML report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-diff-'));
    const r = await cli('diff', fixture('od-before.yaml'), fixture('od-noop.yaml'), '--replications', '2', '--report', join(dir, 'diff.html'), '--quiet');
    expect(r.status).toBe(0);
    const html = readFileSync(join(dir, 'diff.html'), 'utf8');
    expect(html).toContain('<h1>od-before → od-noop</h1>');
    expect(html).toContain('no significant change');
  });

  it('refuses two scenarios whose services differ in name, listing the difference (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-diff-'));
    const renamed = join(dir, 'renamed.yaml');
    writeFileSync(renamed, readFileSync(fixture('od-before.yaml'), 'utf8').replaceAll('backend', 'api'));
    const r = await cli('diff', fixture('od-before.yaml'), renamed);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('services only in BEFORE: backend');
    expect(r.stderr).toContain('services only in AFTER: api');
    expect(r.stderr).toContain('traffic only in BEFORE: users → backend');
  });
});
