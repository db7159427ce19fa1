/**
 * A file with a flood of problems is refused quickly with the first of them (issue 20:
 * 100,000 unknown fields took minutes, 20,000 references to unknown services a minute):
 * the first MAX_ERRORS_SHOWN errors, then one line counting the rest, in time linear in
 * the file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_ERRORS_SHOWN, MAX_WARNINGS_SHOWN } from '../../src/scenarios/messageLog.js';
import { cli } from '../cliHarness.js';
import { unknownFieldsScenario, unknownReferencesScenario } from './generatedScenarios.js';

const dir = mkdtempSync(join(tmpdir(), 'meshsim-flood-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

describe('a flood of errors', () => {
  it('100,000 unknown fields: the first 20, and the count of the rest', async () => {
    const path = file('fields.yaml', unknownFieldsScenario(100_000));
    const { status, stderr, stdout } = await cli('validate', path);
    expect(status).toBe(2);
    const out = lines(stderr);
    expect(out).toHaveLength(MAX_ERRORS_SHOWN + 1);
    expect(out[0]).toMatch(new RegExp(`^${path}:8:5: services\\[0\\]\\.f0: unknown field "f0" \\(expected one of: name, replicas, `));
    expect(out[MAX_ERRORS_SHOWN - 1]).toContain('services[0].f19: unknown field "f19"');
    expect(out[MAX_ERRORS_SHOWN]).toBe(`${path}:28:5: … and 99,980 more errors not shown, the first of them here (only the first 20 are listed)`);
    expect(stdout).toBe(`${path}: 100000 errors\n`);
  }, 120_000);

  it('20,000 calls to unknown services among 5,000: each names a few of the known ones', async () => {
    const path = file('references.yaml', unknownReferencesScenario(20_000, 5_000));
    const { status, stderr } = await cli('run', path);
    expect(status).toBe(2);
    const out = lines(stderr);
    expect(out).toHaveLength(MAX_ERRORS_SHOWN + 1);
    expect(out[0]).toBe(
      `${path}:5009:18: services[5000].calls[0].service: unknown service "u0" (expected one of the services: t0, t1, t2, t3, t4, t5, t6, t7, t8, t9 … (4,991 more))`,
    );
    expect(out[MAX_ERRORS_SHOWN]).toMatch(/: … and 19,980 more errors not shown/);
  }, 120_000);

  it('duplicate keys among 50,000 are found, each at its key', async () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `  k${i === 30_000 ? 5 : i}: 1`);
    keys.push('  k49999: 2');
    const path = file('duplicates.yaml', `a:\n${keys.join('\n')}\n`);
    const { status, stderr } = await cli('validate', path);
    expect(status).toBe(2);
    expect(lines(stderr)).toEqual([
      `${path}:30002:3: YAML syntax error: the same key appears twice in this mapping`,
      `${path}:50002:3: YAML syntax error: the same key appears twice in this mapping`,
    ]);
  }, 120_000);

  it('a manifest of 1,000 resources that all warn: 100 warnings listed, every resource summed up', async () => {
    const docs = Array.from(
      { length: 1000 },
      (_, i) => `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: r${i}}\nspec: {host: r${i}, trafficPolicy: {tls: {mode: ISTIO_MUTUAL, sni: x}}}`,
    );
    const path = file('manifest.yaml', docs.join('\n---\n') + '\n');
    const { status, stderr, stdout } = await cli('validate', path);
    expect(status).toBe(0);
    // Beside the warnings, one info: the manifest declares no Services, so hosts were not checked (MSH0201).
    const infos = lines(stderr).filter((l) => / info: /.test(l));
    expect(infos).toEqual([expect.stringMatching(/\[MSH0201\]$/)]);
    const out = lines(stderr).filter((l) => !infos.includes(l));
    expect(out).toHaveLength(MAX_WARNINGS_SHOWN + 1);
    expect(out[MAX_WARNINGS_SHOWN]).toMatch(/^.+:\d+:\d+: warning: … and 900 more warnings not shown/);
    expect(lines(stdout)).toHaveLength(1001);
    expect(lines(stdout)[1000]).toBe('  DestinationRule/r999: modeled (1 warning)');
  }, 120_000);
});
