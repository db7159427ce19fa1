import { localOutcome, upstreamResponse, type AttemptOutcome } from '../../policy/attemptOutcome.js';
import type { Endpoint } from '../../policy/endpoint.js';
import { withSource, type PolicyRequest } from '../../policy/request.js';
import { attemptDeadline, effectivePerTryTimeout } from '../../policy/timeouts.js';
import type { InboundRequest } from '../inboundRequest.js';
import type { Outcome } from '../outcome.js';
import type { Replica } from '../replica.js';
import type { CallRequest } from '../transport.js';
import { policySource } from '../workload.js';
import type { ConnectionWaiter, PooledConnection } from './connectionPool.js';
import type { InboundStep, QueuedAtServer, ServerExchange } from './inboundStep.js';
import type { OutboundCall } from './outboundCall.js';
import type { ProxyContext } from './proxyContext.js';
import type { ProxyPolicy } from './proxyPolicy.js';
import type { UpstreamCluster } from './upstreamCluster.js';
import { openServerSpan } from '../tracing/callSpans.js';
import type { OpenSpan } from '../tracing/tracer.js';
import type { TimeoutLane } from '../../sim/timeoutLane.js';

/**
 * Where an attempt is. One state, not flags: `orphaned` is a connection still being set
 * up for an attempt its caller abandoned (it goes back to the pool when it comes up).
 */
type AttemptState = 'new' | 'queued' | 'connecting' | 'sent' | 'orphaned' | 'done';

/**
 * One attempt of a call to one host, top to bottom:
 *   start → a connection from the caller proxy's pool (idle; new — TCP round trip plus the
 *   mTLS handshake —; or queued for one at maxConnections) → send (the per-try timer starts)
 *   → the network → the server's inbound step (its proxies, authorization, inbound
 *   cluster, app) → the network back → end, with the outcome the call's retry policy
 *   judges. HTTP/1.1: one request per connection at a time; a reset or a timeout closes it.
 * The call may abandon it at any point (per-try or route timeout, cancellation).
 */
export class UpstreamAttempt implements ConnectionWaiter, ServerExchange {
  private state: AttemptState = 'new';
  private conn: PooledConnection | undefined;
  private perTryTimer = -1;
  /** The lane the per-try timer waits in (one per per-try timeout: they are nearly always cancelled). */
  private perTryLane: TimeoutLane | undefined;
  /** A connect that will fail, and how (scheduled as one event). */
  private connectFailure: AttemptOutcome | undefined;
  /** Whether the request went over mTLS (the server learns the caller's principal). */
  private mtls = false;
  /** The server's answer while it crosses the network back. */
  private response: Outcome | undefined;
  readonly server: InboundStep;
  private readonly ctx: ProxyContext;
  /** Zone of the deciding proxy, where the attempt starts and its answer returns. */
  private readonly callerZone: number;

  // ServerExchange: slots the server's inbound step keeps.
  serverHop = 0;
  serverAnswer: Outcome | undefined = undefined;
  serverWait: QueuedAtServer | undefined = undefined;
  serverConnection: PooledConnection | undefined = undefined;
  appRequest: InboundRequest | undefined = undefined;
  serverSpan: OpenSpan | undefined = undefined;

  constructor(
    private readonly call: OutboundCall,
    private readonly cluster: UpstreamCluster,
    readonly host: Endpoint,
    private readonly replica: Replica,
  ) {
    this.ctx = call.ctx;
    this.server = call.ctx.inbound(replica);
    this.callerZone = call.proxy.workload.zone;
  }

  get request(): CallRequest {
    return this.call.request;
  }

  get authorizer(): ProxyPolicy {
    return this.call.proxy.policy;
  }

  /** The request as the server's authorization sees it: the caller's principal only over mTLS. */
  authzRequest(): PolicyRequest {
    return withSource(this.call.policyRequest, policySource(this.call.source, this.mtls));
  }

  /** Takes a connection from the pool: idle (send now), new (connect), or queue for one. */
  start(): void {
    this.cluster.requestStarted(this.host.id);
    const got = this.cluster.connections.acquire(this.host.id);
    if (got === 'overflow') {
      this.end(localOutcome('overflow'), undefined, false);
    } else if (got === 'queue') {
      this.state = 'queued';
      this.cluster.connections.wait(this.host.id, this);
    } else {
      this.onConnectionReady(got);
    }
  }

