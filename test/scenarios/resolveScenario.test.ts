import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatLocated, InputError } from '../../src/scenarios/inputError.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';

const dir = mkdtempSync(join(tmpdir(), 'meshsim-resolve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const head = 'apiVersion: meshsim/v1\nkind: Scenario\nmetadata: {name: t}\n';

function load(body: string) {
  const file = join(dir, `s${n++}.yaml`);
  writeFileSync(file, head + body);
  return { file, ...loadScenario(file) };
}

function errors(body: string): string[] {
  const file = join(dir, `s${n++}.yaml`);
  writeFileSync(file, head + body);
  try {
    loadScenario(file);
  } catch (err) {
    if (err instanceof InputError) return err.messages.map((m) => formatLocated(m).slice(file.length + 1));
    throw err;
  }
  throw new Error('loaded');
}

describe('replica placement', () => {
  it('spreads N replicas over the zones round-robin, per version', () => {
    const { scenario } = load(`zones: [{name: a}, {name: b}, {name: c}]
services:
  - name: s
    replicas: 5
    serviceTime: 1ms
    versions: [{name: v1}, {name: v2, replicas: 2}]
traffic: [{to: s, rate: 1}]
`);
    expect(scenario.services[0]!.versions.map((v) => v.replicaZones)).toEqual([
      ['a', 'b', 'c', 'a', 'b'],
      ['a', 'b'],
    ]);
    expect(scenario.zones.map((z) => z.region)).toEqual(['default', 'default', 'default']);
  });

  it('places a map of zone → count in map order, and allows 0 in a zone', () => {
    const { scenario } = load(`zones: [{name: a}, {name: b}]
services: [{name: s, replicas: {b: 2, a: 0}, serviceTime: 1ms}]
traffic: [{to: s, rate: 1}]
`);
    expect(scenario.services[0]!.versions[0]!.replicaZones).toEqual(['b', 'b']);
  });

  it('allows a version with 0 replicas while another has some, and refuses too many in total', () => {
    const { scenario } = load(`services: [{name: s, serviceTime: 1ms, versions: [{name: v1, replicas: 0}, {name: v2}]}]
traffic: [{to: s, rate: 1}]
`);
    expect(scenario.services[0]!.versions.map((v) => v.replicaZones.length)).toEqual([0, 1]);
    expect(errors(`services: [{name: s, serviceTime: 1ms, replicas: 6000, versions: [{name: v1}, {name: v2}]}]
traffic: [{to: s, rate: 1}]
`)).toEqual(['4:50: services[0].replicas: service "s" has 12000 replicas (expected at most 10000 replicas per service)']);
  });
});

describe('versions inherit the service fields and may override them', () => {
  it('takes each field from the version, else the service, else the default', () => {
    const { scenario } = load(`services:
  - name: s
    concurrency: 4
    errorRate: 0.5
    serviceTime: 1ms
    calls: [{service: t}]
    versions:
      - {name: v1}
      - {name: v2, concurrency: unlimited, queueLimit: 7, serviceTime: 2ms, errorRate: 0, calls: [], cancellation: true}
  - {name: t, serviceTime: 1ms}
traffic: [{to: s, rate: 1}]
`);
    const [v1, v2] = scenario.services[0]!.versions;
    expect(v1).toEqual({ name: 'v1', replicaZones: ['default'], concurrency: 4, queueLimit: Infinity, serviceTime: { dist: 'constant', value: 0.001 }, errorRate: 0.5, calls: [{ kind: 'call', service: 't', count: 1, probability: 1, method: 'GET', path: '/', requestSize: 1024 }], cancellation: false, responseSize: 1024, memory: 0 });
    expect(v2).toEqual({ name: 'v2', replicaZones: ['default'], concurrency: Infinity, queueLimit: 7, serviceTime: { dist: 'constant', value: 0.002 }, errorRate: 0, calls: [], cancellation: true, responseSize: 1024, memory: 0 });
  });

  it('needs serviceTime on the service or on every version, reported where it is missing', () => {
    expect(errors(`services: [{name: s, versions: [{name: v1, serviceTime: 1ms}, {name: v2}]}]
traffic: [{to: s, rate: 1}]
`)).toEqual(['4:63: services[0].versions[1]: missing required field "serviceTime" (expected serviceTime: a duration or distribution, on the service or on each version)']);
  });

  it('refuses duplicate version and zone names', () => {
    expect(errors(`zones: [{name: a}, {name: a}]
services: [{name: s, serviceTime: 1ms, versions: [{name: v}, {name: v}]}]
traffic: [{to: s, rate: 1}]
`)).toEqual([
      '4:27: zones[1].name: duplicate zone name "a" (expected each zone name once)',
      '5:69: services[0].versions[1].name: duplicate version name "v" in service "s" (expected each version name once per service)',
    ]);
  });
});

describe('traffic', () => {
  it('converts rates and starts a late schedule at 0 with rate 0', () => {
    const { scenario } = load(`services: [{name: s, serviceTime: 1ms}]
traffic:
  - {name: a, to: s, rate: "600/m", arrivals: constant}
  - {name: b, to: s, rate: [{at: 10s, rate: 5}, {at: 1m, rate: "7"}]}
`);
    expect(scenario.traffic.map((t) => [t.name, t.rate, t.arrivals])).toEqual([
      ['a', [{ at: 0, rate: 10 }], 'constant'],
      ['b', [{ at: 0, rate: 0 }, { at: 10, rate: 5 }, { at: 60, rate: 7 }], 'poisson'],
    ]);
  });

  it('refuses header names that differ only in case, and warns when a source is named like a service', () => {
    expect(errors(`services: [{name: s, serviceTime: 1ms}]
traffic: [{to: s, rate: 1, headers: {X-User: a, x-user: b}}]
`)).toEqual(['5:57: traffic[0].headers.x-user: header "x-user" is given twice (header names are case-insensitive) (expected each header once)']);
    const { warnings } = load(`services: [{name: s, serviceTime: 1ms}]
traffic: [{name: s, to: s, rate: 1}]
`);
    expect(warnings.map(formatLocated).map((w) => w.replace(/^.*?yaml:/, ''))).toEqual([
      '5:18: warning: traffic[0].name: traffic source "s" has the name of a service; its edges in the results will be hard to tell apart (expected a caller name that is not a service name) [MSH0010]',
    ]);
  });
});

describe('call cycles through services whose workers wait', () => {
  it('warns, located at the call that closes the cycle, that a self-call can deadlock a service with one worker', () => {
    const { warnings } = load(`services:
  - {name: s, serviceTime: 0s, concurrency: 1, calls: [{service: s, probability: 0.999}]}
traffic: [{to: s, rate: 1}]
`);
    expect(warnings.map((w) => formatLocated(w).replace(/^.*?yaml:/, ''))).toEqual([
      '5:66: warning: services[0].calls[0].service: call cycle s → s: each request inside it holds a worker of s while it waits, so once 1 request is nested in the cycle s waits on itself for ever (a thread-pool deadlock, which the run simulates: its requests then never finish) (expected concurrency on s well above the depth the cycle reaches, a timeout on the call, or no cycle) [MSH0015]',
    ]);
  });

  it('names the service with the fewest workers on a longer cycle, and says nothing when the workers are unlimited or there is no cycle', () => {
    const two = load(`services:
  - {name: a, serviceTime: 1ms, replicas: 2, concurrency: 8, calls: [{service: b}]}
  - {name: b, serviceTime: 1ms, concurrency: 4, calls: [{service: a, probability: 0.1}]}
traffic: [{to: a, rate: 1}]
`);
    expect(two.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^call cycle a → b → a: .* worker of b .* once 4 requests are nested/)]);
    const unlimited = load(`services:
  - {name: s, serviceTime: 1ms, concurrency: unlimited, calls: [{service: s, probability: 0.5}]}
traffic: [{to: s, rate: 1}]
`);
    expect(unlimited.warnings).toEqual([]);
    expect(loadScenario('scenarios/bookinfo.yaml').warnings).toEqual([]);
  });
});

