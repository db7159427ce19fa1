import { localOutcome, upstreamResponse, type AttemptOutcome } from '../../policy/attemptOutcome.js';
import type { Endpoint } from '../../policy/endpoint.js';
import type { ConnectionOutcome } from '../../policy/mtlsOutcome.js';
import { InboundRequest, type ResponseSink } from '../inboundRequest.js';
import type { Outcome } from '../outcome.js';
import type { Replica } from '../replica.js';
import { policySource } from '../workload.js';
import type { ProxyWorkers } from '../dataPlane/proxyWorkers.js';
import type { OutboundCall } from './outboundCall.js';
import type { HostConnections, UpstreamCluster } from './upstreamCluster.js';

const RBAC_DENIED = 'RBAC: access denied';

type Phase = 'connecting' | 'pending' | 'sent' | 'done';

/**
 * One attempt of a call to one host: a connection from the caller proxy's pool (reused,
 * newly connected — TCP round trip plus the mTLS handshake — or waited for when
 * maxConnections is reached), the request over the network to the server's sidecar
 * (mTLS and AuthorizationPolicy), the app, and the response back. HTTP/1.1 semantics:
 * one request per connection at a time; a reset or a timeout closes the connection.
 */
export class UpstreamAttempt implements ResponseSink {
  private phase: Phase = 'connecting';
  private abandoned = false;
  private holdsConnection = false;
  private perTryTimer = -1;
  /** Requests the held connection served before this one (maxRequestsPerConnection). */
  private served = 0;
  /** The request at the server's app, when the callee stops work on cancellation. */
  private inbound: InboundRequest | undefined;
  private readonly conns: HostConnections;
  private mtls = false;

  constructor(
    private readonly call: OutboundCall,
    private readonly cluster: UpstreamCluster,
    readonly host: Endpoint,
    private readonly replica: Replica,
  ) {
    this.conns = cluster.hostConnections(host.id);
  }

  start(): void {
    this.cluster.requestStarted(this.host.id);
    const conns = this.conns;
    if (conns.idle.length > 0) {
      this.served = conns.idle.pop() as number;
      this.holdsConnection = true;
      this.mtls = this.connectionOutcome().transport === 'mtls';
      this.send();
      return;
    }
    const admission = this.cluster.pool.tryAcquireConnection(conns.open > 0);
    if (admission !== 'MaxConnectionsReached') {
      conns.open++;
      this.holdsConnection = true;
      this.connect();
      return;
    }
    if (this.cluster.pool.tryAcquirePending() !== 'Admitted') {
      this.end(localOutcome('overflow'), '', false);
      return;
    }
    this.phase = 'pending';
    conns.waiting.push((served) => this.onConnectionHandedOver(served));
  }

  /** The caller stopped waiting (per-try or route timeout, or its app was cancelled). */
  abandon(): void {
    if (this.phase === 'done') return;
    this.abandoned = true;
    this.clearPerTryTimer();
    const phase = this.phase;
    this.phase = 'done';
    this.cluster.requestEnded(this.host.id);
    this.cluster.pool.releaseRequest();
    if (phase === 'pending') {
      this.cluster.pool.releasePending();
    } else if (phase === 'sent' && this.holdsConnection) {
      // Envoy resets the upstream stream; on HTTP/1.1 that closes the connection.
      this.closeConnection();
    }
    // A connection still being set up finishes and goes back to the pool (onConnected).
    if (this.inbound && this.replica.version.spec.cancellation) this.replica.cancel(this.inbound);
  }

  private onConnectionHandedOver(served: number): void {
    this.served = served;
    if (this.abandoned) {
      // Released already by abandon(); pass the connection on, unused.
      this.holdsConnection = true;
      this.releaseConnection(false);
      return;
    }
    this.cluster.pool.releasePending();
    this.holdsConnection = true;
    this.mtls = this.connectionOutcome().transport === 'mtls';
    this.send();
  }

