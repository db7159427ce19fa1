import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMesh } from '../../src/models/meshSimulation.js';
import type { Scenario } from '../../src/scenarios/scenario.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';

const dir = mkdtempSync(join(tmpdir(), 'meshsim-mesh-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function load(text: string): Scenario {
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, text);
  return loadScenario(file).scenario;
}

describe('runMesh', () => {
  // The loader refuses '/' in names; a Scenario built in code is not checked, and its
  // components' random streams must still never collide (issue 20: two sources "users"
  // and "users/replica" took the same stream name and ended the run with exit 70).
  it.each(['none', 'sidecar'])('gives components whose names joined by "/" read alike their own streams (%s)', (dataPlane) => {
    const base = load(`apiVersion: meshsim/v1
kind: Scenario
metadata: {name: names}
simulation: {duration: 2s}
dataPlane: ${dataPlane}
services:
  - name: api
    serviceTime: {dist: exponential, mean: 1ms}
    versions: [{name: v9, replicas: 2}, {name: v9-work, replicas: 2}]
traffic:
  - {name: users, to: api, rate: 50}
  - {name: bots, to: api, rate: 50, replicas: 2}
`);
    const [users, bots] = base.traffic;
    const [api] = base.services;
    const [v9, v9work] = api!.versions;
    const scenario: Scenario = {
      ...base,
      traffic: [users!, { ...bots!, name: 'users/replica' }],
      services: [{ ...api!, versions: [v9!, { ...v9work!, name: 'v9/work' }] }],
    };
    const { metrics } = runMesh(scenario, { seed: 1 });
    const versions = metrics.services.get('api')!.versions;
    // Both versions served (each has its own work stream), and both sources sent (200 expected).
    expect(versions.get('v9')!.requests).toBeGreaterThan(50);
    expect(versions.get('v9/work')!.requests).toBeGreaterThan(50);
    expect(metrics.endToEnd.requests).toBeGreaterThan(150);
  });
});
