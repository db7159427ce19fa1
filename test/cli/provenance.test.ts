import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cliHarness.js';
import type { Results } from '../../src/report/results.js';

const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

async function provenanceOf(...argv: string[]): Promise<Results['provenance']> {
  const r = await cli('run', ...argv, '--duration', '1s', '--warmup', '0s', '--json', '-');
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Results).provenance;
}

describe('what produced a result', () => {
  it('--version and -V print the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await cli(flag);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
    }
  });

  it('the results JSON records the meshsim version and the resolved scenario SHA-256, the same wherever the file lies', async () => {
    const here = await provenanceOf('scenarios/bookinfo.yaml');
    expect(here.meshsim).toBe(version);
    expect(here.scenarioSha256).toMatch(/^[0-9a-f]{64}$/);
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-provenance-'));
    copyFileSync('scenarios/bookinfo.yaml', join(dir, 'bookinfo.yaml'));
    expect((await provenanceOf(join(dir, 'bookinfo.yaml'))).scenarioSha256).toBe(here.scenarioSha256);
  });

  it('a flag that changes the resolved scenario changes the hash; the Istio files read in count too', async () => {
    const base = await provenanceOf('scenarios/bookinfo.yaml');
    expect((await provenanceOf('scenarios/bookinfo.yaml', '--seed', '2')).scenarioSha256).not.toBe(base.scenarioSha256);
    const istio = await provenanceOf('scenarios/bookinfo-istio.yaml');
    expect(istio.scenarioSha256).not.toBe(base.scenarioSha256);
  });
});
