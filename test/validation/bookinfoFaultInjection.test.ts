/**
 * Istio's fault-injection task (https://istio.io/latest/docs/tasks/traffic-management/fault-injection/)
 * as scenarios/bookinfo-fault-injection.yaml runs it: ratings is delayed 7 s for jason only.
 * The task's published outcome: jason's page "loads in about 6 seconds" with the reviews
 * unavailable — productpage's own timeout on reviews is "3s + 1 retry for 6s total", and
 * reviews v2's 10 s timeout on ratings is never reached — while nobody else is affected.
 * Without the apps' timeouts jason would wait the whole 7 s and get his page.
 */
import { describe, expect, it } from 'vitest';
import { runMesh } from '../../src/models/meshSimulation.js';
import type { MeshMetrics } from '../../src/models/metrics/meshMetrics.js';
import type { CallSpec, CallStepSpec, Scenario } from '../../src/scenarios/scenario.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';

const FILE = 'scenarios/bookinfo-fault-injection.yaml';
/** 30 s measured: about 30 of jason's requests and 5,400 of everyone else's. */
const scenario = loadScenario(FILE, { duration: 30 }).scenario;

/** The same scenario with every call step's own timeout and retries removed (meshsim before issue 18). */
function withoutAppTimeouts(s: Scenario): Scenario {
  const strip = (c: CallSpec): CallSpec => ({ kind: 'call', service: c.service, count: c.count, probability: c.probability, method: c.method, path: c.path, requestSize: c.requestSize });
  const steps = (calls: ReadonlyArray<CallStepSpec>): CallStepSpec[] => calls.map((c) => (c.kind === 'call' ? strip(c) : { kind: 'parallel', calls: c.calls.map(strip) }));
  return { ...s, services: s.services.map((svc) => ({ ...svc, versions: svc.versions.map((v) => ({ ...v, calls: steps(v.calls) })) })) };
}

/** Mean time to the answer of the requests that failed (s): every answered request's latency, less the successes'. */
function meanFailureTime(m: MeshMetrics): number {
  const e = m.endToEnd;
  const successes = e.requests - e.failed;
  return (e.answeredLatencySum - e.latency.mean * successes) / e.failed;
}

describe('bookinfo fault injection: ratings delayed 7 s for jason', () => {
  const m = runMesh(scenario, { seed: 1 }).metrics;
  const jason = m.edge('jason', 'productpage');
  const users = m.edge('users', 'productpage');

  it('fails every one of jason’s pages, after 3 s + 3 s of productpage waiting on reviews', () => {
    expect(jason.requests).toBeGreaterThan(10);
    expect(jason.failed).toBe(jason.requests);
    // Only jason's requests failed, so the failures' mean time is his.
    expect(m.endToEnd.failed).toBe(jason.requests);
    const t = meanFailureTime(m);
    expect(t).toBeGreaterThanOrEqual(6);
    expect(t).toBeLessThan(6.1); // productpage's own work and the details call add milliseconds
    // Each of jason's pages: two tries at reviews given up on, one retry.
    const toReviews = m.edge('productpage', 'reviews');
    expect(toReviews.appTimeouts).toBe(2 * jason.requests);
    expect(toReviews.appRetries).toBe(jason.requests);
  });

  it('leaves reviews v2 doing the abandoned work: its 7 s ratings calls succeed within its 10 s timeout', () => {
    const v2 = m.services.get('reviews')!.versions.get('v2')!;
    expect(v2.requests).toBe(2 * jason.requests);
    expect(v2.failed).toBe(0);
    expect(v2.latency.mean).toBeGreaterThanOrEqual(7);
    expect(m.edge('reviews', 'ratings').appTimeouts).toBe(0);
  });

  it('serves everyone else as usual: reviews v1, no failures, milliseconds', () => {
    expect(users.requests).toBeGreaterThan(4000);
    expect(users.failed).toBe(0);
    expect(users.latency.percentile(99)).toBeLessThan(0.1);
    expect(m.services.get('reviews')!.versions.get('v1')!.requests).toBeGreaterThanOrEqual(users.requests);
  });

  it('without the apps’ own timeouts, serves jason’s page after the whole 7 s instead', () => {
    const before = runMesh(withoutAppTimeouts(scenario), { seed: 1 }).metrics;
    const j = before.edge('jason', 'productpage');
    expect(j.failed).toBe(0);
    expect(j.latency.mean).toBeGreaterThanOrEqual(7);
    expect(j.latency.mean).toBeLessThan(7.1);
    expect(before.edge('productpage', 'reviews').appTimeouts).toBe(0);
    expect(before.edge('users', 'productpage').failed).toBe(0);
  });
});
