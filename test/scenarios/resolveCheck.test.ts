import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProperties } from '../../src/experiments/checkScenario.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';

const chain = join(import.meta.dirname, '..', 'fixtures', 'check', 'three-service-chain.yaml');

function scenarioWith(check: string, extra = ''): string {
  const text = readFileSync(chain, 'utf8').replace(/^check:\n(?: {2}.*\n)+/m, `${extra}check:\n${check}\n`);
  const file = join(mkdtempSync(join(tmpdir(), 'meshsim-check-spec-')), 'scenario.yaml');
  writeFileSync(file, text);
  return file;
}

describe('the check: section', () => {
  it('resolves ranges (a single value is a fixed range), target lists, and defaults', () => {
    const { scenario } = loadScenario(
      scenarioWith(
        [
          '  faults:',
          '    - {kind: slowdown, service: [api, db], factor: {min: 2, max: 20}, at: 5s, for: {min: 0s, max: 2m}}',
          '    - {kind: errors, service: db, replicas: 1, rate: 0.5, at: {min: 1s, max: 3s}}',
          '  load: {min: 0.5x, max: 2x}',
        ].join('\n'),
      ),
    );
    expect(scenario.check).toEqual({
      properties: [],
      faults: [
        { kind: 'slowdown', targets: [{ service: 'api' }, { service: 'db' }], factor: { min: 2, max: 20 }, at: { min: 5, max: 5 }, for: { min: 0, max: 120 } },
        { kind: 'errors', targets: [{ service: 'db' }], replicas: { min: 1, max: 1 }, rate: { min: 0.5, max: 0.5 }, at: { min: 1, max: 3 } },
      ],
      maxFaults: 2,
      load: { min: 0.5, max: 2 },
      runs: 50,
    });
  });

  it('checks its own properties before the scenario\'s slo:, and slo: when it has none', () => {
    const own = loadScenario(scenarioWith("  properties: ['p99 < 1s']", "slo: ['availability >= 90%']\n")).scenario;
    expect(checkProperties(own).map((p) => p.text)).toEqual(['p99 < 1s']);
    const fallback = loadScenario(scenarioWith('  runs: 3', "slo: ['availability >= 90%']\n")).scenario;
    expect(checkProperties(fallback).map((p) => p.text)).toEqual(['availability >= 90%']);
  });

  it('refuses more replicas than the service has, a zone partitioned from itself, and a window after the run', () => {
    expect(() =>
      loadScenario(
        scenarioWith(
          [
            '  faults:',
            '    - {kind: crash, service: db, replicas: {min: 1, max: 2}, at: 1s}',
            '    - {kind: partition, between: [default, default], at: 1s, for: 1s}',
            '    - {kind: crash, service: api, at: {min: 20s, max: 30s}}',
          ].join('\n'),
        ),
      ),
    ).toThrow(
      /check\.faults\[0\]\.replicas: up to 2 replicas targeted, but "db" has only 1[\s\S]*check\.faults\[1\]\.between\[1\]: a zone cannot be partitioned from itself[\s\S]*check\.faults\[2\]\.at: every start in the range is at or after the end of the run/,
    );
  });
});
