import { describe, expect, it } from 'vitest';
import { localOutcome, type AttemptOutcome } from '../../../src/policy/attemptOutcome.js';
import { ISTIO_DEFAULT_CONNECTION_POOL, type ConnectionPoolConfig } from '../../../src/policy/connectionPool.js';
import { ConnectionPool, type ConnectionWaiter, type PooledConnection } from '../../../src/models/proxy/connectionPool.js';

const HOST = 7;

function pool(limits: Partial<ConnectionPoolConfig>): ConnectionPool {
  return new ConnectionPool({ ...ISTIO_DEFAULT_CONNECTION_POOL, ...limits });
}

/** A stream that records the connection it is handed. */
class Waiter implements ConnectionWaiter {
  got: PooledConnection | undefined;
  waiting = true;
  isWaiting(): boolean {
    return this.waiting;
  }
  onConnectionReady(conn: PooledConnection): void {
    this.got = conn;
    this.waiting = false;
  }
  failed: AttemptOutcome | undefined;
  onPoolFailure(failure: AttemptOutcome): void {
    this.failed = failure;
    this.waiting = false;
  }
}

/** acquire() that must yield a connection. */
function take(p: ConnectionPool, host = HOST): PooledConnection {
  const got = p.acquire(host);
  if (typeof got === 'string') throw new Error(`expected a connection, got ${got}`);
  return got;
}

