import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cliHarness.js';
import { escapeLabelValue, ISTIO_DURATION_BUCKETS_MS } from '../../src/report/prometheus.js';
import type { Results } from '../../src/report/results.js';

interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** A reader of the exposition lines this exporter writes (label values as escapeLabelValue writes them). */
function parse(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!m) throw new Error(`unparsed line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of m[2]!.matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    out.push({ name: m[1]!, labels, value: m[3] === '+Inf' ? Infinity : Number(m[3]) });
  }
  return out;
}

function total(samples: Sample[], name: string, where: Record<string, string>): number {
  return samples.filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v)).reduce((a, s) => a + s.value, 0);
}

// circuit-breaking.yaml: failures with response flags (UO) beside successes.
const SCENARIO = 'scenarios/circuit-breaking.yaml';
const ARGS = ['--duration', '5s', '--warmup', '1s', '--replications', '2', '--seed', '3', '--quiet'];

describe('meshsim run --prometheus', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshsim-prom-'));
  const prom = join(dir, 'metrics.prom');
  const json = join(dir, 'results.json');
  let samples: Sample[];
  let results: Results;
  let text: string;

  beforeAll(async () => {
    const r = await cli('run', SCENARIO, ...ARGS, '--json', json, '--prometheus', prom);
    expect(r.stderr).not.toContain('internal error');
    expect(r.status).toBe(0);
    text = readFileSync(prom, 'utf8');
    samples = parse(text);
    results = JSON.parse(readFileSync(json, 'utf8')) as Results;
  });

  it("istio_requests_total by the source agrees with every edge's requests, and its failures carry the response flags", () => {
    expect(results.edges.length).toBeGreaterThan(0);
    expect(results.edges.some((e) => e.failed > 0)).toBe(true);
    for (const e of results.edges) {
      const where = { reporter: 'source', source_workload: e.from, destination_service_name: e.to };
      expect(total(samples, 'istio_requests_total', where)).toBe(e.requests);
      expect(total(samples, 'istio_requests_total', { ...where, response_code: '200', response_flags: '-' })).toBe(e.requests - e.failed);
      const uo = total(samples, 'istio_requests_total', { ...where, response_flags: 'UO' });
      expect(uo).toBe(e.failures.UO ?? 0);
    }
  });

  it("istio_requests_total by the destination agrees with every service's and version's requests", () => {
    for (const [name, s] of Object.entries(results.services)) {
      expect(total(samples, 'istio_requests_total', { reporter: 'destination', destination_service_name: name })).toBe(s.requests);
      expect(total(samples, 'istio_requests_total', { reporter: 'destination', destination_service_name: name, response_code: '200' })).toBe(s.requests - s.failed);
    }
  });

  it("the duration histogram's buckets rise to +Inf = _count = the edge's successes, with _sum/_count its mean", () => {
    for (const e of results.edges) {
      const where = { reporter: 'source', source_workload: e.from, destination_service_name: e.to };
      const buckets = samples.filter((s) => s.name === 'istio_request_duration_milliseconds_bucket' && Object.entries(where).every(([k, v]) => s.labels[k] === v));
      if (e.requests - e.failed === 0) {
        expect(buckets).toEqual([]);
        continue;
      }
      expect(buckets.map((b) => b.labels.le)).toEqual([...ISTIO_DURATION_BUCKETS_MS.map(String), '+Inf']);
      for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);
      expect(buckets.at(-1)!.value).toBe(e.requests - e.failed);
      const count = total(samples, 'istio_request_duration_milliseconds_count', where);
      expect(count).toBe(e.requests - e.failed);
      const sum = total(samples, 'istio_request_duration_milliseconds_sum', where);
      expect(sum / count).toBeCloseTo(e.latency.mean * 1000, 4);
      // The median lies in the first bucket whose count reaches half (0.1% histogram resolution aside).
      const half = buckets.findIndex((b) => b.value >= count / 2);
      const upper = Number(buckets[half]!.labels.le);
      const lower = half > 0 ? Number(buckets[half - 1]!.labels.le) : 0;
      expect(e.latency.p50 * 1000).toBeGreaterThanOrEqual(lower * 0.999);
      expect(e.latency.p50 * 1000).toBeLessThanOrEqual(upper * 1.001);
    }
  });

  it('is byte-identical for the same seed whatever the worker count', async () => {
    const other = join(dir, 'workers2.prom');
    const r = await cli('run', SCENARIO, ...ARGS, '--workers', '2', '--prometheus', other);
    expect(r.status).toBe(0);
    expect(readFileSync(other, 'utf8')).toBe(text);
  });

  it('passes promtool check metrics', () => {
    const found = spawnSync('promtool', ['--version']).status === 0;
    if (!found) {
      // CI installs Debian's prometheus package (.ci/run); a missing promtool there is a broken setup.
      if (process.env.CI) throw new Error('promtool is missing under CI (.ci/run installs the prometheus package)');
      console.warn('skipping promtool check: promtool is not installed (apt-get install prometheus)');
      return;
    }
    // promtool exits 1 when the text does not parse and 3 when it parses with lint
    // problems. Istio's own metric name draws one lint, always: Prometheus prefers
    // seconds, Istio's metric is in milliseconds (and dashboards query that name).
    // That one line is expected; any other problem fails.
    const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    const problems = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l !== '');
    expect(problems).toEqual(['istio_request_duration_milliseconds use base unit "seconds" instead of "milliseconds"']);
    expect(r.status).toBe(3);
    // And a deliberately broken copy is caught, so the check can fail.
    const broken = spawnSync('promtool', ['check', 'metrics'], { input: text.replace('"}', '}'), encoding: 'utf8' });
    expect(broken.status).toBe(1);
  });

  it('refuses an output path in a missing directory before running, with exit status 2', async () => {
    const bad = join(dir, 'no-such-dir', 'x.prom');
    const r = await cli('run', SCENARIO, ...ARGS, '--prometheus', bad);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--prometheus: cannot write");
    expect(existsSync(bad)).toBe(false);
  });
});

describe('escapeLabelValue', () => {
  it('escapes backslash, double quote and newline as the exposition format asks', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });
});
