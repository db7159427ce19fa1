/**
 * The pre-run overload check (MSH0016): rates carried through the call graph against
 * replicas × concurrency ÷ mean service time, checked on cases worked by hand.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { offeredLoads, overloadFindings } from '../../src/experiments/offeredLoad.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';

const dir = mkdtempSync(join(tmpdir(), 'meshsim-offered-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scenarioOf(name: string, body: string) {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, `apiVersion: meshsim/v1\nkind: Scenario\nmetadata: {name: ${name}}\nsimulation: {duration: 10s, seed: 1}\n${body}`);
  return loadScenario(path).scenario;
}

const oneWorker = (rate: number) =>
  scenarioOf(`one-${rate}`, `services:\n  - {name: worker, concurrency: 1, serviceTime: 2ms}\ntraffic:\n  - {name: users, to: worker, rate: ${rate}}\n`);

describe('offeredLoads', () => {
  it('1000/s into one 2 ms worker is ρ = 2 (capacity 500/s); 250/s is ρ = 0.5', () => {
    const [over] = offeredLoads(oneWorker(1000));
    expect(over?.rate).toBeCloseTo(1000, 9);
    expect(over?.capacity).toBeCloseTo(500, 9);
    expect(over?.utilization).toBeCloseTo(2, 9);
    expect(offeredLoads(oneWorker(250))[0]?.utilization).toBeCloseTo(0.5, 9);
  });

  it('carries rates through calls (probability × count) and pools every version’s workers', () => {
    const s = scenarioOf(
      'graph',
      `services:
  - name: front
    replicas: 2
    concurrency: 4
    serviceTime: {dist: exponential, mean: 10ms}
    calls:
      - {service: back, count: 3, probability: 0.5}
  - name: back
    concurrency: 2
    versions:
      - {name: v1, replicas: 1, serviceTime: 4ms}
      - {name: v2, replicas: 3, serviceTime: 8ms}
  - name: free
    concurrency: unlimited
    serviceTime: 1s
traffic:
  - {to: front, rate: 100}
  - {name: batch, to: free, rate: 50}
`,
    );
    const byName = Object.fromEntries(offeredLoads(s).map((l) => [l.service, l]));
    // front: 2 × 4 workers / 10 ms = 800/s.
    expect(byName.front?.capacity).toBeCloseTo(800, 6);
    expect(byName.front?.utilization).toBeCloseTo(100 / 800, 9);
    // back: 100 × 0.5 × 3 = 150/s; mean work ¼ × 4 ms + ¾ × 8 ms = 7 ms on 4 × 2 workers.
    expect(byName.back?.rate).toBeCloseTo(150, 6);
    expect(byName.back?.utilization).toBeCloseTo((150 * 0.007) / 8, 9);
    // Unlimited concurrency never saturates.
    expect(byName.free?.capacity).toBe(Number.POSITIVE_INFINITY);
    expect(byName.free?.utilization).toBe(0);
  });
});

describe('overloadFindings', () => {
  it('warns (MSH0016) at the overloaded service, naming ρ', () => {
    const findings = overloadFindings(oneWorker(1000));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.path).toEqual(['services', 0]);
    expect(findings[0]?.type.code).toBe('MSH0016');
    expect(findings[0]?.message).toContain('service worker is offered 1000 requests/s but its workers serve at most 500/s');
    expect(findings[0]?.message).toContain('ρ = 2.00');
  });

  it('is silent below capacity', () => {
    expect(overloadFindings(oneWorker(250))).toEqual([]);
  });
});
