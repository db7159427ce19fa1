import { describe, expect, it } from 'vitest';
import type { Results } from '../../../src/report/results.js';
import { runReplications } from '../../validation/replications.js';

/**
 * What Istio resources do to calls inside the simulated mesh (issue 4, "Behaviour"):
 * each fixture under test/fixtures/proxy/ runs through `meshsim run … --json -` and the
 * results are checked against what the reference predicts.
 */

const FIXTURES = 'test/fixtures/proxy';
/** Two-sided 99.9% normal quantile. */
const Z999 = 3.29;

async function run(name: string, expectedStderr?: RegExp): Promise<Results> {
  const [r] = await runReplications(`${FIXTURES}/${name}.yaml`, 1, [], expectedStderr);
  return r as Results;
}

function edge(r: Results, from: string, to: string) {
  const e = r.edges.find((x) => x.from === from && x.to === to);
  if (!e) throw new Error(`no edge ${from} → ${to}`);
  return e;
}

function versionRequests(r: Results, service: string, version: string): number {
  return r.services[service]?.versions?.[version]?.requests ?? 0;
}

describe('outlier detection removes a failing replica (consecutive5xxErrors 5, interval 10 s, base 30 s)', async () => {
  const r = await run('outlier-ejection');
  const server = r.services.server;

  it('ejects the bad host 4 times in 330 s: un-ejection on interval ticks after 30·k s (k = 1, 2, 3)', () => {
    // Ejections near c + 1, 41, 111, 211 s (next 341): see the fixture for the arithmetic.
    expect(server?.ejections).toBe(4);
  });

  it('availability recovers: only the 5 failures that trigger each ejection get through', () => {
    // 500s are not in Istio's default retryOn, so every failure reaches the caller. A call still
    // in flight to the host when it is ejected would add one (λ·0.1 ms ≈ 0.2% per ejection).
    expect(r.endToEnd.failed).toBe(5 * 4);
    expect(r.endToEnd.failures['app error']).toBe(20);
    expect(r.endToEnd.availability).toBeGreaterThan(0.99);
    expect(server?.retries).toBe(0);
  });
});

describe('fault-injection aborts and circuit-breaker overflow are not retried', async () => {
  const abort = await run('fault-abort');
  // 20/s into one 100 ms worker: overloaded on purpose, and warned of before the run (MSH0016).
  const overflow = await run('pool-overflow', /^test\/fixtures\/proxy\/pool-overflow\.yaml:16:5: warning: .*ρ = 2\.00.*the excess fails.*\[MSH0016\]\n$/);

  it('aborts (50%, 503, route retrying 5xx ×3): half the calls fail "fault abort" with no attempt and no retry', () => {
    const e = edge(abort, 'client', 'server');
    const aborted = abort.endToEnd.failures['fault abort'] ?? 0;
    expect(abort.endToEnd.failed).toBe(aborted);
    const n = abort.endToEnd.requests;
    expect(Math.abs(aborted / n - 0.5)).toBeLessThanOrEqual(Z999 * Math.sqrt(0.25 / n));
    expect(abort.services.server?.retries).toBe(0);
    // An abort never reaches the router: the other calls make one attempt each, the aborted none.
    expect(e.attempts).toBe(n - aborted);
    expect(abort.services.server?.requests).toBe(n - aborted);
  });

  it('pool overflow (maxConnections 1, http1MaxPendingRequests 1): 503 UO, counted as overflow, never retried', () => {
    const uo = overflow.endToEnd.failures.UO ?? 0;
    expect(uo).toBeGreaterThan(overflow.endToEnd.requests / 3); // offered ρ = 2: most calls overflow
    expect(overflow.endToEnd.failed).toBe(uo);
    expect(overflow.services.server?.overflow).toBe(uo);
    expect(overflow.services.server?.retries).toBe(0);
    expect(edge(overflow, 'client', 'server').attempts).toBe(overflow.endToEnd.requests);
    // Only admitted calls reach the server, and it fails none of them.
    expect(overflow.services.server?.requests).toBe(overflow.endToEnd.requests - uo);
    expect(overflow.services.server?.failed).toBe(0);
  });
});