  private connect(): void {
    const ctx = this.call.proxy.ctx;
    const net = ctx.network;
    const from = this.call.proxy.workload.zone;
    const to = this.replica.zone;
    const rtt = net.delay(from, to, this.call.rng) + net.delay(to, from, this.call.rng);
    if (!net.reachable(from, to)) {
      ctx.sim.schedule(this.cluster.pool.config.connectTimeout, connectFailed, { attempt: this, outcome: localOutcome('connectTimeout') });
      return;
    }
    if (!this.replica.isUp) {
      ctx.sim.schedule(rtt, connectFailed, { attempt: this, outcome: localOutcome('connectFailure') });
      return;
    }
    const tls = this.connectionOutcome();
    if (!tls.established) {
      // The server's sidecar closes the connection during the handshake (plaintext to STRICT, …).
      ctx.sim.schedule(rtt, connectFailed, { attempt: this, outcome: localOutcome('connectionTermination', { beforeRequestSent: true }) });
      return;
    }
    this.mtls = tls.transport === 'mtls';
    const handshake = this.mtls ? ctx.mtlsHandshake.sample(this.call.rng) : 0;
    ctx.sim.schedule(rtt + handshake, handshakeCpu, this);
  }

  /** How a connection to this host is secured (static config, so the same for every connection: cached per cluster). */
  private connectionOutcome(): ConnectionOutcome {
    return this.cluster.connectionOutcome(this.host, () =>
      this.call.proxy.policy.connectionOutcome({
        clientNamespace: this.call.source.namespace,
        host: this.cluster.service.name,
        ...(this.cluster.subset !== undefined ? { subset: this.cluster.subset } : {}),
        server: { labels: this.host.labels, namespace: this.call.proxy.workload.namespace },
      }),
    );
  }

  /** The TCP and TLS round trips are done; each end spends its handshake CPU (mTLS only). */
  onHandshake(): void {
    const client = this.call.proxy.workers;
    const server = this.call.proxy.ctx.serverSide(this.replica)[0];
    if (!this.mtls || (client === undefined && server === undefined)) {
      this.onConnected();
      return;
    }
    const atServer = (): void => (server !== undefined ? server.handshake(() => this.onConnected()) : this.onConnected());
    if (client !== undefined) client.handshake(atServer);
    else atServer();
  }

  onConnected(): void {
    if (this.abandoned) {
      this.releaseConnection(false);
      return;
    }
    this.send();
  }

  onConnectFailed(outcome: AttemptOutcome): void {
    this.conns.open--;
    this.cluster.pool.releaseConnection();
    this.holdsConnection = false;
    if (this.abandoned) return;
    this.end(outcome, '', true);
  }

  private send(): void {
    this.phase = 'sent';
    const ctx = this.call.proxy.ctx;
    const perTry = this.call.retry?.policy.perTryTimeout;
    // The per-try timer starts when the pool hands the request a stream (Envoy onPoolReady).
    if (perTry !== undefined) this.perTryTimer = ctx.sim.schedule(perTry, perTryTimeout, this);
    const from = this.call.proxy.workload.zone;
    if (this.call.measured && from !== this.replica.zone) ctx.crossZoneBytes += this.call.request.requestSize;
    const there = ctx.network.delay(from, this.replica.zone, this.call.rng);
    ctx.sim.schedule(there, arrive, this);
  }

  /** The request reaches the server's pod. */
  onArrive(): void {
    const ctx = this.call.proxy.ctx;
    const from = this.call.proxy.workload.zone;
    if (!ctx.network.reachable(from, this.replica.zone)) return; // lost in a partition: only a timeout ends it
    if (!this.replica.isUp) {
      this.respond({ status: 503, reason: 'reset' });
      return;
    }
    passThrough(ctx.serverSide(this.replica), 0, this.call.request.requestSize, false, () => this.atServer());
  }

  /** Past the server-side proxies: authorization, then the app. */
  private atServer(): void {
    const ctx = this.call.proxy.ctx;
    const req = this.call.request;
    // AuthorizationPolicy, with the caller's identity when the connection is mTLS.
    const decision = this.call.proxy.policy.authorize(
      { ...this.call.policyRequest, source: policySource(this.call.source, this.mtls) },
      { labels: this.host.labels, namespace: this.call.source.namespace, ip: this.host.address },
    );
    if (!decision.allowed) {
      this.replica.recordDenied(req.measured);
      this.respond({ status: 403, reason: RBAC_DENIED });
      return;
    }
    const inbound = new InboundRequest(ctx.sim.now, this.replica, req.headers, req.measured, this);
    if (this.replica.version.spec.cancellation) this.inbound = inbound;
    ctx.activity.begin();
    this.replica.accept(inbound);
  }

  /** ResponseSink: the app answered the request this attempt delivered. */
  onResponse(_req: InboundRequest, o: Outcome): void {
    this.call.proxy.ctx.activity.end();
    this.respond(o);
  }

