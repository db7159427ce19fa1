import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiments/runScenario.js';
import { renderConsoleTable } from '../../src/report/consoleTable.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';
import { formatDuration } from '../../src/scenarios/units.js';

describe('a service that received no requests', () => {
  it('has no availability: `-` in the table and null in the JSON, not 100% (issue 10)', async () => {
    const { results } = await runScenario(loadScenario('test/fixtures/report/idle-service.yaml').scenario, { workers: 1 });
    expect(results.services['spare']?.requests).toBe(0);
    expect(results.services['spare']?.availability).toBeNull();
    expect(JSON.parse(JSON.stringify(results)).services.spare.availability).toBeNull();
    // The service that was called keeps its figure.
    expect(results.services['web']?.availability).toBe(1);
    const row = renderConsoleTable(results).split('\n').find((l) => l.startsWith('spare'));
    expect(row?.split(/\s+/).slice(0, 3)).toEqual(['spare', '0', '-']);
    expect(row).not.toContain('100%');
  });
});

describe('a latency of exactly 0', () => {
  it('is printed as 0, not as `-` (which means no requests to measure), end to end, per service and per edge', async () => {
    const { results } = await runScenario(loadScenario('test/fixtures/report/zero-latency.yaml').scenario, { workers: 1 });
    expect(results.endToEnd.succeeded).toBeGreaterThan(0);
    expect(results.endToEnd.latency.p50).toBe(0);
    expect(results.services['instant']?.latency.p99).toBe(0);
    const text = renderConsoleTable(results);
    const zero = formatDuration(0);
    expect(text).toContain(`p50 ${zero}  p99 ${zero}  p99.9 ${zero}  mean ${zero}`);
    const row = text.split('\n').find((l) => l.startsWith('instant'));
    expect(row?.split(/\s+/).slice(3, 7)).toEqual([zero, zero, zero, zero]);
    const edge = text.split('\n').find((l) => l.startsWith('client → instant'));
    expect(edge?.split(/\s+/).slice(6, 8)).toEqual([zero, zero]);
    expect(text).not.toMatch(/ - /);
  });
});
