import { describe, expect, it } from 'vitest';
import { serviceGraph } from '../../src/report/serviceGraphModel.js';
import { ERROR_CLASSES, errorClass, serviceGraphSvg, strokeWidth } from '../../src/report/serviceGraphSvg.js';
import { resultsFor } from './serviceGraphFixture.js';
import { xmlProblems } from './xmlWellFormed.js';

const HOSTILE = '<script>alert(1)</script>';
const count = (svg: string, re: RegExp): number => (svg.match(re) ?? []).length;

describe('the service graph drawn as SVG', () => {
  const results = resultsFor(
    [
      ['users', 'productpage', 2000],
      ['productpage', 'details', 2000, 4],
      ['productpage', HOSTILE, 2000, 300],
      [HOSTILE, 'ratings', 1300],
      ['ratings', HOSTILE, 10], // a cycle
    ],
    ['productpage', 'details', HOSTILE, 'ratings'],
  );
  const svg = serviceGraphSvg(serviceGraph(results));

  it('is well-formed, with a group per node and per edge, and a legend for width and colour', () => {
    expect(xmlProblems(svg)).toEqual([]);
    expect(count(svg, /<g class="node /g)).toBe(5);
    expect(count(svg, /<g class="edge">/g)).toBe(5);
    expect(svg).toContain('<g class="legend"');
    expect(svg).toContain('requests/s (width ∝ √rate)');
    for (const c of ERROR_CLASSES) expect(svg).toContain(`stroke="${c.colour}" stroke-width="5"`);
    // The cycle's back edge is dashed and the legend says what dashes mean.
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(svg).toContain('the call graph has a cycle');
  });

  it('shows a script-named service as text, never as markup', () => {
    expect(svg).not.toContain(HOSTILE);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).not.toMatch(/<script/i);
  });

  it('gives each edge a title with its rate, error rate, cross-zone share and p99, and colours it by error rate', () => {
    expect(svg).toContain('<title>productpage → details: 100 requests/s, error rate 0.20%, cross-zone 25.0%, p99 10.0 ms</title>');
    const edge = /<g class="edge"><title>productpage → &lt;script[^<]*<\/title><path d="[^"]*" fill="none" stroke="([^"]+)"/.exec(svg);
    expect(edge?.[1]).toBe(errorClass(0.15).colour);
    expect(errorClass(0).label).toBe('none');
    expect(errorClass(0.0005).label).toBe('< 0.1%');
    expect(errorClass(0.15).label).toBe('≥ 10%');
    expect(strokeWidth(100, 100)).toBeGreaterThan(strokeWidth(25, 100));
    expect(strokeWidth(25, 100) - strokeWidth(0, 100)).toBeCloseTo((strokeWidth(100, 100) - strokeWidth(0, 100)) / 2, 9);
  });

  it('is the same bytes for the same results', () => {
    expect(serviceGraphSvg(serviceGraph(results))).toBe(svg);
  });

  it('stays small for a mesh of hundreds of services: the busiest edges only', () => {
    // 400 services in 100 chains of four, each chain behind its own source.
    const edges: Array<[string, string, number]> = [];
    const services: string[] = [];
    for (let c = 0; c < 100; c++) {
      const chain = [`src-${c}`, ...[0, 1, 2, 3].map((k) => `app-${c}-svc-${k}`)];
      services.push(...chain.slice(1));
      chain.slice(1).forEach((s, k) => edges.push([chain[k]!, s, 10 + c]));
    }
    const g = serviceGraph(resultsFor(edges, services));
    expect(g.cut).toBe(true);
    const big = serviceGraphSvg(g);
    expect(xmlProblems(big)).toEqual([]);
    expect(count(big, /<g class="node /g)).toBe(g.nodes.length);
    expect(g.nodes.length).toBeLessThanOrEqual(60);
    expect(count(big, /<g class="edge">/g)).toBe(g.edges.length);
    expect(big.length).toBeLessThan(150_000);
    // Past 16 edges the labels go (the titles stay).
    expect(big).not.toContain('class="edge-label"');
    expect(svg).toContain('class="edge-label"');
  });
});
