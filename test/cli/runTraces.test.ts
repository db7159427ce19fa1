/**
 * Must show (issue 13): `run --traces` writes the same file for any --workers and does
 * not change the results JSON; its flags are checked before the run. Through the built
 * CLI in a child process, so --workers 2 really starts a worker thread.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as runScenarioModule from '../../src/experiments/runScenario.js';
import type { Results } from '../../src/report/results.js';
import { cli } from '../cliHarness.js';
import { privateBuild, type PrivateBuild } from '../experiments/privateBuild.js';

const root = mkdtempSync(join(tmpdir(), 'meshsim-traces-'));
let build: PrivateBuild;
beforeAll(() => {
  build = privateBuild('run-traces');
});
afterAll(() => {
  build.remove();
  rmSync(root, { recursive: true, force: true });
});

function withoutRun(json: string): string {
  const r = JSON.parse(json) as Partial<Results>;
  delete r.run;
  return JSON.stringify(r);
}

const RUN = ['run', 'scenarios/bookinfo-istio.yaml', '--duration', '3s', '--replications', '4'];

describe('run --traces', () => {
  it('writes byte-identical traces with 1 and 2 workers, and the results JSON is the one an untraced run gives', () => {
    const files = [1, 2].map((workers) => {
      const file = join(root, `traces-${workers}.json`);
      const r = build.runCli([...RUN, '--workers', String(workers), '--traces', file, '--trace-sample', '0.02', '--json', join(root, `results-${workers}.json`)]);
      expect(r.status, r.stderr).toBe(0);
      expect((JSON.parse(readFileSync(join(root, `results-${workers}.json`), 'utf8')) as Results).run.workers).toBe(workers);
      // The table, then the critical path of the slowest traced requests.
      expect(r.stdout).toMatch(/\nCritical path of the \d+ slowest of \d+ traced requests \(at or above their p99, [\d.]+ ms\):\n/);
      expect(r.stdout).toMatch(/\n {2}productpage\s+\d+\.\d%/);
      return readFileSync(file, 'utf8');
    });
    expect(files[1]).toBe(files[0]);
    const body = JSON.parse(files[0]!) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ traceId: string; attributes: Array<{ key: string; value: { intValue?: string } }> }> }> }> };
    const spans = body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    // Traces from every replication (the worker's included).
    const replications = new Set(spans.flatMap((s) => s.attributes.filter((a) => a.key === 'meshsim.replication').map((a) => a.value.intValue)));
    expect(replications).toEqual(new Set(['0', '1', '2', '3']));

    const plain = build.runCli([...RUN, '--workers', '1', '--json', '-']);
    expect(plain.status, plain.stderr).toBe(0);
    expect(withoutRun(readFileSync(join(root, 'results-1.json'), 'utf8'))).toBe(withoutRun(plain.stdout));
    expect(withoutRun(readFileSync(join(root, 'results-2.json'), 'utf8'))).toBe(withoutRun(plain.stdout));
  }, 120_000);

  it.each([
    [['--trace-sample', '0.01'], /^meshsim: --trace-sample: only with --traces PATH/],
    [['--traces', 'TRACES', '--trace-sample', '0'], /^meshsim: --trace-sample: '0' is not a sampling rate \(expected a fraction in \(0, 1\]/],
    [['--traces', 'TRACES', '--trace-sample', '2'], /^meshsim: --trace-sample: '2' is not a sampling rate/],
    [['--traces', 'TRACES', '--trace-sample', 'lots'], /^meshsim: --trace-sample: 'lots' is not a sampling rate/],
    [['--traces', join('no', 'such', 'dir', 't.json')], /^meshsim: --traces: cannot write '.*t\.json': directory '.*dir' does not exist\n$/],
    [['--trace-start', 'now'], /^meshsim: --trace-start: only with --traces PATH/],
    [['--traces', 'TRACES', '--trace-start', 'yesterday'], /^meshsim: --trace-start: 'yesterday' is not an instant \(expected now, or an ISO 8601 time with its zone/],
    [['--traces', 'TRACES', '--trace-start', '2026-12-05T10:00:00'], /^meshsim: --trace-start: '2026-12-05T10:00:00' is not an instant/],
  ])('%j: exits 2 before simulating, with one line, and writes nothing', async (flags, message) => {
    const dir = mkdtempSync(join(root, 'bad-'));
    const args = flags.map((f) => (f === 'TRACES' ? join(dir, 't.json') : f.startsWith('no') ? join(dir, f) : f));
    const spy = vi.spyOn(runScenarioModule, 'runScenario');
    const r = await cli('run', 'scenarios/bookinfo.yaml', '--duration', '1s', ...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('--trace-start moves simulated time 0 to the instant given, and nothing else', async () => {
    const spansOf = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ startTimeUnixNano: string; endTimeUnixNano: string }> }> }> }).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    const dated = join(root, 'dated.json');
    const plain = join(root, 'undated.json');
    const common = ['run', 'scenarios/bookinfo.yaml', '--duration', '1s', '--trace-sample', '0.05'];
    expect((await cli(...common, '--traces', plain)).status).toBe(0);
    expect((await cli(...common, '--traces', dated, '--trace-start', '2026-12-05T10:00:00Z')).status).toBe(0);
    const [a, b] = [spansOf(plain), spansOf(dated)];
    expect(a.length).toBeGreaterThan(0);
    expect(b).toHaveLength(a.length);
    // 2026-01-01T00:00:00Z → 2026-12-05T10:00:00Z is 338 days and 10 hours.
    const shift = BigInt((338 * 86_400 + 10 * 3600) * 1e9);
    b.forEach((s, i) => {
      expect(BigInt(s.startTimeUnixNano) - BigInt(a[i]!.startTimeUnixNano)).toBe(shift);
      expect(BigInt(s.endTimeUnixNano) - BigInt(a[i]!.endTimeUnixNano)).toBe(shift);
    });
  });

  it('accepts a percentage, and prints that nothing was traced when the sample caught nothing', async () => {
    const file = join(root, 'tiny.json');
    const r = await cli('run', 'scenarios/bookinfo.yaml', '--duration', '1s', '--traces', file, '--trace-sample', '0.0001%');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\nCritical path: no request was traced \(raise --trace-sample\)\n$/);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ resourceSpans: [] });
    expect(existsSync(`${file}.${process.pid}.tmp`)).toBe(false);
  });
});
