import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cliHarness.js';
import { faultBands, meshEventsPoints, renderRunHtml, timelinePoints, type RunHtmlInput } from '../../src/report/runHtml.js';
import { MeasurementWindow } from '../../src/models/metrics/measurementWindow.js';
import { PerSecondSeries } from '../../src/models/metrics/perSecondSeries.js';
import { HOSTILE_NAME, zoneOutageReportInput } from './runReportFixture.js';

describe('run report (HTML)', () => {
  let input: RunHtmlInput;
  let html: string;
  beforeAll(async () => {
    input = await zoneOutageReportInput();
    html = await renderRunHtml(input);
  });

  it('has a point per second, whose requests add up to the results, and the outage as a band', () => {
    const { results } = input;
    const points = timelinePoints(input.perSecond, results.warmup, results.replications);
    expect(points).toHaveLength(results.duration);
    expect(points[0]!.t).toBe(results.warmup);
    const total = points.reduce((a, p) => a + p.throughput, 0) * results.replications;
    expect(total).toBeCloseTo(results.endToEnd.requests, 6);
    // zone-outage.yaml: zone c out from 25 s for 20 s; seconds inside it are worse than before it.
    expect(faultBands(input.scenario, results.warmup + results.duration)).toEqual([{ from: 25, to: 45, label: 'zone-outage of c at 25s for 20s' }]);
    const mean = (from: number, to: number): number => {
      const xs = points.filter((p) => p.t >= from && p.t < to && p.availability !== null).map((p) => p.availability!);
      return xs.reduce((a, x) => a + x, 0) / xs.length;
    };
    expect(mean(26, 44)).toBeLessThan(mean(5, 24));
  });

  it('is self-contained: no script, no external stylesheet, image or frame', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\b(src|href)\s*=/i);
    expect(html.match(/<svg/g)).toHaveLength(5);
  });

  it('has retries, overflow and ejections per second of one replication, at each bucket’s start', () => {
    const s = new PerSecondSeries(new MeasurementWindow(5, 8));
    s.countEvent('retries', 5.5);
    s.countEvent('retries', 5.6);
    s.countEvent('overflow', 7.9);
    s.countEvent('ejections', 6);
    expect(meshEventsPoints(s, 5, 2)).toEqual([
      { t: 5, retries: 1, overflow: 0, ejections: 0 },
      { t: 6, retries: 0, overflow: 0, ejections: 0.5 },
      { t: 7, retries: 0, overflow: 0.5, ejections: 0 },
    ]);
    expect(html).toContain('<section class="chart" id="mesh-events">');
    expect(html).toMatch(/0 retries, 0 overflow 503s \(circuit breakers, full queues\), 0 outlier ejections in all; shaded: the faults/);
  });

  it('shows the critical path of the slowest traced requests as a table, every share listed', () => {
    const c = input.criticalPath!;
    expect(c.requests).toBeGreaterThan(0);
    const section = /<section id="critical-path">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    expect(section).toContain(`Where the ${c.requests} slowest of ${c.sampled} traced requests`);
    const rows = [...section.matchAll(/<tr><th>([^<]*)<\/th><td>([\d.]+)%<\/td>/g)];
    expect(rows.map((r) => r[1])).toEqual(c.shares.map((x) => x.component));
    const total = rows.reduce((a, r) => a + Number(r[2]), 0);
    expect(Math.abs(total - 100)).toBeLessThanOrEqual(0.05 * rows.length);
  });

  it('has no critical-path section without traces', async () => {
    const { criticalPath: _unused, ...rest } = input;
    expect(await renderRunHtml(rest)).not.toContain('id="critical-path"');
  });

  it('escapes a service named like a script tag everywhere it appears', () => {
    expect(html).not.toContain(HOSTILE_NAME);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('draws the service graph above the edge table, every node and edge of the results, cross-zone shares as fractions', () => {
    const section = /<section id="edges">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    expect(section.indexOf('<svg')).toBeGreaterThan(-1);
    expect(section.indexOf('<svg')).toBeLessThan(section.indexOf('<table'));
    const { results } = input;
    const sources = new Set(results.edges.map((e) => e.from).filter((f) => !(f in results.services)));
    expect((section.match(/<g class="node /g) ?? []).length).toBe(Object.keys(results.services).length + sources.size);
    expect((section.match(/<g class="edge">/g) ?? []).length).toBe(results.edges.length);
    expect(section).toContain(`${Object.keys(results.services).length} services, ${sources.size} traffic source`);
    // zone-outage.yaml spreads replicas over three zones: most attempts cross one.
    const cells = [...section.matchAll(/<\/td><td>([\d.]+)%<\/td><td>[\d.]+<\/td><\/tr>/g)].map((m) => Number(m[1]));
    expect(cells).toHaveLength(results.edges.length);
    for (const [i, e] of results.edges.entries()) expect(cells[i]).toBeCloseTo(100 * e.crossZone, 1);
    expect(Math.max(...cells)).toBeGreaterThan(30);
  });

  it('is the same bytes for the same input', async () => {
    expect(await renderRunHtml(input)).toBe(html);
  });

  it('meshsim run --report writes the page, and refuses a path in a missing directory with exit status 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-report-cli-'));
    const out = join(dir, 'r.html');
    const r = await cli('run', 'scenarios/zone-outage.yaml', '--duration', '10s', '--quiet', '--report', out);
    expect(r.status).toBe(0);
    expect(readFileSync(out, 'utf8').match(/<svg/g)).toHaveLength(5);
    const bad = await cli('run', 'scenarios/zone-outage.yaml', '--report', join(dir, 'missing', 'r.html'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--report: cannot write');
  });
});
