import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiments/runScenario.js';
import { renderConsoleTable } from '../../src/report/consoleTable.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';

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
