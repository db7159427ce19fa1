/**
 * What grows with the file rather than with the simulated traffic is bounded, and each
 * bound is refused with a located message naming it (docs/limits.md): services,
 * replicas in the mesh, caller → callee pairs, faults.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../cliHarness.js';

const dir = mkdtempSync(join(tmpdir(), 'meshsim-size-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'apiVersion: meshsim/v1\nkind: Scenario\nmetadata: {name: size}\nsimulation: {duration: 1s}\n';

async function refused(name: string, text: string): Promise<string[]> {
  const path = join(dir, name);
  writeFileSync(path, text);
  const { status, stderr } = await cli('validate', path);
  expect(status).toBe(2);
  return stderr.replaceAll(path, 'FILE').split('\n').filter((l) => l !== '');
}

const services = (n: number, line: (i: number) => string): string => Array.from({ length: n }, (_, i) => line(i)).join('\n');

describe('size limits', () => {
  it('at most 10,000 services', async () => {
    const text = `${HEADER}services:\n${services(10_001, (i) => `  - {name: s${i}, serviceTime: 1ms}`)}\ntraffic: [{to: s0, rate: 1}]\n`;
    expect(await refused('services.yaml', text)).toEqual(['FILE:10006:5: services[10000]: the scenario has 10,001 services (expected at most 10,000 services)']);
  }, 60_000);

  it('at most 100,000 replicas in the mesh, said where the count goes over', async () => {
    const text = `${HEADER}services:\n${services(10, (i) => `  - {name: s${i}, replicas: 10000, serviceTime: 1ms}`)}\ntraffic: [{to: s0, rate: 1, replicas: 5}]\n`;
    expect(await refused('replicas.yaml', text)).toEqual([
      "FILE:16:39: traffic[0].replicas: the mesh has 100,005 replicas (services' and traffic sources' together), more than meshsim simulates (expected at most 100,000 replicas in the mesh)",
    ]);
  });

  it('20,000 versions of 10,000 replicas each are refused, not placed', async () => {
    const versions = services(20_000, (i) => `      - {name: v${i}, replicas: 10000}`);
    const lines = await refused('versions.yaml', `${HEADER}services:\n  - name: a\n    serviceTime: 1ms\n    versions:\n${versions}\ntraffic: [{to: a, rate: 1}]\n`);
    expect(lines).toEqual([
      'FILE:6:5: services[0].replicas: service "a" has 200000000 replicas (expected at most 10000 replicas per service)',
      "FILE:19:31: services[0].versions[10].replicas: the mesh has 200,000,001 replicas (services' and traffic sources' together), more than meshsim simulates (expected at most 100,000 replicas in the mesh)",
    ]);
  }, 60_000);

  it('at most 1,000 faults', async () => {
    const faults = services(1001, () => "  - {at: 0s, kind: crash, service: a}");
    expect(await refused('faults.yaml', `${HEADER}services: [{name: a, serviceTime: 1ms}]\ntraffic: [{to: a, rate: 1}]\nfaults:\n${faults}\n`)).toEqual([
      'FILE:1008:5: faults[1000]: the scenario has 1,001 faults (expected at most 1,000 faults)',
    ]);
  });

  it('at most 50,000 caller → callee pairs', async () => {
    // 250 services each calling 201 others (with probability 0.001, so the event budget is no issue): 50,250 pairs.
    const text = `${HEADER}services:\n${services(250, (i) => `  - {name: s${i}, serviceTime: 1ms, calls: [${Array.from({ length: 201 }, (_, k) => `{service: s${(i + k + 1) % 250}, probability: 0.001}`).join(', ')}]}`)}\ntraffic: [{to: s0, rate: 1}]\n`;
    const lines = await refused('pairs.yaml', text);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^FILE:254:\d+: services\[248\]\.calls\[152\]\.service: the scenario has 50,251 distinct caller → callee pairs \(expected at most 50,000 \(each keeps its own metrics\)\)$/);
  }, 60_000);

  it('outlier-detection sweeps count in the event budget: a 1 ms interval over 1000 h is refused, not run for hours', async () => {
    const text = `apiVersion: meshsim/v1
kind: Scenario
metadata: {name: sweeps}
simulation: {duration: 1000h}
dataPlane: sidecar
services: [{name: a, serviceTime: 1ms, calls: [{service: b}]}, {name: b, serviceTime: 1ms, replicas: 3}]
traffic: [{to: a, rate: 0.01}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: b}
spec: {host: b, trafficPolicy: {outlierDetection: {interval: 1ms}}, subsets: [{name: v1, labels: {version: v1}}]}
`;
    // One caller replica, two clusters (the service and its subset), 1000 sweeps/s each, over 3.6e6 s.
    expect(await refused('sweeps.yaml', text)).toEqual([
      'FILE:4:24: simulation.duration: this run needs about 7.2e+9 simulator events (mean rate × (warmup + duration) × (calls per request + 1) × 4 × replications, plus 7.2e+9 outlier-detection sweeps (DestinationRule interval)), over the budget of 5.0e+8; raise the budget with --max-events N, or shorten the run (expected at most 5.0e+8 estimated events)',
    ]);
  });
});
