import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatLocated, InputError } from '../../src/scenarios/inputError.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';
import { parseSlo } from '../../src/scenarios/slo.js';
import { servicesReachedByTraffic, sloTargetProblems } from '../../src/scenarios/sloTargets.js';

const dir = mkdtempSync(join(tmpdir(), 'meshsim-slo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const body = `apiVersion: meshsim/v1
kind: Scenario
metadata: {name: t}
services:
  - {name: front, serviceTime: 1ms, calls: [{service: mid}, {service: rare, probability: 0.01}, {service: never, probability: 0}]}
  - {name: mid, serviceTime: 1ms}
  - {name: rare, serviceTime: 1ms}
  - {name: never, serviceTime: 1ms}
  - {name: orphan, serviceTime: 1ms}
traffic: [{to: front, rate: 10}]
`;

function write(text: string): string {
  const file = join(dir, `s${n++}.yaml`);
  writeFileSync(file, text);
  return file;
}

function errors(text: string): string[] {
  const file = write(text);
  try {
    loadScenario(file);
  } catch (err) {
    if (err instanceof InputError) return err.messages.map((m) => formatLocated(m).slice(file.length + 1));
    throw err;
  }
  throw new Error('loaded');
}

describe('objectives against a scenario', () => {
  const { scenario } = loadScenario(write(body));

  it('knows which services traffic reaches (calls with probability 0 do not count)', () => {
    expect([...servicesReachedByTraffic(scenario)].sort()).toEqual(['front', 'mid', 'rare']);
  });

  it('refuses an unknown service and one no traffic reaches', () => {
    const problems = sloTargetProblems(['services.mid.p99<1s', 'services.nope.p99<1s', 'services.orphan.availability>=99%', 'p99<1s'].map(parseSlo), scenario);
    expect(problems.map((p) => [p.index, p.message])).toEqual([
      [1, `'services.nope.p99<1s' names service "nope", which the scenario does not have`],
      [2, `'services.orphan.availability>=99%' can never be judged: no traffic reaches service "orphan"`],
    ]);
    expect(problems[0]?.expected).toBe('one of: front, mid, rare, never, orphan');
  });

  it('reads `slo:` from the file, located errors for bad entries', () => {
    const { scenario: withSlo } = loadScenario(write(`${body}slo: ['p99<250ms', 'availability>=99.9%']\n`));
    expect(withSlo.slo.map((s) => [s.metric, s.threshold])).toEqual([
      ['p99', 0.25],
      ['availability', 0.999],
    ]);
    // Each entry's syntax is the schema's (so resolution does not run on a file with one)…
    expect(errors(`${body}slo: ['p99<fast', 'p99<1s', 3]\n`)).toEqual([
      "11:7: slo[0]: 'fast' is not a duration (expected a duration with a unit, such as 250ms, 1.5s, 2m (units: us, ms, s, m, h))",
      "11:29: slo[2]: 3 is not an objective (expected an objective such as 'p99<250ms', 'availability>=99.9%', 'services.NAME.p99<100ms' or 'retryAmplification<=1.3')",
    ]);
    // …then targets and contradictions are checked against the resolved scenario.
    expect(errors(`${body}slo: ['services.orphan.p99<1s', 'p99<100ms', 'p99>1s']\n`)).toEqual([
      `11:7: slo[0]: 'services.orphan.p99<1s' can never be judged: no traffic reaches service "orphan" (expected a service that a traffic source calls, directly or through other services)`,
      "11:46: slo[2]: 'p99>1s' contradicts 'p99<100ms': no value meets both (expected bounds that leave room between them)",
    ]);
  });

  it('defaults to no objectives', () => {
    expect(scenario.slo).toEqual([]);
  });
});
