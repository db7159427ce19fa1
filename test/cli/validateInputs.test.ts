/**
 * `meshsim validate` as istioctl analyze is used in CI jobs: standard input (`-`),
 * directories (their YAML files; `-R` for subdirectories too) and `--suppress
 * CODE[=RESOURCE]` to mute messages already looked at.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValidationJson } from '../../src/report/diagnosticsJson.js';
import { cli } from '../cliHarness.js';
import { privateBuild, repo, type PrivateBuild } from '../experiments/privateBuild.js';

const SAMPLES = 'scenarios/istio';
const subsetTypo = 'test/fixtures/analysis/IST0101/trigger-subset.yaml';

async function validateJson(...argv: string[]): Promise<{ status: number; json: ValidationJson; stderr: string }> {
  const r = await cli('validate', '--json', ...argv);
  return { status: r.status, json: JSON.parse(r.stdout) as ValidationJson, stderr: r.stderr };
}

const codes = (j: ValidationJson): string[] => j.diagnostics.map((d) => d.code ?? '').sort();

describe('validate: directories', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshsim-validate-dir-'));
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'b.yaml'), readFileSync(subsetTypo));
    writeFileSync(join(dir, 'notes.txt'), 'not a manifest');
    writeFileSync(join(dir, 'nested', 'a.yml'), readFileSync(subsetTypo, 'utf8').replaceAll('reviews', 'ratings'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a directory stands for the YAML files directly in it; -R adds its subdirectories, in name order', async () => {
    const flat = await cli('validate', dir);
    expect(flat.stdout).toMatch(new RegExp(`^${join(dir, 'b.yaml')}: `));
    expect(flat.stdout).not.toContain('nested');
    expect(flat.stdout).not.toContain('notes.txt');
    const deep = await cli('validate', '-R', dir);
    const files = deep.stdout.split('\n').filter((l) => l.startsWith(dir)).map((l) => l.slice(0, l.indexOf(':')));
    expect(files).toEqual([join(dir, 'b.yaml'), join(dir, 'nested', 'a.yml')]);
    expect(deep.status).toBe(2); // both hold the IST0101 error
  });

  it('walks the shipped Istio samples with -R, with their warnings', async () => {
    const r = await validateJson('-R', SAMPLES);
    expect(r.json.diagnostics.length).toBeGreaterThan(10);
    expect(new Set(r.json.diagnostics.map((d) => d.file)).size).toBeGreaterThan(5);
  });

  it('a directory without YAML files is an error, not a silent pass', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'meshsim-validate-empty-'));
    const r = await cli('validate', empty);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${empty}:1:1: the directory has no .yaml, .yml or .json file directly in it (-R reads subdirectories too)`);
    rmSync(empty, { recursive: true });
  });
});

describe('validate --suppress CODE[=RESOURCE]', () => {
  it('mutes a code everywhere', async () => {
    const all = await validateJson('-R', SAMPLES);
    expect(codes(all.json)).toContain('MSH0106');
    const muted = await validateJson('-R', SAMPLES, '--suppress', 'MSH0106');
    expect(codes(muted.json)).not.toContain('MSH0106');
    expect(muted.json.diagnostics.length).toBe(all.json.diagnostics.filter((d) => d.code !== 'MSH0106').length);
  });

  it('mutes a code on one resource only (Kind name.namespace, * for any text); errors are never muted', async () => {
    const warned = 'test/fixtures/analysis/IST0174/trigger.yaml';
    expect((await cli('validate', warned)).stderr).toContain('[IST0174]');
    expect((await cli('validate', warned, '--suppress', 'IST0174=DestinationRule reviews.*')).stderr).toContain('[IST0174]');
    const muted = await cli('validate', warned, '--suppress', 'IST0174=DestinationRule ratings.default');
    expect(muted.stderr).toBe('');
    expect(muted.status).toBe(0);
    expect((await cli('validate', warned, '--suppress', 'IST01*=* *')).stderr).toBe('');
    // An error stays: `meshsim run` would refuse the file whatever validate said.
    const error = await cli('validate', subsetTypo, '--suppress', 'IST0101');
    expect(error.status).toBe(2);
    expect(error.stderr).toContain('[IST0101]');
  });

  it('leaves muted warnings out of the per-resource counts', async () => {
    expect((await cli('validate', '-R', SAMPLES)).stdout).toMatch(/: modeled \(\d+ warnings?\)/);
    const warned = new Set((await validateJson('-R', SAMPLES)).json.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code as string));
    const muted = await cli('validate', '-R', SAMPLES, ...[...warned].flatMap((c) => ['--suppress', c]));
    expect(muted.stdout).not.toMatch(/warning/);
    expect(muted.stderr).not.toMatch(/: warning: /);
  });

  it('refuses an unknown code or an empty resource with a usage error', async () => {
    for (const [value, said] of [
      ['IST9999', 'IST9999 is not a message code meshsim reports'],
      ['IST0101=', "nothing after '='"],
      ['=VirtualService x', 'no message code'],
    ] as const) {
      const r = await cli('validate', subsetTypo, '--suppress', value);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(said);
    }
  });
});

describe('validate - (standard input, as `helm template … | meshsim validate -`)', () => {
  let build: PrivateBuild;
  beforeAll(() => {
    build = privateBuild('validate-stdin');
  });
  afterAll(() => build.remove());

  const validate = (input: string, ...args: string[]) =>
    spawnSync(process.execPath, [join(build.dir, 'run-cli.js'), 'validate', ...args], { cwd: repo, input, encoding: 'utf8' });

  it('reads manifests from standard input, named <stdin> in messages', () => {
    const r = validate(readFileSync(subsetTypo, 'utf8'), '-');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^<stdin>:35:48: spec\.http\[0\]\.route\[0\]\.destination\.subset: .*\[IST0101\]$/m);
    expect(r.stdout).toBe('<stdin>: 1 error\n');
  });

  it('refuses empty input as it refuses an empty file', () => {
    const r = validate('', '-');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('<stdin>:1:1: the file is empty (expected a YAML document)\n');
  });
});