describe('ConnectionPool: counters and connection lists together', () => {
  it('opens a connection, reuses it once idle, and counts it once', () => {
    const p = pool({});
    const first = take(p);
    expect(first.established).toBe(false);
    p.connected(first, true);
    p.release(first, true);
    expect([p.openConnections(HOST), p.idleConnections(HOST), p.limits.openConnections]).toEqual([1, 1, 1]);
    const again = take(p);
    expect(again).toBe(first);
    expect(again.established && again.mtls).toBe(true);
    expect(again.served).toBe(1);
  });

  it('at maxConnections a stream queues (a pending slot) and is handed the next connection that frees', () => {
    const p = pool({ maxConnections: 1 });
    const busy = take(p);
    p.connected(busy, false);
    expect(p.acquire(HOST)).toBe('queue');
    const w = new Waiter();
    p.wait(HOST, w);
    expect(p.limits.pendingRequests).toBe(1);
    p.release(busy, true);
    expect(w.got).toBe(busy);
    expect(p.limits.pendingRequests).toBe(0);
    expect(p.idleConnections(HOST)).toBe(0);
    expect(p.limits.openConnections).toBe(1);
  });

  it('overflows (503 UO) when the pending queue is full too', () => {
    const p = pool({ maxConnections: 1, maxPendingRequests: 1 });
    p.connected(take(p), false);
    expect(p.acquire(HOST)).toBe('queue');
    p.wait(HOST, new Waiter());
    expect(p.acquire(HOST)).toBe('overflow');
    expect(p.limits.stats.pendingOverflow).toBe(1);
  });

  it('max_requests refuses a stream before any connection is looked at', () => {
    const p = pool({ maxRequests: 1 });
    expect(p.admitRequest()).toBe(true);
    expect(p.admitRequest()).toBe(false);
    p.releaseRequest();
    expect(p.admitRequest()).toBe(true);
  });

  it('a host with no connection opens one even at the cluster limit (Envoy lets queued streams progress)', () => {
    const p = pool({ maxConnections: 1 });
    p.connected(take(p, 1), false);
    const other = take(p, 2);
    expect(p.limits.openConnections).toBe(2);
    expect(p.limits.stats.connectionOverflow).toBe(1);
    expect(other.host).toBe(2);
  });

  it('a waiter that gave up is passed by; its pending slot was freed when it left', () => {
    const p = pool({ maxConnections: 1 });
    const busy = take(p);
    p.connected(busy, false);
    const gone = new Waiter();
    const next = new Waiter();
    for (const w of [gone, next]) {
      expect(p.acquire(HOST)).toBe('queue');
      p.wait(HOST, w);
    }
    gone.waiting = false;
    p.cancelWait();
    expect(p.limits.pendingRequests).toBe(1);
    p.release(busy, true);
    expect(gone.got).toBeUndefined();
    expect(next.got).toBe(busy);
    expect(p.limits.pendingRequests).toBe(0);
  });

  it('maxRequestsPerConnection closes a connection at the cap, and the waiter gets a new one to set up (no starvation)', () => {
    const p = pool({ maxConnections: 1, maxRequestsPerConnection: 1 });
    const busy = take(p);
    p.connected(busy, false);
    expect(p.acquire(HOST)).toBe('queue');
    const w = new Waiter();
    p.wait(HOST, w);
    p.release(busy, true);
    expect(w.got).toBeDefined();
    expect(w.got).not.toBe(busy);
    expect(w.got?.established).toBe(false);
    expect([p.openConnections(HOST), p.limits.openConnections, p.limits.pendingRequests]).toEqual([1, 1, 0]);
  });

  it('a reset closes the connection; a failed connect frees its slot without replacing it', () => {
    const p = pool({ maxConnections: 2 });
    const a = take(p);
    const b = take(p);
    p.connected(a, false);
    p.close(a);
    p.connectFailed(b, localOutcome('connectFailure'));
    expect([p.openConnections(HOST), p.limits.openConnections]).toEqual([0, 0]);
  });

  it('a failed connect fails every stream queued for its host with the same failure (Envoy purgePendingStreams), not those that left', () => {
    const p = pool({ maxConnections: 1 });
    const connecting = take(p);
    const [first, gone, last] = [new Waiter(), new Waiter(), new Waiter()];
    for (const w of [first, gone, last]) {
      expect(p.acquire(HOST)).toBe('queue');
      p.wait(HOST, w);
    }
    gone.waiting = false;
    p.cancelWait();
    expect(p.limits.pendingRequests).toBe(2);
    const failure = localOutcome('connectTimeout');
    p.connectFailed(connecting, failure);
    expect([first.failed, gone.failed, last.failed]).toEqual([failure, undefined, failure]);
    expect([p.openConnections(HOST), p.queued(HOST), p.limits.openConnections, p.limits.pendingRequests]).toEqual([0, 0, 0, 0]);
    // The next stream opens a connection of its own instead of queueing behind a dead one.
    expect(take(p).established).toBe(false);
  });

  it('a host that went down loses its idle connections, not the busy ones', () => {
    const p = pool({});
    const idle = take(p);
    const busy = take(p);
    p.connected(idle, false);
    p.connected(busy, false);
    p.release(idle, true);
    p.dropIdle(HOST);
    expect([p.openConnections(HOST), p.idleConnections(HOST), p.limits.openConnections]).toEqual([1, 0, 1]);
  });
});

describe('ConnectionPool: hosts by id offset', () => {
  it('reuses the connection released last, for each host on its own', () => {
    const p = new ConnectionPool(ISTIO_DEFAULT_CONNECTION_POOL, undefined, 40, 3);
    const [a, b, c] = [take(p, 40), take(p, 40), take(p, 42)];
    for (const conn of [a, b, c]) p.connected(conn, false);
    p.release(a, true);
    p.release(b, true);
    p.release(c, true);
    expect([p.idleConnections(40), p.idleConnections(41), p.idleConnections(42)]).toEqual([2, 0, 1]);
    expect([take(p, 40), take(p, 40), take(p, 42)]).toEqual([b, a, c]);
    expect(p.idleConnections(40)).toBe(0);
  });

  it('refuses a host below its first one loudly, not with a wrong pool', () => {
    const p = new ConnectionPool(ISTIO_DEFAULT_CONNECTION_POOL, undefined, 40, 3);
    expect(() => p.acquire(39)).toThrow(/below this pool's first host 40/);
  });
});
