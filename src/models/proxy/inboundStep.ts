import { localOutcome } from '../../policy/attemptOutcome.js';
import type { AuthzDecision, AuthzWorkload } from '../../policy/authorizationPolicy.js';
import type { ConnectionPoolConfig } from '../../policy/connectionPool.js';
import type { Endpoint } from '../../policy/endpoint.js';
import type { RandomSource } from '../../policy/randomSource.js';
import type { PolicyRequest } from '../../policy/request.js';
import { ISTIO_DEFAULT_INBOUND_RETRY_POLICY } from '../../policy/retryPolicy.js';
import { RetryState } from '../../policy/retryState.js';
import type { Simulator } from '../../sim/simulator.js';
import type { ProxyWorkers } from '../dataPlane/proxyWorkers.js';
import { InboundRequest, type ResponseSink } from '../inboundRequest.js';
import type { MeshActivity } from '../meshActivity.js';
import { failure, outcome, type Outcome } from '../outcome.js';
import type { Replica } from '../replica.js';
import type { CallRequest } from '../transport.js';
import type { WorkloadIdentity } from '../workload.js';
import { ConnectionPool, type ConnectionWaiter, type PooledConnection } from './connectionPool.js';
import type { ProxyPolicy } from './proxyPolicy.js';
import type { OpenSpan } from '../tracing/tracer.js';

/**
 * One request at the server's end, as the inbound step sees it. The client attempt
 * implements it (no object per request): it says what arrived and who may authorize it,
 * keeps the two slots the step fills, and takes the answer.
 */
export interface ServerExchange extends ResponseSink {
  readonly request: CallRequest;
  /** The endpoint the request was sent to (labels and address for authorization). */
  readonly host: Endpoint;
  /** The policy that authorizes it: the L7 proxy on the path (sidecar, waypoint, node Envoy), else the L4 view. */
  readonly authorizer: ProxyPolicy;
  /** The request as authorization sees it: the caller's principal only over mTLS. */
  authzRequest(): PolicyRequest;
  /** The server-side step the request is at. */
  readonly server: InboundStep;
  /** Kept by the inbound step: the proxy pass the request or answer is at, and the answer while it passes them. */
  serverHop: number;
  serverAnswer: Outcome | undefined;
  /** Kept by the inbound step: its place in the inbound queue, its connection to the app, the request at the app. */
  serverWait: QueuedAtServer | undefined;
  serverConnection: PooledConnection | undefined;
  appRequest: InboundRequest | undefined;
  /** The replica's span of the request when it is traced: the proxies' passes and the app's calls hang under it. */
  readonly serverSpan: OpenSpan | undefined;
  /** False once the caller gave up (its proxy reset the stream): nothing more is done for it. */
  stillWanted(): boolean;
  /** The server's answer has passed the server-side proxies and leaves the pod. */
  onServerResponse(o: Outcome): void;
}

/** What the data plane puts at a replica's end. */
export interface InboundConfig {
  /** Proxies a request meets before the app, in order (its sidecar, its node's ztunnel or kernel path); empty without a data plane. */
  readonly hops: readonly ProxyWorkers[];
  /**
   * The sidecar's inbound cluster: Istio applies the DestinationRule's connection pool to
   * it too (cluster_builder.go buildInboundCluster → applyTrafficPolicy, connection pool
   * only), so its limits cap the pod across all callers. Undefined without a sidecar.
   */
  readonly inboundPool: ConnectionPoolConfig | undefined;
  /** The stream the inbound route's retry backoff draws from (sidecar only). */
  readonly retryRandom: RandomSource | undefined;
}

const RESET = failure(503, 'replicaReset');
const INBOUND_OVERFLOW = failure(503, 'inboundOverflow');
/** The one host of an inbound cluster: the local app. */
const APP = 0;

/**
 * The server-side step of one replica (pod), from the request's arrival to the
 * response leaving the pod: the server-side proxies' passes, authorization
 * (AuthorizationPolicy: 403 "RBAC: access denied"), the sidecar's inbound cluster —
 * its circuit breakers and its connections to the app, with the inbound route's
 * default retry policy — the app, and the response back through the proxies.
 * Connections to the app are over loopback: they set up instantly.
 */