  isWaiting(): boolean {
    return this.state === 'queued';
  }

  stillWanted(): boolean {
    return this.state === 'sent';
  }

  /** ConnectionWaiter: a connection for this attempt, established (send) or new (connect). */
  onConnectionReady(conn: PooledConnection): void {
    this.conn = conn;
    if (conn.established) this.send();
    else this.connect();
  }

  private connect(): void {
    this.state = 'connecting';
    const ctx = this.ctx;
    const net = ctx.network;
    const rng = this.call.rng;
    const from = this.callerZone;
    const to = this.replica.zone;
    const rtt = net.delay(from, to, rng) + net.delay(to, from, rng);
    if (!net.reachable(from, to)) {
      this.connectFailure = localOutcome('connectTimeout');
      ctx.sim.schedule(this.cluster.connections.limits.config.connectTimeout, connectFailed, this);
      return;
    }
    if (!this.replica.isUp) {
      this.connectFailure = localOutcome('connectFailure');
      ctx.sim.schedule(rtt, connectFailed, this);
      return;
    }
    const tls = this.cluster.connectionOutcome(this.host, this.call.source.namespace, this.call.proxy);
    if (!tls.established) {
      // The server's sidecar closes the connection during the handshake (plaintext to STRICT, …).
      this.connectFailure = localOutcome('connectionTermination', { beforeRequestSent: true });
      ctx.sim.schedule(rtt, connectFailed, this);
      return;
    }
    const mtls = tls.transport === 'mtls';
    (this.conn as PooledConnection).mtls = mtls;
    const handshake = mtls ? ctx.mtlsHandshake.sample(rng) : 0;
    ctx.sim.schedule(rtt + handshake, handshakeDone, this);
  }

  /** The TCP and TLS round trips are done; each end spends its handshake CPU (mTLS only). */
  onHandshake(): void {
    const client = this.call.proxy.workers;
    const server = this.server.handshakeHop;
    if (!(this.conn as PooledConnection).mtls || (client === undefined && server === undefined)) {
      this.onConnected();
      return;
    }
    const atServer = (): void => (server !== undefined ? server.handshake(() => this.onConnected()) : this.onConnected());
    if (client !== undefined) client.handshake(atServer);
    else atServer();
  }

  private onConnected(): void {
    const conn = this.conn as PooledConnection;
    const pool = this.cluster.connections;
    pool.connected(conn, conn.mtls);
    if (this.state === 'orphaned') {
      this.conn = undefined;
      this.state = 'done';
      pool.release(conn, false);
      return;
    }
    this.send();
  }

  onConnectFailed(): void {
    const failure = this.connectFailure as AttemptOutcome;
    const conn = this.conn as PooledConnection;
    this.conn = undefined;
    if (this.state === 'orphaned') this.state = 'done';
    else this.end(failure, undefined, true);
    // Then the streams queued for the host fail with it, in their order: Envoy purges its
    // pending list, where the stream that opened this connection came first. (Retries go
    // through the calendar, so none can queue behind this connect while it is purged.)
    this.cluster.connections.connectFailed(conn, failure);
  }

  /** ConnectionWaiter: a connect to this attempt's host failed while it was queued; the host is blamed, as for its own connect. */
  onPoolFailure(failure: AttemptOutcome): void {
    this.end(failure, undefined, true);
  }

  /** The pool handed this attempt a stream: the per-try timer starts (Envoy onPoolReady), the request leaves. */
  private send(): void {
    this.state = 'sent';
    this.mtls = (this.conn as PooledConnection).mtls;
    const call = this.call;
    const ctx = this.ctx;
    const now = ctx.sim.now;
    const perTry = effectivePerTryTimeout(call.retry?.policy.perTryTimeout, call.routeTimeout);
    // The route timer is the call's; the attempt arms its own only when it would fire first.
    const deadline = attemptDeadline(now, perTry, call.routeDeadlineAt);
    if (deadline !== undefined && deadline.kind === 'perTryTimeout') {
      // The lane fires at now + perTry, which is deadline.at.
      const lane = ctx.sim.timeoutLane(perTry as number);
      this.perTryLane = lane;
      this.perTryTimer = lane.schedule(perTryTimeout, this);
    }
    const from = this.callerZone;
    if (call.measured && from !== this.replica.zone) ctx.crossZoneBytes += call.request.requestSize;
    ctx.sim.schedule(ctx.network.delay(from, this.replica.zone, call.rng), arrive, this);
  }

