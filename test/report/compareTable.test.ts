import { describe, expect, it } from 'vitest';
import { renderCompareMarkdown } from '../../src/report/compareMarkdown.js';
import { renderCompareTable } from '../../src/report/compareTable.js';
import { fakeResults } from './compareFixtures.js';

const runs = [
  fakeResults('none', { p50: 0.010, p99: 0.030, usd: 100 }),
  fakeResults('sidecar', { p50: 0.0105, p99: 0.0312, meshVcpu: 0.4, meshMemoryGiB: 0.5, usd: 112.5 }),
  fakeResults('ambient', { p50: 0.0102, p99: 0.0305, meshVcpu: 0.1, meshMemoryGiB: 0.05, usd: 103 }),
  fakeResults('ebpf', { p50: 0.0099, p99: 0.030, meshVcpu: 0.01, usd: 99 }),
];

describe('console comparison table', () => {
  const text = renderCompareTable(runs);
  const lines = text.split('\n');

  it('names the scenario, seed, window and baseline first', () => {
    expect(lines[0]).toBe('fake — seed 4, 10s measured after 1s warm-up; deltas against none');
  });

  it('names each warm-up when `warmup: auto` chose them per data plane', () => {
    const auto = [runs[0]!, { ...runs[1]!, warmup: 2.5 }];
    expect(renderCompareTable(auto).split('\n')[0]).toBe(
      'fake — seed 4, 10s measured after warm-up chosen per data plane (none 1s, sidecar 2.5s); deltas against none',
    );
  });

  it('has a value column per data plane and a delta column for each but the first', () => {
    const header = lines[2] ?? '';
    expect(header.trim().split(/\s{2,}/)).toEqual(['none', 'sidecar', 'Δ none', 'ambient', 'Δ none', 'ebpf', 'Δ none']);
  });

  it('aligns each column on its right edge', () => {
    const p99 = lines.find((l) => l.startsWith('  p99')) ?? '';
    const usd = lines.find((l) => l.startsWith('  $/month')) ?? '';
    expect(p99).toContain('30 ms');
    expect(p99).toContain('+1.2 ms');
    expect(usd).toContain('+$12.50');
    expect(usd).toContain('-$1.00');
    expect(p99.length).toBe(usd.length);
    // The sidecar delta ends at the same column in every row.
    const end = (line: string, cell: string) => line.indexOf(cell) + cell.length;
    expect(end(p99, '+1.2 ms')).toBe(end(usd, '+$12.50'));
  });

  it('groups end to end, edges and cost', () => {
    expect(text).toMatch(/^end to end/m);
    expect(text).toMatch(/^per edge/m);
    expect(text).toMatch(/^cost/m);
    expect(text).toContain('  a → b p99');
  });
});

describe('Markdown comparison', () => {
  const md = renderCompareMarkdown(runs);
  const tableLines = md.split('\n').filter((l) => l.startsWith('|'));

  it('has every data plane as a column', () => {
    expect(tableLines[0]).toBe('| | `none` | `sidecar` | `ambient` | `ebpf` |');
    expect(tableLines[1]).toBe('|---|--:|--:|--:|--:|');
  });

  it('has one cell per data plane on every row, deltas in parentheses', () => {
    for (const l of tableLines.slice(2)) expect(l.split(' | ')).toHaveLength(5);
    expect(md).toContain('| **end to end** p50 | 10 ms | 10.5 ms (+0.5 ms) |');
    expect(md).toContain('| p99 | 30 ms | 31.2 ms (+1.2 ms) | 30.5 ms (+0.5 ms) | 30 ms (±0 ms) |');
    expect(md).toContain('| **cost** mesh vCPU | 0 vCPU | 0.4 vCPU (+0.4 vCPU) |');
  });
});

describe('delta intervals in the tables', () => {
  // What compare's deltaIntervals gives with replications: nothing for the baseline.
  const deltaCi95 = [undefined, { p99: [0.0009, 0.0016] as [number, number], availability: [-0.0002, 0.0001] as [number, number] }, undefined, undefined];

  it('bracket the end-to-end deltas that have one and say what the brackets are', () => {
    const lines = renderCompareTable(runs, deltaCi95).split('\n');
    expect(lines[0]).toBe('fake — seed 4, 10s measured after 1s warm-up; deltas against none [95% interval, paired by replication]');
    const p99 = lines.find((l) => l.startsWith('  p99')) ?? '';
    expect(p99).toContain('+1.2 ms [+0.9…+1.6]');
    expect(lines.find((l) => l.startsWith('  availability'))).toContain('[-0.020…+0.010]');
    // An interval that contains 0 is marked "~" (benchstat's mark); one that does not is not.
    expect(lines.find((l) => l.startsWith('  availability'))).toContain('~ ±0.000 pp [-0.020…+0.010]');
    expect(p99).not.toContain('~');
    // Rows without an interval keep the plain delta.
    expect(lines.find((l) => l.startsWith('  p50'))).toMatch(/\+0\.5 ms$|\+0\.5 ms\s/);
    expect(lines.find((l) => l.startsWith('  a → b p99'))).not.toContain('[');
  });

  it('put the interval inside the Markdown delta', () => {
    expect(renderCompareMarkdown(runs, deltaCi95)).toContain('| p99 | 30 ms | 31.2 ms (+1.2 ms [+0.9…+1.6]) | 30.5 ms (+0.5 ms) |');
  });
});