describe('faults', () => {
  it('warns about a fault that starts after the run', () => {
    const { warnings, scenario } = load(`simulation: {duration: 10s, warmup: 2s}
services: [{name: s, serviceTime: 1ms}]
traffic: [{to: s, rate: 1}]
faults: [{at: 12s, kind: crash, service: s}]
`);
    expect(scenario.faults).toEqual([{ at: 12, for: Infinity, kind: 'crash', service: 's' }]);
    expect(warnings.map((w) => formatLocated(w).replace(/^.*?yaml:/, ''))).toEqual([
      '7:15: warning: faults[0].at: starts at 12s, after the run ends (12s including warm-up); it has no effect [MSH0011]',
    ]);
  });

  it('refuses a version on a service that has none, naming why', () => {
    expect(errors(`services: [{name: s, serviceTime: 1ms}]
traffic: [{to: s, rate: 1}]
faults: [{at: 1s, kind: slowdown, service: s, version: v1, factor: 2}]
`)).toEqual(['6:56: faults[0].version: unknown version "v1" of service "s" (expected no version: service "s" has no versions)']);
  });

  it('counts targeted replicas within the version only', () => {
    expect(errors(`services: [{name: s, serviceTime: 1ms, versions: [{name: v1, replicas: 3}, {name: v2, replicas: 1}]}]
traffic: [{to: s, rate: 1}]
faults: [{at: 1s, kind: crash, service: s, version: v2, replicas: 2}]
`)).toEqual(['6:67: faults[0].replicas: 2 replicas targeted, but only 1 exist (expected at most 1)']);
  });
});
