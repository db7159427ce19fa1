import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenarios/loadScenario.js';
import type { PlanJson } from '../../src/report/planJson.js';
import { privateBuild, type PrivateBuild } from '../experiments/privateBuild.js';
import { cli } from '../cliHarness.js';
import { main } from '../../src/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'meshsim-plan-cli-'));
const MMK = join(dir, 'mmk.yaml');
writeFileSync(
  MMK,
  `# A single M/M/2 service: the planner's smallest case.
apiVersion: meshsim/v1
kind: Scenario
metadata: {name: mmk}
simulation: {duration: 10s, warmup: 1s, seed: 1}
dataPlane: none
network: {sameZone: 0s}
services:
  - name: server   # the one to plan
    replicas: 1
    concurrency: 2
    serviceTime: {dist: exponential, mean: 10ms}
  - name: idle
    serviceTime: 1ms
traffic:
  - {name: client, to: server, rate: 400}
---
# An Istio resource the planner must keep as written.
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: server}
spec:
  host: server
`,
);

describe('meshsim plan: bad input exits 2 naming it', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['an objective that does not parse', ['--slo', 'p99<fast'], /--slo 'p99<fast'.*'fast' is not a duration/],
    ['an unknown service', ['--slo', 'services.nope.p99<10ms'], /"nope", which the scenario does not have/],
    ['a service no traffic reaches', ['--slo', 'services.idle.p99<10ms'], /can never be judged: no traffic reaches service "idle"/],
    ['a zero load', ['--slo', 'p99<50ms', '--load', '0x'], /--load: '0x' is not a load factor/],
    ['contradictory bounds', ['--slo', 'p50>200ms', '--slo', 'p99<100ms'], /contradicts/],
    ['no objective at all', [], /no objective to plan for/],
    ['--survive on a one-zone scenario', ['--slo', 'p99<50ms', '--survive', 'zone-outage'], /the scenario has one zone/],
    ['an unknown failure to survive', ['--slo', 'p99<50ms', '--survive', 'meteor'], /--survive: 'meteor'/],
    ['a load that would make every candidate take hours', ['--slo', 'p99<50ms', '--load', '1000x', '--duration', '1h'], /--load 1000x: each candidate needs about .* over the budget/],
  ];
  for (const [what, flags, message] of cases) {
    it(what, async () => {
      const out = join(dir, `never-${what.replace(/\W+/g, '-')}.yaml`);
      const r = await cli('plan', MMK, ...flags, '--out', out);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
      expect(existsSync(out)).toBe(false);
    });
  }
});

describe('meshsim plan', () => {
  it('prints the plan table and writes the planned file, comments and Istio documents kept', async () => {
    const out = join(dir, 'planned.yaml');
    const r = await cli('plan', MMK, '--slo', 'p99<65ms', '--load', '1.5x', '--out', out, '--workers', '1');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^mmk — plan for data plane none, load 1.5x, seed 1\n/);
    expect(r.stdout).toMatch(/\nserver\s+1 → \d+\s+\d+\.\d%\s+p99<65ms (violated|undecided)/);
    expect(r.stdout).toMatch(/cost with the plan/);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('# A single M/M/2 service');
    expect(text).toContain('# the one to plan');
    expect(text).toContain('# An Istio resource the planner must keep as written.');
    expect(text).toContain('kind: DestinationRule');
    const planned = loadScenario(out).scenario;
    expect(planned.traffic[0]?.rate[0]?.rate).toBe(600);
    expect(planned.slo.map((s) => s.text)).toEqual(['p99<65ms']);
    expect(planned.istio).toHaveLength(1);
  });

  it('--json is meshsim.plan/v1', async () => {
    const one = await cli('plan', MMK, '--slo', 'p99<65ms', '--json', '-', '--workers', '1');
    expect(one.status).toBe(0);
    const j = JSON.parse(one.stdout) as PlanJson;
    expect(j.schema).toBe('meshsim.plan/v1');
    expect(j.feasible).toBe(true);
    expect(j.services.server?.replicas).toBeGreaterThan(1);
    expect(j.services.idle?.replicas).toBe(1);
    expect(j.binding).toBe('p99<65ms');
    expect(j.simulations).toBeGreaterThan(0);
    expect(Object.keys(j.cost)).toEqual(['none']);
  });

  it('--data-planes plans once per data plane and prices each plan; the first is the headline', async () => {
    const r = await cli('plan', MMK, '--slo', 'p99<65ms', '--data-planes', 'sidecar,none', '--json', '-', '--workers', '1');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as PlanJson;
    expect(j.dataPlane).toBe('sidecar');
    expect(Object.keys(j.dataPlanes)).toEqual(['sidecar', 'none']);
    expect(Object.keys(j.cost)).toEqual(['sidecar', 'none']);
    expect(j.services).toEqual(j.dataPlanes.sidecar?.services);
    // The sidecars cost CPU the plan without a mesh does not pay.
    expect(j.cost.sidecar!.meshVcpu).toBeGreaterThan(0);
    expect(j.cost.none!.meshVcpu).toBe(0);
  });

  it('exits 1 naming the blocking service when nothing can meet the objectives', async () => {
    // 10 ms exponential work: its p99 alone is 46 ms, whatever the replicas.
    const r = await cli('plan', MMK, '--slo', 'p99<30ms', '--max-replicas', '8', '--json', '-', '--workers', '1');
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout) as PlanJson;
    expect(j.feasible).toBe(false);
    expect(j.blocking).toBe('server');
    expect(r.stderr).toMatch(/no plan meets the objectives: .*blocking service: server/);
  });

  it('on a terminal, a progress line names the candidate being simulated (and is cleared)', async () => {
    let stderr = '';
    const status = await main(['plan', MMK, '--slo', 'p99<65ms', '--quiet', '--workers', '1'], { stdout: () => {}, stderr: (s) => void (stderr += s), stderrIsTty: true });
    expect(status).toBe(0);
    expect(stderr.startsWith('\r\x1b[Kmeshsim plan: none: simulation 1: server ')).toBe(true);
    expect(stderr).toMatch(/simulation 1: server \d+, 2 replications…/);
    expect(stderr.endsWith('\r\x1b[K')).toBe(true);
  });

  it('exits 1 when --max-replicas is too few for the load', async () => {
    const r = await cli('plan', MMK, '--slo', 'p99<65ms', '--load', '10x', '--max-replicas', '3', '--workers', '1');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/service "server" needs more than --max-replicas 3 replicas/);
  });
});

describe('meshsim plan --workers (the built CLI, so worker threads really start)', () => {
  let built: PrivateBuild;
  beforeAll(() => {
    built = privateBuild('plan-workers');
  });
  afterAll(() => built.remove());

  it('the plan JSON is byte-identical for 1 and 2 workers', () => {
    const args = ['plan', MMK, '--slo', 'p99<65ms', '--load', '1.2x', '--json', '-'];
    const one = built.runCli([...args, '--workers', '1']);
    const two = built.runCli([...args, '--workers', '2']);
    expect(one.status, one.stderr).toBe(0);
    expect((JSON.parse(one.stdout) as PlanJson).simulations).toBeGreaterThan(1);
    expect(two.stdout).toBe(one.stdout);
  });
});
