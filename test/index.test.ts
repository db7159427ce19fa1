/**
 * The library's `plan`, `compare`, `meanInterval` and `renderChartSvg` (what the notebooks
 * use): each must give what the matching command gives, byte for byte outside the
 * wall-clock `run` block, and reject bad input with a message naming it.
 */
import { describe, expect, it } from 'vitest';
import { compare, loadScenario, meanInterval, plan, renderChartSvg, type Results } from '../src/index.js';
import { cli } from './cliHarness.js';

const FILE = 'scenarios/bookinfo-dataplanes.yaml';
const SHORT = ['--duration', '3s', '--warmup', '0.5s'];
const scenario = loadScenario(FILE, { duration: 3, warmup: 0.5 });

function withoutRun(r: Results): Omit<Results, 'run'> {
  const { run: _run, ...rest } = r;
  return rest;
}

describe('plan', () => {
  it('resolves to what `meshsim plan --json` writes for the same objectives, load, data planes and seed', async () => {
    const args = { slo: ['p99<35ms', 'availability>=99.9%'], load: 2, dataPlanes: ['sidecar', 'ambient'] as const, seed: 3 };
    const library = await plan(scenario, args);
    const command = await cli('plan', FILE, ...SHORT, '--slo', 'p99<35ms', '--slo', 'availability>=99.9%', '--load', '2x', '--data-planes', 'sidecar,ambient', '--seed', '3', '--workers', '1', '--json', '-');
    expect(command.status).toBe(0);
    expect(library).toEqual(JSON.parse(command.stdout));
    expect(library.feasible).toBe(true);
    expect(Object.keys(library.cost)).toEqual(['sidecar', 'ambient']);
  }, 120_000);

  it('rejects an objective that does not parse, names no service of the scenario, or is missing', async () => {
    await expect(plan(scenario, { slo: 'p99 <' })).rejects.toThrow(/plan: 'p99 <'/);
    await expect(plan(scenario, { slo: 'services.nosuch.p99<10ms' })).rejects.toThrow(/nosuch/);
    await expect(plan(scenario)).rejects.toThrow(/no objective to plan for/);
    await expect(plan(scenario, { slo: 'p99<35ms', load: 0 })).rejects.toThrow(RangeError);
  });

  it('refuses, before simulating, a load whose candidates exceed the event budget, as `meshsim plan` does', async () => {
    // The file's own 125 s per replication: at 1000x, ~1.5e9 events per candidate (budget 5e8).
    const full = loadScenario(FILE);
    const command = await cli('plan', FILE, '--slo', 'p99<35ms', '--load', '1000x');
    expect(command.status).toBe(2);
    expect(command.stderr).toMatch(/about 1\.5e\+9 simulator events/);
    await expect(plan(full, { slo: 'p99<35ms', load: 1000 })).rejects.toThrow(/plan: load 1000: each candidate needs about 1\.5e\+9 simulator events, over the budget of 5\.0e\+8/);
  });
});

describe('compare', () => {
  it('resolves to what `meshsim compare --json` writes, deltas included, outside the wall-clock block', async () => {
    const library = await compare(scenario, { dataPlanes: ['sidecar', 'ambient'], replications: 3, seed: 5 });
    const command = await cli('compare', FILE, ...SHORT, '--replications', '3', '--data-planes', 'sidecar,ambient', '--seed', '5', '--workers', '1', '--json', '-');
    expect(command.status).toBe(0);
    const written = JSON.parse(command.stdout) as typeof library;
    expect(Object.keys(library.dataPlanes)).toEqual(['sidecar', 'ambient']);
    for (const dp of ['sidecar', 'ambient']) expect(withoutRun(library.dataPlanes[dp] as Results)).toEqual(withoutRun(written.dataPlanes[dp] as Results));
    expect(library.deltas).toEqual(written.deltas);
    expect(library.deltas?.['ambient']?.ci95.p99).toHaveLength(2);
  }, 120_000);

  it('rejects an empty list of data planes', async () => {
    await expect(compare(scenario, { dataPlanes: [] })).rejects.toThrow(/no data planes/);
  });
});

describe('meanInterval', () => {
  it('is the Student t interval: 1, 2, 3 → 2 ± t(0.975, 2)·1/√3', () => {
    const i = meanInterval([1, 2, 3]);
    // t(0.975, 2) = 4.302653 (any t table).
    expect(i?.mean).toBe(2);
    expect(i?.halfWidth).toBeCloseTo((4.302653 * 1) / Math.sqrt(3), 5);
    expect(meanInterval([1, 2, 3], 0.9)?.halfWidth).toBeCloseTo((2.919986 * 1) / Math.sqrt(3), 5);
  });

  it('has no interval below two values, and refuses a level outside (0, 1)', () => {
    expect(meanInterval([4])).toBeUndefined();
    expect(() => meanInterval([1, 2], 95)).toThrow(RangeError);
  });
});

describe('renderChartSvg', () => {
  it('renders a Vega-Lite spec to SVG with its marks and labels, the same bytes twice', async () => {
    const spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      data: { values: [{ plane: 'sidecar', usd: 10 }, { plane: 'ambient', usd: 7 }] },
      mark: 'bar',
      encoding: { x: { field: 'plane', type: 'nominal' }, y: { field: 'usd', type: 'quantitative' } },
    } as const;
    const svg = await renderChartSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('ambient');
    expect(svg.match(/role-mark/g)?.length).toBeGreaterThan(0);
    expect(await renderChartSvg(spec)).toBe(svg);
  });
});
