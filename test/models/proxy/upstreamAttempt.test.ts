import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../../src/models/outcome.js';
import { failureText } from '../../../src/report/failureText.js';
import { outcomeKey } from '../../../src/models/outcome.js';
import { destinationRule, proxyBench, virtualService, type Answer, type ProxyBench } from './proxyHarness.js';

/**
 * The client side — OutboundCall and its UpstreamAttempts — driven by a bare Simulator
 * (proxyHarness.ts), not the CLI. The mesh: 1 ms each way, a new connection costs the
 * round trip plus a 2 ms mTLS handshake (4 ms), the app answers in 10 ms. A first call
 * is therefore answered at 4 + 1 + 10 + 1 = 16 ms.
 */
const MS = 0.001;

/** Runs the calls (made by `make` at t = 0) to the end and returns their answers. */
function run(bench: ProxyBench, make: () => Answer[]): Answer[] {
  const answers = make();
  bench.sim.run();
  return answers;
}

const text = (o: Outcome | undefined): string => (o === undefined ? 'none' : o.status < 400 ? 'ok' : failureText(outcomeKey(o)));

describe('UpstreamAttempt: a connection from the pool', () => {
  it('a new connection pays the round trip and the mTLS handshake; the next call to that host reuses it', () => {
    const bench = proxyBench([destinationRule({ loadBalancer: { consistentHash: { httpHeaderName: 'x-user' } } })]);
    const answers: Answer[] = [];
    answers.push(bench.call({ 'x-user': 'a' }));
    bench.sim.schedule(0.1, () => void answers.push(bench.call({ 'x-user': 'a' })), undefined);
    bench.sim.run();
    expect(answers.map((a) => text(a.outcome))).toEqual(['ok', 'ok']);
    expect(answers[0]?.at).toBeCloseTo(16 * MS, 12);
    expect(answers[1]?.at).toBeCloseTo(0.1 + 12 * MS, 12);
  });

  it('hand-over: at maxConnections 1 the second call waits for the first one\'s connection (no second handshake)', () => {
    const bench = proxyBench([destinationRule({ connectionPool: { tcp: { maxConnections: 1 } }, loadBalancer: { consistentHash: { httpHeaderName: 'x-user' } } })]);
    const [a, b] = run(bench, () => [bench.call({ 'x-user': 'a' }), bench.call({ 'x-user': 'a' })]);
    expect(a?.at).toBeCloseTo(16 * MS, 12);
    // Handed the connection at 16 ms: 1 + 10 + 1 ms more, no connect.
    expect(b?.at).toBeCloseTo(28 * MS, 12);
    expect(text(b?.outcome)).toBe('ok');
    const cluster = bench.caller.cluster(bench.server, undefined, { next: () => 0 });
    expect(cluster?.connections.limits.openConnections).toBe(1);
  });

  it('overflow: with the one connection busy and the one pending slot taken, a third call is refused at once (503 UO, not retried)', () => {
    const bench = proxyBench([
      destinationRule({ connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1 } }, loadBalancer: { consistentHash: { httpHeaderName: 'x-user' } } }),
    ]);
    const answers = run(bench, () => [0, 1, 2].map(() => bench.call({ 'x-user': 'a' })));
    expect(answers.map((a) => text(a.outcome))).toEqual(['ok', 'ok', 'UO']);
    expect(answers[2]?.at).toBe(0);
    expect(answers[2]?.outcome?.cause).toBe('overflow');
    expect(answers[2]?.outcome?.detail?.retryRefusal).toBe('OverflowNeverRetried');
    expect(bench.ctx.metrics.service('server').overflow).toBe(1);
  });
});

