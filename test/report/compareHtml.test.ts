import { beforeAll, describe, expect, it } from 'vitest';
import { renderCompareCharts, renderCompareHtml, type CompareHtmlInput } from '../../src/report/compareHtml.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';
import type { DataPlaneKind } from '../../src/scenarios/scenario.js';
import { POLICY_ONLY, POLICY_ONLY_MEANING, type ComparedPlane } from '../../src/scenarios/comparedPlane.js';
import { fakeResults } from './compareFixtures.js';
import { xmlProblems } from './xmlWellFormed.js';

const { scenario } = loadScenario('scenarios/bookinfo-dataplanes.yaml');

/** A log-normal-ish CDF shifted by `extra` seconds. */
function cdf(extra: number) {
  return Array.from({ length: 101 }, (_, i) => ({ seconds: 0.004 * Math.exp(i / 40) + extra, fraction: i / 100 }));
}

function input(kinds: DataPlaneKind[]): CompareHtmlInput {
  return {
    scenario,
    seed: 4,
    command: 'meshsim compare x.yaml --data-planes none,sidecar <&>',
    runs: kinds.map((k, i) => ({
      dataPlane: k,
      results: fakeResults(k, { p50: 0.01 + i * 0.0004, p99: 0.03 + i * 0.001, meshVcpu: i * 0.2, meshMemoryGiB: i * 0.1, usd: 100 + i }),
      warnings: k === 'ambient' ? ['VirtualService default/reviews: spec.http[0].retries is not enforced <on an L4 path>'] : [],
      notices: [],
      latencyCdf: cdf(i * 0.0003),
    })),
  };
}

function svgs(html: string): string[] {
  return html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
}

describe('HTML comparison report', () => {
  let html: string;
  beforeAll(async () => {
    html = await renderCompareHtml(input(['none', 'sidecar', 'ambient', 'ebpf']));
  });

  it('holds one SVG per chart, each well-formed', async () => {
    const charts = await renderCompareCharts(input(['none', 'sidecar', 'ambient', 'ebpf']));
    expect(charts.map((c) => c.name)).toEqual(['latency-cdf', 'added-latency', 'cost']);
    const inPage = svgs(html);
    expect(inPage).toHaveLength(3);
    expect((html.match(/<svg\b/g) ?? []).length).toBe(3);
    for (const svg of inPage) {
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(xmlProblems(svg)).toEqual([]);
    }
  });

  it('draws a line per data plane and labels every data plane', () => {
    const [cdfSvg, added, cost] = svgs(html);
    for (const d of ['none', 'sidecar', 'ambient', 'ebpf']) expect(cdfSvg).toContain(`>${d}</text>`);
    // A CDF per data plane, and a difference line per data plane but the baseline.
    expect((cdfSvg!.match(/aria-roledescription="line mark"/g) ?? []).length).toBe(4 + 3);
    expect(cdfSvg).toContain('ms added against none');
    // The added-latency chart has no baseline bars, and both percentile panels.
    expect(added).toContain('p50 added');
    expect(added).toContain('p99 added');
    expect(cost).toContain('data plane');
  });

  it('says what each chart shows, and names scenario, seed, defaults with sources, and warnings', () => {
    expect(html).toContain('<title>Data planes compared: bookinfo-dataplanes</title>');
    expect(html).toContain('seed 4');
    expect(html).toMatch(/sidecar adds 0\.4 ms at p50 and 1 ms at p99 \(\+3\.3%\)/);
    expect(html).toContain('§1d');
    expect(html).toContain('<th>ztunnel</th>');
    expect(html).toContain('is not enforced &lt;on an L4 path&gt;');
    expect(html).toContain('--data-planes none,sidecar &lt;&amp;&gt;');
    expect(html).not.toMatch(/<script/i);
  });

  it('is the same page every time (no wall-clock figures)', async () => {
    expect(await renderCompareHtml(input(['none', 'sidecar', 'ambient', 'ebpf']))).toBe(html);
    expect(html).not.toContain('wallSeconds');
  });

  it('brackets an end-to-end delta with its paired interval and says what the brackets are', async () => {
    const withIntervals = await renderCompareHtml({ ...input(['none', 'sidecar']), deltaCi95: [undefined, { p99: [0.0007, 0.0013] }] });
    expect(withIntervals).toContain('+1 ms [+0.7…+1.3]');
    expect(withIntervals).toContain('95% interval of an end-to-end delta, paired by replication');
    expect(html).not.toContain('paired by replication');
  });

  it('greys and marks "~" a delta whose interval contains 0, and colours only the ones it excludes', async () => {
    const page = await renderCompareHtml({ ...input(['none', 'sidecar']), deltaCi95: [undefined, { p99: [0.0007, 0.0013], p50: [-0.0002, 0.0011] }] });
    expect(page).toMatch(/<span class="delta up">\+1 ms \[\+0\.7…\+1\.3\]<\/span>/);
    expect(page).toMatch(/<span class="delta same" title="the 95% interval contains 0[^"]*">~ [+-][\d.]+ ms \[-0\.2…\+1\.1\]<\/span>/);
  });

  it('names the baseline it takes deltas against, and says what the policy-only baseline is', async () => {
    expect(html).toContain('Deltas against <b>none</b>, the baseline.');
    const withPolicyOnly = input(['sidecar', 'ambient']);
    const first = withPolicyOnly.runs[0]!;
    const policyOnly = { ...first, dataPlane: POLICY_ONLY as ComparedPlane, results: { ...first.results, dataPlane: POLICY_ONLY } };
    const page = await renderCompareHtml({ ...withPolicyOnly, runs: [policyOnly, ...withPolicyOnly.runs.slice(1)] });
    expect(page).toContain(`Deltas against <b>policy-only</b>, the baseline (${POLICY_ONLY_MEANING}: the deltas are what the proxies cost, none of what the policies do)`);
  });

  it('leaves out the added-latency chart when there is nothing to compare against', async () => {
    const one = await renderCompareHtml(input(['sidecar']));
    expect(svgs(one)).toHaveLength(2);
    for (const svg of svgs(one)) expect(xmlProblems(svg)).toEqual([]);
  });
});

describe('xmlProblems', () => {
  it.each([
    ['<svg><g></svg>', /closes <g>/],
    ['<svg><g></g>', /unclosed: svg/],
    ['<svg a=1></svg>', /'<'/],
    ['<svg>a & b</svg>', /bare '&'/],
  ])('catches %s', (xml, problem) => {
    expect(xmlProblems(xml).join('\n')).toMatch(problem);
  });

  it('accepts self-closing tags, entities and attributes', () => {
    expect(xmlProblems('<svg x="1" y:z="a b"><path d="M0,0"/><text>a &amp; b &#39;</text></svg>')).toEqual([]);
  });
});