  /** The request reaches the server's pod (unless a partition swallowed it: then only a timeout ends it). */
  onArrive(): void {
    if (!this.ctx.network.reachable(this.callerZone, this.replica.zone)) return;
    const parent = this.call.attemptSpan;
    if (parent !== undefined) this.serverSpan = openServerSpan(parent, this.replica, this.ctx.network.zoneNames[this.replica.zone] as string);
    this.server.receive(this);
  }

  /** ResponseSink: the app answered the request the inbound step handed it. */
  onResponse(_req: InboundRequest, o: Outcome): void {
    this.server.onAppResponse(this, o);
  }

  /** ServerExchange: the answer leaves the server's pod for the caller. */
  onServerResponse(o: Outcome): void {
    this.serverSpan?.end(o);
    const call = this.call;
    const ctx = this.ctx;
    const to = this.callerZone;
    const bytes = o.cause === 'replicaReset' ? 0 : this.replica.version.spec.responseSize;
    if (call.measured && to !== this.replica.zone) ctx.crossZoneBytes += bytes;
    this.response = o;
    ctx.sim.schedule(ctx.network.delay(this.replica.zone, to, call.rng), responseArrived, this);
  }

  /** The response is back at the deciding proxy (lost if the way back is partitioned). */
  onResponseBack(): void {
    const o = this.response as Outcome;
    this.response = undefined;
    if (this.state !== 'sent') return;
    if (!this.ctx.network.reachable(this.replica.zone, this.callerZone)) return;
    this.clearPerTryTimer();
    const conn = this.conn as PooledConnection;
    this.conn = undefined;
    if (o.cause === 'replicaReset') {
      // The pod died under the request: the connection is gone with it.
      this.cluster.connections.close(conn);
      this.end(localOutcome('connectionTermination'), undefined, true);
      return;
    }
    this.cluster.connections.release(conn, true);
    this.call.responseBytes = this.replica.version.spec.responseSize;
    this.end(upstreamResponse(o.status), o, true);
  }

  onPerTryTimeout(): void {
    this.perTryTimer = -1;
    if (this.state !== 'sent') return;
    this.abandon();
    this.call.attemptEnded(this.host, localOutcome('perTryTimeout'), undefined);
  }

  /** The caller stopped waiting (per-try or route timeout, or its app was cancelled). */
  abandon(): void {
    const state = this.state;
    if (state === 'done' || state === 'orphaned') return;
    this.clearPerTryTimer();
    this.state = state === 'connecting' ? 'orphaned' : 'done';
    this.cluster.requestEnded(this.host.id);
    const pool = this.cluster.connections;
    pool.releaseRequest();
    if (state === 'queued') pool.cancelWait();
    else if (state === 'sent') {
      // Envoy resets the upstream stream; on HTTP/1.1 that closes the connection.
      pool.close(this.conn as PooledConnection);
      this.conn = undefined;
      this.server.abandon(this);
    }
  }

  /**
   * The attempt is over for the caller. `upstream`: the server's answer, when there was
   * one; `reachedHost`: outlier detection may count it.
   */
  private end(outcome: AttemptOutcome, upstream: Outcome | undefined, reachedHost: boolean): void {
    this.state = 'done';
    this.cluster.requestEnded(this.host.id);
    this.cluster.connections.releaseRequest();
    this.call.attemptEnded(reachedHost ? this.host : undefined, outcome, upstream);
  }

  private clearPerTryTimer(): void {
    if (this.perTryTimer >= 0) (this.perTryLane as TimeoutLane).cancel(this.perTryTimer);
    this.perTryTimer = -1;
  }
}

function connectFailed(a: UpstreamAttempt): void {
  a.onConnectFailed();
}

function handshakeDone(a: UpstreamAttempt): void {
  a.onHandshake();
}

function arrive(a: UpstreamAttempt): void {
  a.onArrive();
}

function responseArrived(a: UpstreamAttempt): void {
  a.onResponseBack();
}

function perTryTimeout(a: UpstreamAttempt): void {
  a.onPerTryTimeout();
}
