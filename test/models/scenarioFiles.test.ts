import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { Results } from '../../src/report/results.js';

/**
 * Every worked example in scenarios/ runs as README shows it (`meshsim run FILE`), here with
 * a short --duration: exit 0, nothing on stderr, and results that add up.
 */

const DIR = 'scenarios';
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

async function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { status, stdout, stderr };
}

/**
 * Warnings an example shows on purpose. bookinfo-istio uses Istio's destination-rule-all.yaml
 * (and bookinfo-fault-injection) unmodified, which defines subsets for versions bookinfo does not deploy (ratings v2,
 * v2-mysql, v2-mysql-vm; details v2): istioctl analyze reports them as IST0173 too, and
 * istio.io calls them safe to ignore; no route of the example targets them.
 */
const UNUSED_BOOKINFO_SUBSETS = /destination-rule-all\.yaml:\d+:\d+: warning: spec\.subsets\[\d\]\.labels: The Subset (v2|v2-mysql|v2-mysql-vm) defined in the DestinationRule does not select any pods\..* \[IST0173\]$/;
const expectedWarnings: Record<string, RegExp> = {
  'bookinfo-istio.yaml': UNUSED_BOOKINFO_SUBSETS,
  'bookinfo-fault-injection.yaml': UNUSED_BOOKINFO_SUBSETS,
};

describe('scenarios/*.yaml', () => {
  it('holds the worked examples README lists (at least the issue-4 ones)', () => {
    for (const f of ['bookinfo-istio.yaml', 'bookinfo-fault-injection.yaml', 'canary-header.yaml', 'circuit-breaking.yaml', 'locality-failover.yaml', 'retry-storm-no-budget.yaml', 'retry-storm-budget.yaml', 'retry-storm-timeout-only.yaml']) {
      expect(files).toContain(f);
    }
  });

  it.each(files)('%s validates and runs for 10 s with sane results', async (file) => {
    const path = `${DIR}/${file}`;
    const validate = await cli('validate', path);
    const allowed = expectedWarnings[file];
    for (const line of validate.stderr.split('\n').filter((l) => l !== '')) expect(line).toMatch(allowed ?? /^$/);
    expect(validate.status).toBe(0);

    const run = await cli('run', path, '--duration', '10s', '--json', '-');
    // The short run may end before a fault starts: that warning is expected, nothing else.
    for (const line of run.stderr.split('\n').filter((l) => l !== '')) {
      if (allowed?.test(line)) continue;
      // One short run of a scenario with faults is not stationary; the run says so.
      if (line.startsWith('meshsim: the scenario schedules faults, so one run is not stationary')) continue;
      // The storm without a budget collapses the server on purpose: saturated, and told so.
      if (file === 'retry-storm-no-budget.yaml' && line.startsWith('meshsim: warning: service server: utilization')) continue;
      expect(line).toMatch(/^scenarios\/[\w.-]+:\d+:\d+: warning: faults\[\d+\]\.at: starts at .* after the run ends/);
    }
    expect(run.status).toBe(0);
    const r = JSON.parse(run.stdout) as Results;
    expect(r.schema).toBe('meshsim.results/v1');
    expect(r.duration).toBe(10);
    const e = r.endToEnd;
    expect(e.requests).toBeGreaterThan(0);
    expect(e.succeeded + e.failed).toBe(e.requests);
    expect(e.availability).toBeGreaterThanOrEqual(0);
    expect(e.availability).toBeLessThanOrEqual(1);
    expect(Object.values(e.failures).reduce((a, b) => a + b, 0)).toBe(e.failed);
    for (const edge of r.edges) {
      expect(edge.attempts).toBeGreaterThanOrEqual(0);
      expect(edge.crossZone).toBeGreaterThanOrEqual(0);
      expect(edge.crossZone).toBeLessThanOrEqual(1);
    }
    for (const s of Object.values(r.services)) expect(s.availability).toBeGreaterThanOrEqual(0);

    // The human table too.
    const table = await cli('run', path, '--duration', '10s');
    expect(table.status).toBe(0);
    expect(table.stdout).toContain(r.scenario);
  });

  it.each(files)('%s uses only files inside the repo', (file) => {
    // The scenario is the first document; Istio resources may follow it inline, or be named by path.
    const scenario = parseAllDocuments(readFileSync(`${DIR}/${file}`, 'utf8'))[0]?.toJS() as { istio?: unknown[] };
    for (const entry of (scenario.istio ?? []).filter((e): e is string => typeof e === 'string')) {
      const path = resolve(dirname(`${DIR}/${file}`), entry);
      expect(relative(process.cwd(), path).startsWith('..'), `${entry} lies outside the repo`).toBe(false);
      expect(existsSync(path), `${entry} is missing`).toBe(true);
    }
  });
});
