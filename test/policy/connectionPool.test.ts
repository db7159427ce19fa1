import { describe, expect, it } from 'vitest';
import { compileConnectionPool, ConnectionPoolState, ISTIO_DEFAULT_CONNECTION_POOL } from '../../src/policy/connectionPool.js';
import { Diagnostics } from '../../src/policy/diagnostics.js';

const path = ['spec', 'trafficPolicy', 'connectionPool'];
function compile(raw: unknown) {
  const d = new Diagnostics();
  return { config: compileConnectionPool(raw, path, d), diag: d };
}

describe('compileConnectionPool (§4.3)', () => {
  it('defaults are Istio\'s effectively unlimited 2^32−1, 10 s connect timeout, 1 h idle', () => {
    const { config } = compile(undefined);
    expect(config).toEqual({
      maxConnections: 4294967295,
      maxPendingRequests: 4294967295,
      maxRequests: 4294967295,
      maxRetries: 4294967295,
      connectTimeout: 10,
      maxRequestsPerConnection: undefined,
      idleTimeout: 3600,
      maxConnectionDuration: undefined,
      maxConcurrentStreams: 2147483647,
    });
  });

  it('istio.io circuit-breaking example: 1 connection, 1 pending, 1 request per connection', () => {
    const { config, diag } = compile({ tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 } });
    expect(config).toMatchObject({ maxConnections: 1, maxPendingRequests: 1, maxRequestsPerConnection: 1, maxRequests: 4294967295 });
    expect(diag.items).toEqual([]);
  });

  it('0 means default (Istio cannot express a 0 limit); negatives are errors', () => {
    const { config, diag } = compile({ tcp: { maxConnections: 0 }, http: { maxRetries: -1 } });
    expect(config.maxConnections).toBe(4294967295);
    expect(config.maxRetries).toBe(4294967295);
    expect(diag.items).toHaveLength(1);
    expect(diag.items[0]?.path).toEqual([...path, 'http', 'maxRetries']);
  });

  it('connectTimeout, idle timeouts (http wins over tcp; tcp 0s disables, http 0s is refused as Istio does) and maxConnectionDuration', () => {
    expect(compile({ tcp: { connectTimeout: '30ms' } }).config.connectTimeout).toBe(0.03);
    expect(compile({ tcp: { idleTimeout: '5m' } }).config.idleTimeout).toBe(300);
    expect(compile({ tcp: { idleTimeout: '5m' }, http: { idleTimeout: '10s' } }).config.idleTimeout).toBe(10);
    expect(compile({ tcp: { idleTimeout: '0s' } }).config.idleTimeout).toBeUndefined();
    expect(compile({ http: { idleTimeout: '0s' } }).diag.items.map((d) => d.severity)).toEqual(['error']);
    expect(compile({ tcp: { maxConnectionDuration: '1h' } }).config.maxConnectionDuration).toBe(3600);
  });

  it('warns that tcpKeepalive and h2UpgradePolicy are not modeled, and about unknown fields (ignored, never refusing the resource)', () => {
    const { diag } = compile({ tcp: { tcpKeepalive: { time: '7200s' } }, http: { h2UpgradePolicy: 'UPGRADE', maxRetrys: 3 } });
    expect(diag.items.map((d) => [d.severity, d.path.at(-1)])).toEqual([
      ['warning', 'tcpKeepalive'],
      ['warning', 'maxRetrys'],
      ['warning', 'h2UpgradePolicy'],
    ]);
  });
});

describe('ConnectionPoolState (§4.2)', () => {
  it('pending overflow beyond http1MaxPendingRequests', () => {
    const s = new ConnectionPoolState({ ...ISTIO_DEFAULT_CONNECTION_POOL, maxPendingRequests: 1 });
    expect(s.tryAcquirePending()).toBe('Admitted');
    expect(s.tryAcquirePending()).toBe('PendingOverflow');
    s.releasePending();
    expect(s.tryAcquirePending()).toBe('Admitted');
    expect(s.stats.pendingOverflow).toBe(1);
  });

  it('max_requests overflow when attaching a stream counts as a pending overflow', () => {
    const s = new ConnectionPoolState({ ...ISTIO_DEFAULT_CONNECTION_POOL, maxRequests: 2 });
    expect([s.tryAcquireRequest(), s.tryAcquireRequest(), s.tryAcquireRequest()]).toEqual(['Admitted', 'Admitted', 'MaxRequestsOverflow']);
    expect(s.stats.pendingOverflow).toBe(1);
  });

  it('at max_connections a host with no connection still gets one; others wait', () => {
    const s = new ConnectionPoolState({ ...ISTIO_DEFAULT_CONNECTION_POOL, maxConnections: 1 });
    expect(s.tryAcquireConnection(false)).toBe('Admitted');
    expect(s.tryAcquireConnection(true)).toBe('MaxConnectionsReached');
    expect(s.tryAcquireConnection(false)).toBe('AdmittedOverLimit');
    expect(s.openConnections).toBe(2);
    expect(s.stats.connectionOverflow).toBe(2);
  });

  it('max_retries from DR http.maxRetries; a retry budget replaces it', () => {
    const fixed = new ConnectionPoolState({ ...ISTIO_DEFAULT_CONNECTION_POOL, maxRetries: 1 });
    expect([fixed.tryAcquireRetry(), fixed.tryAcquireRetry()]).toEqual(['Admitted', 'MaxRetriesExceeded']);
    const budget = new ConnectionPoolState({ ...ISTIO_DEFAULT_CONNECTION_POOL, maxRetries: 1 }, { percent: 20, minRetryConcurrency: 3 });
    expect([budget.tryAcquireRetry(), budget.tryAcquireRetry(), budget.tryAcquireRetry(), budget.tryAcquireRetry()]).toEqual([
      'Admitted',
      'Admitted',
      'Admitted',
      'RetryBudgetExhausted',
    ]);
    for (let i = 0; i < 25; i++) budget.tryAcquireRequest();
    expect(budget.maxActiveRetries()).toBe(5);
    expect([budget.tryAcquireRetry(), budget.tryAcquireRetry(), budget.tryAcquireRetry()]).toEqual(['Admitted', 'Admitted', 'RetryBudgetExhausted']);
  });

  it('maxRequestsPerConnection closes the connection after that many requests', () => {
    const s = new ConnectionPoolState({ ...ISTIO_DEFAULT_CONNECTION_POOL, maxRequestsPerConnection: 1 });
    expect(s.connectionExhausted(1)).toBe(true);
    expect(new ConnectionPoolState(ISTIO_DEFAULT_CONNECTION_POOL).connectionExhausted(1e9)).toBe(false);
  });

  it('a release without an acquire throws (caller bug)', () => {
    expect(() => new ConnectionPoolState(ISTIO_DEFAULT_CONNECTION_POOL).releaseRequest()).toThrow();
  });
});