export class InboundStep {
  private readonly pool: ConnectionPool | undefined;
  private readonly workload: AuthzWorkload;
  /** config.hops, read from here: every pass reads it, and the config is one more object to find cold. */
  private readonly hops: readonly ProxyWorkers[];

  constructor(
    readonly replica: Replica,
    private readonly config: InboundConfig,
    private readonly sim: Simulator,
    private readonly activity: MeshActivity,
    server: WorkloadIdentity,
  ) {
    this.pool = config.inboundPool === undefined ? undefined : new ConnectionPool(config.inboundPool);
    this.workload = { labels: server.labels, namespace: server.namespace, ip: server.ip };
    this.hops = config.hops;
  }

  /** The first proxy at this end (it spends its share of a new mTLS handshake), if any. */
  get handshakeHop(): ProxyWorkers | undefined {
    return this.hops[0];
  }

  /** The inbound cluster's counters (tests and metrics). */
  get inboundPool(): ConnectionPool | undefined {
    return this.pool;
  }

  /** A request reached the pod. A pod that is down resets it at once (no proxy there to answer). */
  receive(x: ServerExchange): void {
    if (!this.replica.isUp) {
      x.onServerResponse(RESET);
      return;
    }
    const span = x.serverSpan;
    if (span === undefined) {
      x.serverHop = -1;
      this.nextRequestHop(x);
    } else tracedPassThrough(this.hops, 0, x.request.requestSize, span, () => this.authorize(x));
  }

  /** The caller gave up on `x` (its proxy reset the stream): leave the inbound queue, maybe stop the app. */
  abandon(x: ServerExchange): void {
    const wait = x.serverWait;
    if (wait !== undefined) {
      x.serverWait = undefined;
      wait.gone = true;
      const pool = this.pool as ConnectionPool;
      pool.cancelWait();
      pool.releaseRequest();
    }
    const app = x.appRequest;
    if (app !== undefined && this.replica.version.spec.cancellation) this.replica.cancel(app);
  }

  /** The request passes the next proxy on its way in (`x.serverHop` the one it passed), or reaches authorization. */
  private nextRequestHop(x: ServerExchange): void {
    const hop = this.hops[++x.serverHop];
    if (hop === undefined) this.authorize(x);
    else hop.passTo(x.request.requestSize, false, InboundStep.requestHopDone, x);
  }

  private static requestHopDone(x: ServerExchange): void {
    x.server.nextRequestHop(x);
  }

  /** The answer passes the next proxy on its way out, in reverse order (`x.serverHop` the one it passed), then leaves the pod. */
  private nextResponseHop(x: ServerExchange): void {
    const hop = this.hops[--x.serverHop];
    if (hop === undefined) {
      const o = x.serverAnswer as Outcome;
      x.serverAnswer = undefined;
      x.onServerResponse(o);
    } else hop.passTo(this.replica.version.spec.responseSize, true, InboundStep.responseHopDone, x);
  }

  private static responseHopDone(x: ServerExchange): void {
    x.server.nextResponseHop(x);
  }

  private authorize(x: ServerExchange): void {
    // Without a policy for this workload every request is allowed: no request to build.
    const authorizer = x.authorizer;
    if (authorizer.authorizationApplies(this.workload)) {
      const decision = authorizer.authorize(x.authzRequest(), this.workload);
      if (!decision.allowed) {
        const denied = deniedOutcome(decision);
        this.replica.recordRefused(denied, x.request.measured);
        this.respond(x, denied);
        return;
      }
    }
    const pool = this.pool;
    if (pool === undefined) {
      this.toApp(x);
      return;
    }
    if (!pool.admitRequest()) {
      this.overflow(x);
      return;
    }
    const got = pool.acquire(APP);
    if (got === 'overflow') {
      pool.releaseRequest();
      this.overflow(x);
    } else if (got === 'queue') {
      x.serverWait = new QueuedAtServer(this, x);
      pool.wait(APP, x.serverWait);
    } else {
      this.onAppConnection(x, got);
    }
  }

