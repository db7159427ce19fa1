import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../../src/scenarios/loadScenario.js';
import type { Scenario } from '../../../src/scenarios/scenario.js';
import { parseSlo, type Slo } from '../../../src/scenarios/slo.js';
import type { PlanRequest } from '../../../src/experiments/planning/planSearch.js';

const dir = mkdtempSync(join(tmpdir(), 'meshsim-plan-'));
let files = 0;

/** Writes `yaml` to a temporary file and loads it. */
export function scenarioFrom(yaml: string): { scenario: Scenario; file: string } {
  const file = join(dir, `scenario-${files++}.yaml`);
  writeFileSync(file, yaml);
  return { scenario: loadScenario(file).scenario, file };
}

/**
 * One service of `replicas` replicas, each an M/M/k queue (exponential service of mean
 * `serviceMs`, concurrency k) behind random routing (dataPlane none): each replica sees
 * a Poisson stream of λ/n, so Erlang C with λ/n per replica is exact. No network delay.
 */
export function mmkScenario(p: { rate: number; serviceMs: number; k: number; replicas?: number; duration?: string }): string {
  return `apiVersion: meshsim/v1
kind: Scenario
metadata: {name: mmk}
simulation: {duration: ${p.duration ?? '60s'}, warmup: 2s, seed: 1}
dataPlane: none
network: {sameZone: 0s}
services:
  - name: server
    replicas: ${p.replicas ?? 1}
    concurrency: ${p.k}
    serviceTime: {dist: exponential, mean: ${p.serviceMs}ms}
traffic:
  - {name: client, to: server, rate: ${p.rate}, arrivals: poisson}
`;
}

export function slos(...texts: string[]): Slo[] {
  return texts.map(parseSlo);
}

/** A plan request with small, fixed settings (one thread: the tests run side by side). */
export function request(scenario: Scenario, objectives: Slo[], extra: Partial<PlanRequest> = {}): PlanRequest {
  return {
    scenario,
    slos: objectives,
    load: 1,
    survive: false,
    maxReplicas: 100,
    maxCandidates: 40,
    seed: 1,
    replications: 4,
    maxReplications: 16,
    workers: 1,
    adaptiveWorkers: false,
    ...extra,
  };
}
