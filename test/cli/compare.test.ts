import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { cli } from '../cliHarness.js';
import type { CompareJson } from '../../src/experiments/compare.js';
import type { Results } from '../../src/report/results.js';

const DATAPLANES = 'scenarios/bookinfo-dataplanes.yaml';
/** dataPlane: none in the file. */
const BOOKINFO = 'scenarios/bookinfo.yaml';
const SHORT = ['--duration', '2s', '--warmup', '0.5s'];

function withoutRun(r: Results): string {
  const { run: _run, ...rest } = r;
  return JSON.stringify(rest);
}

describe('meshsim compare', () => {
  it('prints a table with a column per data plane by default', async () => {
    const r = await cli('compare', DATAPLANES, ...SHORT);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^bookinfo-dataplanes — seed 1, 2s measured after 500ms warm-up; deltas against none\n/);
    expect(r.stdout).toMatch(/\n\s+none\s+sidecar\s+Δ none\s+ambient\s+Δ none\s+ebpf\s+Δ none\n/);
    expect(r.stdout).toContain('  mesh vCPU');
  });

  it('--json - writes meshsim.compare/v1; its none run is byte-identical to `meshsim run` with dataPlane none (outside run)', async () => {
    const c = await cli('compare', BOOKINFO, ...SHORT, '--seed', '7', '--data-planes', 'none,sidecar', '--json', '-');
    expect(c.status).toBe(0);
    const j = JSON.parse(c.stdout) as CompareJson;
    expect(j.schema).toBe('meshsim.compare/v1');
    expect(Object.keys(j).sort()).toEqual(['baseline', 'dataPlanes', 'schema']);
    expect(j.baseline).toBe('none');
    expect(Object.keys(j.dataPlanes)).toEqual(['none', 'sidecar']);
    const run = await cli('run', BOOKINFO, ...SHORT, '--seed', '7', '--json', '-');
    expect(run.status).toBe(0);
    expect(withoutRun(j.dataPlanes.none!)).toBe(withoutRun(JSON.parse(run.stdout) as Results));
    // The same arrivals in both runs.
    expect(j.dataPlanes.sidecar!.endToEnd.requests).toBe(j.dataPlanes.none!.endToEnd.requests);
  });

  it('is deterministic outside the run blocks', async () => {
    const a = await cli('compare', DATAPLANES, ...SHORT, '--data-planes', 'sidecar,ebpf', '--json', '-');
    const b = await cli('compare', DATAPLANES, ...SHORT, '--data-planes', 'sidecar,ebpf', '--json', '-', '--workers', '1');
    const strip = (text: string) => Object.values((JSON.parse(text) as CompareJson).dataPlanes).map(withoutRun);
    expect(strip(a.stdout)).toEqual(strip(b.stdout));
  });

  it('writes --json, --markdown, --report and --charts files together', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-compare-'));
    const r = await cli(
      'compare', DATAPLANES, ...SHORT, '--data-planes', 'none,ambient',
      '--json', join(dir, 'c.json'), '--markdown', join(dir, 'c.md'), '--report', join(dir, 'c.html'), '--charts', join(dir, 'charts', 'svg'), '--quiet',
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect((JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')) as CompareJson).schema).toBe('meshsim.compare/v1');
    expect(readFileSync(join(dir, 'c.md'), 'utf8')).toContain('| | `none` | `ambient` |');
    const html = readFileSync(join(dir, 'c.html'), 'utf8');
    expect((html.match(/<svg\b/g) ?? []).length).toBe(3);
    expect(html).toContain('meshsim compare scenarios/bookinfo-dataplanes.yaml --data-planes none,ambient --baseline none --seed 1 --duration 2s --warmup 0.5s --replications 1');
    expect(readdirSync(dir).sort()).toEqual(['c.html', 'c.json', 'c.md', 'charts']);
    // --charts DIR is created (with its parents) when missing.
    expect(readdirSync(join(dir, 'charts', 'svg')).sort()).toEqual(['bookinfo-dataplanes-added-latency.svg', 'bookinfo-dataplanes-cost.svg', 'bookinfo-dataplanes-latency-cdf.svg']);
  });

  it('shows progress on stderr only when it is a terminal, and clears it', async () => {
    const quiet = await cli('compare', DATAPLANES, ...SHORT, '--data-planes', 'none,sidecar', '--quiet');
    expect(quiet.stderr).toBe('');
    let stderr = '';
    const status = await main(['compare', DATAPLANES, ...SHORT, '--data-planes', 'none,sidecar', '--quiet'], {
      stdout: () => {},
      stderr: (s) => void (stderr += s),
      stderrIsTty: true,
    });
    expect(status).toBe(0);
    expect(stderr).toContain('meshsim compare: none (1 of 2)…');
    expect(stderr).toContain('meshsim compare: sidecar (2 of 2), 1/1 replications, 2.5s simulated');
    expect(stderr.endsWith('\r\x1b[K')).toBe(true);
  });

  it('--markdown alone prints the Markdown table instead of the console table', async () => {
    const r = await cli('compare', DATAPLANES, ...SHORT, '--data-planes', 'none,ebpf', '--markdown');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('| | `none` | `ebpf` |');
    expect(r.stdout).not.toContain('Δ none');
  });

  it.each([
    [['--data-planes', 'none,istio'], /^meshsim: --data-planes: 'istio' is not a data plane \(expected a comma-separated list of none, sidecar, ambient, ebpf\)\n$/],
    [['--data-planes', 'none,,ebpf'], /^meshsim: --data-planes: 'none,,ebpf' has an empty name/],
    [['--data-planes', 'sidecar,sidecar'], /^meshsim: --data-planes: 'sidecar' is listed twice/],
    [['--baseline', 'istio'], /^meshsim: --baseline: 'istio' is not a baseline \(expected one of policy-only, none, sidecar, ambient, ebpf\)\n$/],
    [['--seed', 'x'], /^meshsim: --seed: 'x' is not a seed/],
    [['--json', '-', '--markdown', '-'], /^meshsim: --json - and --markdown -: only one of them can write to stdout/],
    [['--report', '/no/such/dir/r.html'], /^meshsim: --report: cannot write '\/no\/such\/dir\/r.html': directory '\/no\/such\/dir' does not exist\n$/],
    [['--charts', 'package.json/charts'], /^meshsim: --charts: cannot create 'package\.json\/charts': '.*\/package\.json' is not a directory\n$/],
    [['--charts', 'package.json'], /^meshsim: --charts: 'package\.json' exists and is not a directory\n$/],
  ])('usage error %j exits 2 with one line and writes nothing', async (flags, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-compare-'));
    const r = await cli('compare', DATAPLANES, ...SHORT, '--json', join(dir, 'c.json'), '--report', join(dir, 'c.html'), ...flags);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir)).toEqual([]);
  });

  describe('on a scenario with Istio resources (bookinfo, reviews weighted 80/20)', () => {
    const ISTIO = 'scenarios/bookinfo-istio.yaml';
    const FLAGS = ['--duration', '3s', '--warmup', '0.5s', '--data-planes', 'none,sidecar'];

    it('takes deltas against policy-only by default, and says so in the table and the JSON', async () => {
      const table = await cli('compare', ISTIO, ...FLAGS);
      expect(table.status).toBe(0);
      expect(table.stdout).toMatch(/; deltas against policy-only \(sidecar with costs: none — Istio resources applied, proxies free\)\n/);
      expect(table.stdout).toMatch(/\n\s+policy-only\s+none\s+Δ policy-only\s+sidecar\s+Δ policy-only\n/);
      expect(table.stderr).not.toContain('the baseline `none`');
      const j = JSON.parse((await cli('compare', ISTIO, ...FLAGS, '--json', '-')).stdout) as CompareJson;
      expect(j.baseline).toBe('policy-only');
      expect(Object.keys(j.dataPlanes)).toEqual(['policy-only', 'none', 'sidecar']);
      expect(j.dataPlanes['policy-only']?.cost.meshVcpu).toBe(0);
    });

    it('--baseline none keeps the old baseline, with the warning that its deltas mix routing and cost', async () => {
      const r = await cli('compare', ISTIO, ...FLAGS, '--baseline', 'none', '--json', '-');
      expect(r.status).toBe(0);
      const j = JSON.parse(r.stdout) as CompareJson;
      expect(j.baseline).toBe('none');
      expect(Object.keys(j.dataPlanes)).toEqual(['none', 'sidecar']);
      expect(r.stderr).toContain("meshsim: warning: the baseline `none` applies none of the scenario's");
    });

    it('--baseline sidecar moves the sidecar first', async () => {
      const j = JSON.parse((await cli('compare', ISTIO, ...FLAGS, '--baseline', 'sidecar', '--json', '-')).stdout) as CompareJson;
      expect(Object.keys(j.dataPlanes)).toEqual(['sidecar', 'none']);
    });
  });

  it('a bad scenario exits 2 with a located message and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-compare-'));
    const out = join(dir, 'c.json');
    const r = await cli('compare', 'test/fixtures/scenarios/no-such-file.yaml', '--json', out);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
});
