import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cliHarness.js';
import { faultBands, renderRunHtml, timelinePoints, type RunHtmlInput } from '../../src/report/runHtml.js';
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
    expect(html.match(/<svg/g)).toHaveLength(3);
  });

  it('escapes a service named like a script tag everywhere it appears', () => {
    expect(html).not.toContain(HOSTILE_NAME);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('is the same bytes for the same input', async () => {
    expect(await renderRunHtml(input)).toBe(html);
  });

  it('meshsim run --report writes the page, and refuses a path in a missing directory with exit status 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-report-cli-'));
    const out = join(dir, 'r.html');
    const r = await cli('run', 'scenarios/zone-outage.yaml', '--duration', '10s', '--quiet', '--report', out);
    expect(r.status).toBe(0);
    expect(readFileSync(out, 'utf8').match(/<svg/g)).toHaveLength(3);
    const bad = await cli('run', 'scenarios/zone-outage.yaml', '--report', join(dir, 'missing', 'r.html'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--report: cannot write');
  });
});