describe('server-side security', async () => {
  const plaintext = await run('mtls-strict-plaintext');
  // Istio's webhook warns that a DENY rule of HTTP attributes only also denies TCP traffic; meshsim repeats it.
  const deny = await run('authz-deny', /this DENY rule uses only HTTP attributes/);

  it('plaintext (DestinationRule tls DISABLE) to a STRICT PeerAuthentication workload fails every call: UC, nothing reaches the app', () => {
    expect(plaintext.endToEnd.requests).toBeGreaterThan(300);
    expect(plaintext.endToEnd.availability).toBe(0);
    expect(plaintext.endToEnd.failures.UC).toBe(plaintext.endToEnd.requests);
    expect(plaintext.services.server?.requests).toBe(0);
  });

  it('a DENY AuthorizationPolicy on POST answers 403 "RBAC: access denied" to the writer only, without retries', () => {
    const writer = edge(deny, 'writer', 'server');
    const reader = edge(deny, 'reader', 'server');
    expect(writer.failed).toBe(writer.requests);
    expect(writer.failures['RBAC: access denied']).toBe(writer.requests);
    expect(writer.attempts).toBe(writer.requests);
    expect(reader.failed).toBe(0);
    expect(deny.services.server?.failures['RBAC: access denied']).toBe(writer.requests);
  });
});

describe('locality load balancing (the distribute and failover tasks’ DestinationRules)', async () => {
  // The distribute task's outlierDetection keeps the 10% default over 4 hosts: the run warns it can never eject.
  const distribute = await run('locality-distribute', /outlier detection toward helloworld can never eject a host/);
  const failover = await run('locality-failover');
  // The published rule keeps maxEjectionPercent at 10% over 4 hosts: the run warns that it can never eject.
  const noEjection = await run('locality-failover-default-mep', /^meshsim: warning: outlier detection toward helloworld can never eject a host: maxEjectionPercent 10% of \d endpoints rounds down to 0/);

  it('distribute 70/20/10 from region1/zone1: each zone gets its weight, zone3 (not listed) none', () => {
    const n = distribute.endToEnd.requests;
    const shares: Record<string, number> = { zone1: 0.7, zone2: 0.2, zone3: 0, zone4: 0.1 };
    for (const [zone, p] of Object.entries(shares)) {
      const count = versionRequests(distribute, 'helloworld', zone);
      const band = Z999 * Math.sqrt((p * (1 - p)) / n) * n;
      console.log(`distribute ${zone}: ${count} of ${n} vs ${p} (±${band.toFixed(1)})`);
      expect(Math.abs(count - p * n)).toBeLessThanOrEqual(band);
      // Envoy picks the locality with an EDF scheduler (deterministic interleaving), so the
      // split is in fact exact to a request or two, far inside the binomial band.
      expect(Math.abs(count - p * n)).toBeLessThanOrEqual(2);
    }
    // Everything outside zone1 is cross-zone: 30% of attempts.
    const e = edge(distribute, 'sleep', 'helloworld');
    expect(Math.abs(e.crossZone - 0.3)).toBeLessThanOrEqual(Z999 * Math.sqrt(0.21 / n));
  });

  it('failover: zone2 serves until its outage at 20 s, then its hosts are ejected and region2 (zone3) takes over — region3 never', () => {
    const zone2 = versionRequests(failover, 'helloworld', 'zone2');
    const zone3 = versionRequests(failover, 'helloworld', 'zone3');
    // 100/s Poisson for the first 20 s, then ejected (1 min) for the rest of the 60 s run.
    expect(Math.abs(zone2 - 2000)).toBeLessThanOrEqual(Z999 * Math.sqrt(2000));
    expect(zone3).toBe(failover.endToEnd.requests - zone2);
    expect(versionRequests(failover, 'helloworld', 'zone4')).toBe(0);
    expect(failover.services.helloworld?.ejections).toBe(2);
    expect(failover.endToEnd.availability).toBe(1); // connect timeouts are retried into zone3
  });

  it('with the published maxEjectionPercent (Envoy default 10%) no host is ejected and nothing fails over', () => {
    expect(noEjection.services.helloworld?.ejections).toBe(0);
    expect(versionRequests(noEjection, 'helloworld', 'zone3')).toBe(0);
    expect(versionRequests(noEjection, 'helloworld', 'zone2')).toBe(noEjection.endToEnd.requests);
    // Calls caught by the outage wait out 10 s connect timeouts: the mean is seconds, not ms.
    expect(noEjection.endToEnd.latency.mean).toBeGreaterThan(1);
    expect(noEjection.endToEnd.latency.mean).toBeGreaterThan(2 * failover.endToEnd.latency.mean);
  });
});

describe('headers flow from traffic sources through call steps (scenarios/canary-header.yaml)', async () => {
  const r = await runReplications('scenarios/canary-header.yaml', 1).then((x) => x[0] as Results);

  it('checkout v2 gets exactly the testers\' requests (x-canary set at the source, matched one hop down)', () => {
    const testers = edge(r, 'testers', 'frontend').requests;
    expect(testers).toBeGreaterThan(0);
    expect(versionRequests(r, 'checkout', 'v2')).toBe(testers);
    expect(versionRequests(r, 'checkout', 'v1')).toBe(edge(r, 'users', 'frontend').requests);
  });
});