  /** The server answered (app, its sidecar, or a reset): through the server-side proxies and back. */
  private respond(o: Outcome): void {
    const ctx = this.call.proxy.ctx;
    const bytes = o.reason === 'reset' ? 0 : this.replica.version.spec.responseSize;
    const back = (): void => {
      const to = this.call.proxy.workload.zone;
      if (this.call.measured && to !== this.replica.zone) ctx.crossZoneBytes += bytes;
      ctx.sim.schedule(ctx.network.delay(this.replica.zone, to, this.call.rng), responseArrived, { attempt: this, outcome: o });
    };
    const hops = o.reason === 'reset' ? [] : ctx.serverSide(this.replica);
    if (hops.length === 0) back();
    else passThroughReversed(hops, hops.length - 1, bytes, back);
  }

  /** The response is back at the deciding proxy. */
  onResponseBack(o: Outcome): void {
    this.inbound = undefined;
    if (this.abandoned || this.phase === 'done') return;
    const ctx = this.call.proxy.ctx;
    if (!ctx.network.reachable(this.replica.zone, this.call.proxy.workload.zone)) return; // lost on the way back
    this.clearPerTryTimer();
    if (o.reason === 'reset') {
      // The pod died under the request: the connection is gone with it.
      this.closeConnection();
      this.end(localOutcome('connectionTermination'), '', true);
      return;
    }
    this.releaseConnection(true);
    this.call.responseBytes = this.replica.version.spec.responseSize;
    this.end(upstreamResponse(o.status), o.reason, true);
  }

  onPerTryTimeout(): void {
    this.perTryTimer = -1;
    if (this.phase !== 'sent') return;
    const call = this.call;
    this.abandon();
    call.attemptEnded(this.host, localOutcome('perTryTimeout'), '');
  }

  /** The attempt is over for the caller. `reachedHost`: outlier detection may count it. */
  private end(outcome: AttemptOutcome, appReason: string, reachedHost: boolean): void {
    this.phase = 'done';
    this.cluster.requestEnded(this.host.id);
    this.cluster.pool.releaseRequest();
    this.call.attemptEnded(reachedHost ? this.host : undefined, outcome, appReason);
  }

  /**
   * Returns the connection to the pool — to the next request waiting for this host, or
   * idle — unless `used` brought it to maxRequestsPerConnection, when Envoy closes it.
   */
  private releaseConnection(used: boolean): void {
    if (!this.holdsConnection) return;
    this.holdsConnection = false;
    const served = this.served + (used ? 1 : 0);
    const limit = this.cluster.pool.config.maxRequestsPerConnection;
    if (limit !== undefined && served >= limit) {
      this.closeConnectionCounted();
      return;
    }
    const next = this.conns.waiting.shift();
    if (next !== undefined) next(served);
    else this.conns.idle.push(served);
  }

  private closeConnection(): void {
    if (!this.holdsConnection) return;
    this.holdsConnection = false;
    this.closeConnectionCounted();
  }

  private closeConnectionCounted(): void {
    this.conns.open--;
    this.cluster.pool.releaseConnection();
  }

  private clearPerTryTimer(): void {
    if (this.perTryTimer >= 0) this.call.proxy.ctx.sim.cancel(this.perTryTimer);
    this.perTryTimer = -1;
  }
}

function connectFailed(e: { attempt: UpstreamAttempt; outcome: AttemptOutcome }): void {
  e.attempt.onConnectFailed(e.outcome);
}

function handshakeCpu(a: UpstreamAttempt): void {
  a.onHandshake();
}

/** The request passes the proxies `hops[i..]` in order. */
function passThrough(hops: readonly ProxyWorkers[], i: number, bytes: number, last: boolean, then: () => void): void {
  const hop = hops[i];
  if (hop === undefined) then();
  else hop.pass(bytes, last, () => passThrough(hops, i + 1, bytes, last, then));
}

/** The response passes `hops[i..0]` in reverse order; each exchange ends there (after-response work follows). */
function passThroughReversed(hops: readonly ProxyWorkers[], i: number, bytes: number, then: () => void): void {
  const hop = hops[i];
  if (hop === undefined) then();
  else hop.pass(bytes, true, () => passThroughReversed(hops, i - 1, bytes, then));
}

function arrive(a: UpstreamAttempt): void {
  a.onArrive();
}

function responseArrived(e: { attempt: UpstreamAttempt; outcome: Outcome }): void {
  e.attempt.onResponseBack(e.outcome);
}

function perTryTimeout(a: UpstreamAttempt): void {
  a.onPerTryTimeout();
}