  /** `x` holds a connection to the app (loopback: a new one is up at once). */
  onAppConnection(x: ServerExchange, conn: PooledConnection): void {
    x.serverWait = undefined;
    if (!conn.established) (this.pool as ConnectionPool).connected(conn, false);
    x.serverConnection = conn;
    this.toApp(x);
  }

  /** `x` was queued for a connection to the app and the pool failed it: 503, the app unreachable. */
  onAppConnectionFailed(x: ServerExchange): void {
    x.serverWait = undefined;
    (this.pool as ConnectionPool).releaseRequest();
    this.respond(x, APP_UNREACHABLE);
  }

  private overflow(x: ServerExchange): void {
    this.replica.recordRefused(INBOUND_OVERFLOW, x.request.measured);
    this.respond(x, INBOUND_OVERFLOW);
  }

  private toApp(x: ServerExchange): void {
    if (!this.replica.isUp && this.config.retryRandom !== undefined) {
      // The app went down while its sidecar passed the request: the sidecar's connect to it
      // fails before any byte was sent, which the inbound route retries.
      new InboundRetry(this, x, this.sim, this.config.retryRandom).retryOrAnswer();
      return;
    }
    this.handToApp(x);
  }

  /** The app takes the request (a replica that is down answers 503 "connect failure" at once). */
  handToApp(x: ServerExchange): void {
    const req = x.request;
    const inbound = new InboundRequest(this.sim.now, this.replica, req.headers, req.measured, x);
    inbound.trace = x.serverSpan;
    x.appRequest = inbound;
    this.activity.begin();
    this.replica.accept(inbound);
  }

  /** The app answered `x` (InboundRequest → ServerExchange.onResponse → here). */
  onAppResponse(x: ServerExchange, o: Outcome): void {
    x.appRequest = undefined;
    this.activity.end();
    this.releaseAppConnection(x, o.cause === 'replicaReset');
    this.respond(x, o);
  }

  /** The inbound route gave up on the app: the sidecar answers with what the last connect got (nobody, if the caller left). */
  answerFromSidecar(x: ServerExchange, o: Outcome | undefined): void {
    this.releaseAppConnection(x, true);
    if (o !== undefined) this.respond(x, o);
  }

  private releaseAppConnection(x: ServerExchange, closed: boolean): void {
    const conn = x.serverConnection;
    if (conn === undefined) return;
    x.serverConnection = undefined;
    const pool = this.pool as ConnectionPool;
    if (closed) pool.close(conn);
    else pool.release(conn, true);
    pool.releaseRequest();
  }

  /** The answer passes the server-side proxies in reverse order (a reset skips them: nobody is left to pass). */
  private respond(x: ServerExchange, o: Outcome): void {
    const hops = o.cause === 'replicaReset' ? NO_HOPS : this.hops;
    if (hops.length === 0) x.onServerResponse(o);
    else if (x.serverSpan === undefined) {
      x.serverAnswer = o;
      x.serverHop = hops.length;
      this.nextResponseHop(x);
    }
    else tracedPassThroughReversed(hops, hops.length - 1, this.replica.version.spec.responseSize, x.serverSpan, () => x.onServerResponse(o));
  }
}

const NO_HOPS: readonly ProxyWorkers[] = [];

/** A request queued for a connection to the app at the server's sidecar. */
export class QueuedAtServer implements ConnectionWaiter {
  /** The caller went away while it waited: a freed connection passes it by. */
  gone = false;

  constructor(
    private readonly step: InboundStep,
    private readonly x: ServerExchange,
  ) {}

  isWaiting(): boolean {
    return !this.gone;
  }

  onConnectionReady(conn: PooledConnection): void {
    this.step.onAppConnection(this.x, conn);
  }

