import type { AttemptOutcome } from '../../policy/attemptOutcome.js';
import { ConnectionPoolState, type ConnectionPoolConfig } from '../../policy/connectionPool.js';
import type { RetryBudgetConfig } from '../../policy/retryBudget.js';
import { FifoQueue } from '../../sim/fifoQueue.js';

/** One connection a proxy holds to one host (HTTP/1.1: one request at a time). */
export class PooledConnection {
  /** Requests it has carried to the end (maxRequestsPerConnection closes it at the cap). */
  served = 0;
  /** Set up and usable; false while its TCP (and TLS) handshake is under way. */
  established = false;
  /** Secured with mutual TLS, so the server learns the caller's identity (set when established). */
  mtls = false;
  /** The next idle connection to the same host, while this one is idle (HostConnections.idleTop). */
  nextIdle: PooledConnection | undefined = undefined;

  constructor(readonly host: number) {}
}

/** A stream waiting for a connection to its host (Envoy's pending request). */
export interface ConnectionWaiter {
  /** False once it stopped waiting (cancelWait): a freed connection passes it by. */
  isWaiting(): boolean;
  /**
   * It has a connection: an established one to send on, or a new one it must set up
   * (`established` false) and then report with `connected` or `connectFailed`.
   */
  onConnectionReady(conn: PooledConnection): void;
  /** A connection to its host could not be set up: the stream fails with that connect's failure (Envoy purgePendingStreams). */
  onPoolFailure(failure: AttemptOutcome): void;
}

/**
 * acquire(): a connection, or 'queue' (max_connections reached: a pending slot is
 * taken, and the stream must `wait` for a connection), or 'overflow' (max_pending: 503 UO).
 */
export type Acquisition = PooledConnection | 'queue' | 'overflow';

/** One host's connections as one caller proxy holds them. */
class HostConnections {
  /** Open connections: busy, idle or still connecting. */
  open = 0;
  /**
   * The idle connections as a stack linked through PooledConnection.nextIdle, last
   * released on top (Envoy reuses the most recent): no array and elements to find cold.
   */
  idleTop: PooledConnection | undefined = undefined;
  idleCount = 0;
  /** Streams queued for a connection; made when the first one queues (most hosts never see one). */
  waiting: FifoQueue<ConnectionWaiter> | undefined = undefined;
}

/**
 * The connection pool one proxy keeps toward one cluster, after Envoy's per-host
 * HTTP/1.1 pools sharing the cluster's circuit breakers (conn_pool_base.cc
 * newStream / attachStreamToClient / tryCreateNewConnection / onUpstreamReady [E-CP]):
 * the counters (ConnectionPoolState, the policy's ResourceManager) and the per-host
 * connection lists live here together, so they cannot drift apart.
 *
 * A stream's life against the pool:
 *   admitRequest() (max_requests, else 503 UO) → acquire(host):
 *     an idle connection — send on it; a new connection (under max_connections, or the
 *     host's first) — set it up, then connected(); 'queue' (max_connections reached,
 *     a pending slot taken) — wait(), onConnectionReady() later; 'overflow' (max_pending) — 503 UO.
 *   → release(conn, used) when the response is in (the next waiter gets it, or it idles;
 *     at maxRequestsPerConnection it closes), close(conn) on a reset, connectFailed(conn, failure)
 *     when the setup failed (every stream queued for the host fails with it)
 *   → releaseRequest().
 * A closed connection is replaced for the first waiter, as Envoy opens connections for
 * pending streams when one closes, so nobody waits for a connection that will never free.
 */
export class ConnectionPool {
  readonly limits: ConnectionPoolState;
  /**
   * Each host's connections by `host - firstHost`: an array rather than a Map by id,
   * since every attempt looks its host up twice and a large mesh finds each Map cold.
   * Hosts are ids ≥ firstHost; `hostSpan` only presizes the array.
   */
  private readonly hosts: Array<HostConnections | undefined>;

  constructor(
    config: ConnectionPoolConfig,
    retryBudget?: RetryBudgetConfig,
    private readonly firstHost = 0,
    hostSpan = 1,
  ) {
    this.limits = new ConnectionPoolState(config, retryBudget);
    this.hosts = new Array<HostConnections | undefined>(hostSpan).fill(undefined);
  }

  /** max_requests: may one more stream start? (false: 503 UO, never retried.) */
  admitRequest(): boolean {
    return this.limits.tryAcquireRequest() === 'Admitted';
  }

  releaseRequest(): void {
    this.limits.releaseRequest();
  }

  /** A connection to `host` for a new stream (idle, or new to set up), or why there is none. */
  acquire(host: number): Acquisition {
    const h = this.host(host);
    const idle = h.idleTop;
    if (idle !== undefined) {
      h.idleTop = idle.nextIdle;
      idle.nextIdle = undefined;
      h.idleCount--;
      return idle;
    }
    if (this.limits.tryAcquireConnection(h.open > 0) !== 'MaxConnectionsReached') {
      h.open++;
      return new PooledConnection(host);
    }
    return this.limits.tryAcquirePending() === 'Admitted' ? 'queue' : 'overflow';
  }