describe('UpstreamAttempt and OutboundCall: timers', () => {
  it('the per-try timer starts when the pool hands the attempt its stream, not at the pick (Envoy onPoolReady)', () => {
    // Per-try 5 ms, not retried on a timeout: connect 4 ms, then 5 ms → answered at 9 ms.
    const bench = proxyBench([virtualService({ retries: { attempts: 1, perTryTimeout: '5ms', retryOn: 'connect-failure' } })]);
    const [a] = run(bench, () => [bench.call()]);
    expect(a?.at).toBeCloseTo(9 * MS, 12);
    expect(a?.outcome?.cause).toBe('perTryTimeout');
    expect(text(a?.outcome)).toBe('UT');
    expect(a?.outcome?.detail?.retryRefusal).toBe('NoMatchingRetryOn');
  });

  it('per-try timeouts retried until the retries run out: UT,URX after three attempts', () => {
    const bench = proxyBench([virtualService({ retries: { attempts: 2, perTryTimeout: '5ms', retryOn: '5xx' } })]);
    const [a] = run(bench, () => [bench.call()]);
    expect(text(a?.outcome)).toBe('UT,URX');
    expect(a?.outcome?.detail?.retryRefusal).toBe('RetryLimitExceeded');
    expect(bench.ctx.metrics.edge('client', 'server').attempts).toBe(3);
    // Each attempt: a new connection (the last one was reset) 4 ms + 5 ms; backoffs below 25 and 50 ms.
    expect(a?.at).toBeGreaterThanOrEqual(27 * MS);
    expect(a?.at).toBeLessThan((27 + 25 + 50) * MS);
  });

  it('the route timeout bounds the whole call: 504 UT at exactly its deadline, whatever the attempts', () => {
    const bench = proxyBench([virtualService({ timeout: '20ms', retries: { attempts: 5, perTryTimeout: '5ms', retryOn: '5xx' } })]);
    const [a] = run(bench, () => [bench.call()]);
    expect(a?.at).toBeCloseTo(20 * MS, 12);
    expect(a?.outcome?.cause).toBe('routeTimeout');
    expect(text(a?.outcome)).toBe('UT');
  });

  it('a per-try timeout at or above the route timeout is not armed (effectivePerTryTimeout): the route timer answers', () => {
    const bench = proxyBench([virtualService({ timeout: '7ms', retries: { attempts: 2, perTryTimeout: '7ms', retryOn: '5xx' } })]);
    const [a] = run(bench, () => [bench.call()]);
    expect(a?.at).toBeCloseTo(7 * MS, 12);
    expect(a?.outcome?.cause).toBe('routeTimeout');
  });
});

describe('UpstreamAttempt: reset', () => {
  it('the pod dies under the request: the connection goes with it and the call ends 503 UC', () => {
    const bench = proxyBench([destinationRule({ loadBalancer: { consistentHash: { httpHeaderName: 'x-user' } } })]);
    const [a] = run(bench, () => {
      const answer = bench.call({ 'x-user': 'a' });
      // The request reaches the app at 5 ms; both pods go down at 8 ms.
      bench.sim.schedule(8 * MS, () => bench.replicas.forEach((r) => r.goDown()), undefined);
      return [answer];
    });
    expect(a?.at).toBeCloseTo(9 * MS, 12);
    expect(a?.outcome?.cause).toBe('connectionTermination');
    expect(text(a?.outcome)).toBe('UC');
    const cluster = bench.caller.cluster(bench.server, undefined, { next: () => 0 });
    expect(cluster?.connections.limits.openConnections).toBe(0);
  });

  it('a pod that is down refuses the connect: UF, retried twice by Istio\'s default policy (connect-failure)', () => {
    const bench = proxyBench();
    bench.replicas.forEach((r) => r.goDown());
    const [a] = run(bench, () => [bench.call()]);
    expect(a?.outcome?.cause).toBe('connectFailure');
    expect(text(a?.outcome)).toBe('UF,URX');
    expect(bench.ctx.metrics.edge('client', 'server').attempts).toBe(3);
  });
});

describe('UpstreamAttempt: a failed connect and the streams queued behind it', () => {
  it('a connect that fails fails the calls queued behind it too (Envoy purgePendingStreams), at the same instant', () => {
    // maxConnections 1 and both calls on one host: the second queues behind the first one's connect.
    const bench = proxyBench([
      destinationRule({ connectionPool: { tcp: { maxConnections: 1 } }, loadBalancer: { consistentHash: { httpHeaderName: 'x-user' } } }),
      virtualService({ retries: { attempts: 0 } }),
    ]);
    bench.replicas.forEach((r) => r.goDown());
    const answers = run(bench, () => [bench.call({ 'x-user': 'a' }), bench.call({ 'x-user': 'a' })]);
    // The refused connect takes the round trip (2 ms); before, the queued call waited for a connection that never came.
    expect(answers.map((a) => text(a.outcome))).toEqual(['UF', 'UF']);
    expect(answers.map((a) => a.at / MS)).toEqual([2, 2].map((t) => expect.closeTo(t, 9)));
    const cluster = bench.caller.cluster(bench.server, undefined, { next: () => 0 });
    expect([cluster?.connections.limits.openConnections, cluster?.connections.limits.pendingRequests]).toEqual([0, 0]);
  });
});