  /** The sidecar's connects to its app are on loopback and never fail (connectFailed is not called); were one to, the app is unreachable. */
  onPoolFailure(): void {
    this.step.onAppConnectionFailed(this.x);
  }
}

/**
 * The inbound route's retry loop: the connect to the app failed before the request was
 * sent, so the sidecar retries it after a backoff; when retries run out it answers 503.
 * The policy is Istio's inbound default, as istio/istio configures it at
 * 86c9f01fd735fb01d8192f5bcaf0d424afb7f14c (2026-08-22):
 * pilot/pkg/networking/core/route/route.go `BuildDefaultHTTPInboundRoute` puts
 * `retry.ConvertInboundPolicy(mesh.defaultInboundHttpRetryPolicy)` on every inbound HTTP
 * route but gRPC ports, and pilot/pkg/networking/core/route/retry/retry.go
 * `ConvertInboundPolicy(nil)` is 2 retries on "reset-before-request" with no host
 * predicate, no retry priority and no per-try timeout (one local host; Envoy's default
 * 25 ms backoff) — ISTIO_DEFAULT_INBOUND_RETRY_POLICY. MeshConfig's
 * `defaultInboundHttpRetryPolicy`, which tunes or disables it mesh-wide, is not modelled.
 */
class InboundRetry {
  private readonly retry: RetryState;

  constructor(
    private readonly step: InboundStep,
    private readonly x: ServerExchange,
    private readonly sim: Simulator,
    random: RandomSource,
  ) {
    this.retry = new RetryState(ISTIO_DEFAULT_INBOUND_RETRY_POLICY, UNLIMITED_RETRIES, random, { previousHostsPredicate: false });
  }

  retryOrAnswer(): void {
    const decision = this.retry.shouldRetry(APP_CONNECT_FAILED, this.sim.now);
    if (decision.retry) this.sim.scheduleAt(decision.at, retryAppConnect, this);
    else this.step.answerFromSidecar(this.x, APP_UNREACHABLE);
  }

  again(): void {
    // The caller reset the stream: Envoy's router drops the retry with it.
    if (!this.x.stillWanted()) {
      this.step.answerFromSidecar(this.x, undefined);
      return;
    }
    if (this.step.replica.isUp) {
      this.retry.finish();
      this.step.handToApp(this.x);
    } else {
      this.retryOrAnswer();
    }
  }
}

function retryAppConnect(r: InboundRetry): void {
  r.again();
}

/** What the sidecar's router sees when the app's port refuses: a connect failure, nothing sent. */
const APP_CONNECT_FAILED = localOutcome('connectFailure');
/** The sidecar's answer once its retries ran out: 503, the app unreachable (UF,URX in its own log). */
const APP_UNREACHABLE = failure(503, 'replicaUnreachable');
/** The inbound cluster's retry slots: Istio's default max_retries, effectively unlimited. */
const UNLIMITED_RETRIES = { tryAcquireRetry: () => 'Admitted' as const, releaseRetry: () => {} };

/** 403 with the decision that denied it (the deciding policy, or none when no ALLOW matched). */
function deniedOutcome(d: AuthzDecision): Outcome {
  return outcome(403, 'rbacDenied', 0, { authz: { reason: d.reason, policy: d.policy } });
}

/** passThrough of a traced request: each pass a span under the replica's. */
function tracedPassThrough(hops: readonly ProxyWorkers[], i: number, bytes: number, span: OpenSpan, then: () => void): void {
  const hop = hops[i];
  if (hop === undefined) then();
  else hop.passTraced(bytes, false, span, 'inbound request', () => tracedPassThrough(hops, i + 1, bytes, span, then));
}

/** passThroughReversed of a traced request. */
function tracedPassThroughReversed(hops: readonly ProxyWorkers[], i: number, bytes: number, span: OpenSpan, then: () => void): void {
  const hop = hops[i];
  if (hop === undefined) then();
  else hop.passTraced(bytes, true, span, 'inbound response', () => tracedPassThroughReversed(hops, i - 1, bytes, span, then));
}