  /** After acquire() said 'queue': `waiter` is handed the next connection to `host` that frees (or opens). */
  wait(host: number, waiter: ConnectionWaiter): void {
    const h = this.host(host);
    (h.waiting ??= new FifoQueue<ConnectionWaiter>()).push(waiter);
  }

  /** A queued waiter gave up (its attempt timed out or was cancelled): its pending slot frees now. */
  cancelWait(): void {
    this.limits.releasePending();
  }

  /** A new connection finished its handshakes. */
  connected(conn: PooledConnection, mtls: boolean): void {
    conn.established = true;
    conn.mtls = mtls;
  }

  /**
   * The stream on `conn` is over without closing it. `used`: it carried a request to its
   * response (counts toward maxRequestsPerConnection); false for a connection that came
   * up after its stream had gone.
   */
  release(conn: PooledConnection, used: boolean): void {
    if (used) conn.served++;
    if (this.limits.connectionExhausted(conn.served)) {
      this.close(conn);
      return;
    }
    const h = this.host(conn.host);
    if (!this.handOver(h, conn)) {
      conn.nextIdle = h.idleTop;
      h.idleTop = conn;
      h.idleCount++;
    }
  }

  /**
   * A connection that could not be set up is gone, and every stream queued for its host
   * fails with the same failure (conn_pool_base.cc onConnectionEvent → purgePendingStreams
   * [E-CP]: "if we see a connect failure, we purge all pending streams so that calling code
   * can determine what to do with the stream" — retry it, typically). The queue is swapped
   * out first, as Envoy moves it to a temporary list, so a stream that a retry queues
   * while the purge runs waits for the next connection instead of failing with this one.
   */
  connectFailed(conn: PooledConnection, failure: AttemptOutcome): void {
    const h = this.host(conn.host);
    h.open--;
    this.limits.releaseConnection();
    const purged = h.waiting;
    if (purged === undefined || purged.length === 0) return;
    h.waiting = new FifoQueue<ConnectionWaiter>();
    for (let w = purged.shift(); w !== undefined; w = purged.shift()) {
      if (!w.isWaiting()) continue;
      this.limits.releasePending();
      w.onPoolFailure(failure);
    }
  }

  /** An established `conn` closed (a reset, the cap reached): its slot frees, and the first waiter gets a new one. */
  close(conn: PooledConnection): void {
    const h = this.host(conn.host);
    h.open--;
    this.limits.releaseConnection();
    if (h.waiting === undefined || h.waiting.length === 0) return;
    if (this.limits.tryAcquireConnection(h.open > 0) === 'MaxConnectionsReached') return;
    h.open++;
    const fresh = new PooledConnection(conn.host);
    if (!this.handOver(h, fresh)) {
      // Every waiter had gone: nobody needs it.
      h.open--;
      this.limits.releaseConnection();
    }
  }

  /** The host went down: its idle connections are gone (the caller learns on next use in reality; here at once). */
  dropIdle(host: number): void {
    const h = this.hosts[host - this.firstHost];
    if (h === undefined) return;
    for (let i = 0; i < h.idleCount; i++) this.limits.releaseConnection();
    h.open -= h.idleCount;
    for (let c = h.idleTop; c !== undefined; ) {
      const next: PooledConnection | undefined = c.nextIdle;
      c.nextIdle = undefined;
      c = next;
    }
    h.idleTop = undefined;
    h.idleCount = 0;
  }

  /** Open connections to `host` (busy, idle or connecting). */
  openConnections(host: number): number {
    return this.hosts[host - this.firstHost]?.open ?? 0;
  }

  idleConnections(host: number): number {
    return this.hosts[host - this.firstHost]?.idleCount ?? 0;
  }

  /** Streams queued for a connection to `host` (those that gave up included until passed by). */
  queued(host: number): number {
    return this.hosts[host - this.firstHost]?.waiting?.length ?? 0;
  }

  private handOver(h: HostConnections, conn: PooledConnection): boolean {
    const waiting = h.waiting;
    if (waiting === undefined) return false;
    for (;;) {
      const w = waiting.shift();
      if (w === undefined) return false;
      if (!w.isWaiting()) continue;
      this.limits.releasePending();
      w.onConnectionReady(conn);
      return true;
    }
  }

  private host(id: number): HostConnections {
    const i = id - this.firstHost;
    if (i < 0) throw new Error(`host ${id} is below this pool's first host ${this.firstHost}`);
    let h = this.hosts[i];
    if (h === undefined) {
      h = new HostConnections();
      this.hosts[i] = h;
    }
    return h;
  }
}
