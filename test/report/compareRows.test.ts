import { describe, expect, it } from 'vitest';
import { comparisonRows, edgeKeys } from '../../src/report/compareRows.js';
import { formatDelta, formatValue } from '../../src/report/compareFormat.js';
import { fakeResults } from './compareFixtures.js';

const none = fakeResults('none', { p50: 0.010, p99: 0.030, edgeP50: 0.002, usd: 100 });
const sidecar = fakeResults('sidecar', { p50: 0.0105, p99: 0.0312, edgeP50: 0.0023, meshVcpu: 0.4, meshMemoryGiB: 0.5, usd: 112.5, availability: 0.999 });
const ebpf = fakeResults('ebpf', { p50: 0.0099, p99: 0.030, edgeP50: 0.002, meshVcpu: 0.01, usd: 99 });

function find(label: string) {
  const r = comparisonRows([none, sidecar, ebpf]).find((x) => x.label === label);
  if (!r) throw new Error(`no row ${label}`);
  return r;
}

describe('comparison rows', () => {
  it('take every delta against the first data plane', () => {
    const p99 = find('p99');
    expect(p99.values).toEqual([0.030, 0.0312, 0.030]);
    expect(p99.deltas[0]).toBe(0);
    expect(p99.deltas[1]).toBeCloseTo(0.0012, 12);
    expect(p99.deltas[2]).toBe(0);
    expect(find('p50').deltas[2]).toBeCloseTo(-0.0001, 12);
    expect(find('availability').deltas[1]).toBeCloseTo(-0.001, 12);
    expect(find('mesh vCPU').deltas).toEqual([0, 0.4, 0.01]);
    expect(find('$/month').deltas).toEqual([0, 12.5, -1]);
  });

  it('give each edge a p50 and a p99 row, in the results order', () => {
    expect(edgeKeys([none, sidecar])).toEqual(['a → b', 'users → a']);
    const ab = find('a → b p50');
    expect(ab.group).toBe('per hop');
    expect(ab.deltas[1]).toBeCloseTo(0.0003, 12);
    expect(find('a → b p99').values[0]).toBeCloseTo(0.006, 12);
  });

  it('mark an edge one run lacks as missing, not as zero', () => {
    const lonely = fakeResults('ambient', { p50: 0.01, p99: 0.03, edges: false });
    const rows = comparisonRows([none, lonely]).filter((r) => r.group === 'per hop');
    expect(rows).toHaveLength(4);
    for (const r of rows) {
      expect(Number.isNaN(r.values[1])).toBe(true);
      expect(Number.isNaN(r.deltas[1])).toBe(true);
      expect(formatValue(r.unit, r.values[1] as number)).toBe('–');
    }
  });

  it('leave out edges no run sent a request on', () => {
    const idle = fakeResults('ambient', { p50: 0.01, p99: 0.03 });
    idle.edges.push({ ...idle.edges[0]!, from: 'waypoint', to: 'b', requests: 0 });
    expect(edgeKeys([none, idle])).toEqual(['a → b', 'users → a']);
  });
});

describe('comparison formats', () => {
  it.each([
    ['seconds', 0.0123, '12.3 ms', 0.000182, '+0.182 ms'],
    ['seconds', 0.5, '500 ms', -0.0001, '-0.1 ms'],
    ['fraction', 0.9995, '99.950%', -0.001, '-0.100 pp'],
    ['vcpu', 0.593, '0.593 vCPU', 0.2, '+0.2 vCPU'],
    ['gib', 0.0559, '0.0559 GiB', 0, '±0 GiB'],
    ['usd', 198.144, '$198.14', 8.886, '+$8.89'],
  ] as const)('%s: %s → %s, delta %s → %s', (unit, v, text, d, dtext) => {
    expect(formatValue(unit, v)).toBe(text);
    expect(formatDelta(unit, d)).toBe(dtext);
  });
});
