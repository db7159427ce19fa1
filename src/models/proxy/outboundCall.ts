import { faultAbort, localOutcome, upstreamResponse, type AttemptOutcome } from '../../policy/attemptOutcome.js';
import type { Endpoint } from '../../policy/endpoint.js';
import type { PickContext } from '../../policy/loadBalancing/loadBalancer.js';
import type { RandomSource } from '../../policy/randomSource.js';
import type { PolicyRequest } from '../../policy/request.js';
import { effectiveRetryHostPredicate, NO_RETRY_POLICY, type RetryPolicyConfig } from '../../policy/retryPolicy.js';
import type { EjectionResult } from '../../policy/outlierDetector.js';
import { RetryState, type RetryDecision, type RetryStateOptions } from '../../policy/retryState.js';
import type { RouteDestination } from '../../policy/routeDestination.js';
import type { RoutedDecision } from '../../policy/routeTable.js';
import { routeDeadline } from '../../policy/timeouts.js';
import type { EdgeMetrics, ServiceMetrics } from '../metrics/meshMetrics.js';
import { isSuccess, outcome, responseFlagBits, type Cause, type Outcome } from '../outcome.js';
import type { ServiceRuntime } from '../serviceRuntime.js';
import type { CallHandle, CallRequest, CallSink } from '../transport.js';
import { policySource, type WorkloadIdentity } from '../workload.js';
import { UpstreamAttempt } from './upstreamAttempt.js';
import { CONNECTION_COMPONENT } from '../tracing/callSpans.js';
import { SPAN_KIND } from '../tracing/traceData.js';
import type { OpenSpan } from '../tracing/tracer.js';
import type { ProxyContext } from './proxyContext.js';
import type { TimeoutLane } from '../../sim/timeoutLane.js';
import type { CallTarget, SidecarProxy } from './sidecarProxy.js';
import type { UpstreamCluster } from './upstreamCluster.js';

/**
 * One call through the caller's sidecar, from the app handing it over to the app
 * getting the answer: route (VirtualService), fault filter, route timeout, then the
 * router's attempt loop — pick, circuit breakers, connect, send, per-try timeout,
 * outlier detection, retry with backoff (docs/semantics/envoy-istio.md §9).
 * Every decision is the policy engine's; this object only keeps time and state.
 */
export class OutboundCall implements CallHandle {
  /** The run's engine and mesh, as the proxy sees them. */
  readonly ctx: ProxyContext;
  readonly start: number;
  readonly rng: RandomSource;
  readonly policyRequest: PolicyRequest;
  readonly edge: EdgeMetrics;
  private readonly serviceMetrics: ServiceMetrics;
  /** What the proxy keeps for this call's target: its stream, route memo and last cluster. */
  private readonly callTarget: CallTarget;
  private decision: RoutedDecision | undefined;
  cluster: UpstreamCluster | undefined;
  retry: RetryState | undefined;
  private current: UpstreamAttempt | undefined;
  private routeTimer = -1;
  /** The lane the route timer waits in (all route timers of one timeout share one: they are nearly always cancelled). */
  private routeLane: TimeoutLane | undefined;
  /** The route timeout (seconds) and when it fires (absolute), once armed; attempts bound their per-try timers by it. */
  routeTimeout: number | undefined;
  routeDeadlineAt: number | undefined;
  private backoffTimer = -1;
  /** What outlier detection decided after the last attempt, if anything (the final outcome's detail). */
  private ejection: EjectionResult | undefined;
  private finished = false;
  /** Mirror (shadow) copies: one attempt, no retries, no timeouts, outcome ignored. */
  private readonly shadow: boolean;

  /** The call's answer while the proxy's response pass runs. */
  private result: Outcome | undefined;
  /** Size of the last response seen (bytes), for the proxy's response pass. */
  responseBytes = 0;
  /** This proxy's span of the call when it is traced (routing, faults, retries, backoff). */
  readonly span: OpenSpan | undefined = undefined;
  /** The current attempt's span, when traced (the server's span hangs under it). */
  attemptSpan: OpenSpan | undefined = undefined;

  constructor(
    readonly proxy: SidecarProxy,
    /** The workload whose app made the call (the proxy's own, or a waypoint's client). */
    readonly source: WorkloadIdentity,
    readonly target: ServiceRuntime,
    readonly request: CallRequest,
    private readonly sink: CallSink,
    shadowOf?: RouteDestination,
  ) {
    const ctx = proxy.ctx;
    this.ctx = ctx;
    this.start = ctx.sim.now;
    const t = proxy.target(target);
    this.callTarget = t;
    this.rng = t.rng;
    this.shadow = shadowOf !== undefined;
    this.policyRequest = {
      host: shadowOf?.host ?? target.name,
      method: request.method,
      path: request.path,
      headers: request.headers,
      source: policySource(source, false),
    };
    this.edge = source === proxy.workload ? t.edge : ctx.metrics.edge(source.name, target.name);
    this.serviceMetrics = t.service;
    const trace = request.trace;
    if (trace !== undefined && shadowOf === undefined) {
      const workers = proxy.workers;
      const kind = workers?.kind ?? 'proxy';
      this.span = trace
        .child(`${kind} outbound ${target.name}`, SPAN_KIND.internal, workers?.name ?? proxy.proxyName, workers?.component ?? proxy.proxyName)
        .set('meshsim.proxy', kind)
        .set('meshsim.zone', ctx.network.zoneNames[proxy.workload.zone] as string);
    }
    ctx.activity.begin();
  }

  get measured(): boolean {
    return this.request.measured;
  }

  /** The proxy takes the request (its request pass), then routes it. */
  begin(): void {
    const workers = this.proxy.workers;
    if (workers === undefined || this.shadow) this.routeRequest();
    else if (this.span === undefined) workers.passTo(this.request.requestSize, false, OutboundCall.routeRequestOf, this);
    else workers.passTraced(this.request.requestSize, false, this.span, 'outbound request', () => this.routeRequest());
  }

  private static routeRequestOf(call: OutboundCall): void {
    call.routeRequest();
  }

  /** Routes the call and starts the first attempt (or answers locally). */
  private routeRequest(): void {
    const ctx = this.ctx;
    if (this.shadow) {
      this.routeTo(undefined, NO_RETRY_POLICY);
      return;
    }
    const d = this.proxy.policy.route(this.policyRequest, this.rng, this.callTarget.routeMemo);
    if (d.kind === 'localReply') {
      if (d.reason === 'NoRouteMatched') this.finish(localOutcome('noRoute'), undefined, undefined);
      else this.finish(upstreamResponse(d.status), undefined, outcome(d.status, 'httpStatus'));
      return;
    }
    this.decision = d;
    for (const m of d.mirrors) this.mirror(m);
    if (d.fault.delaySeconds > 0) ctx.sim.schedule(d.fault.delaySeconds, afterFaultDelay, this);
    else this.afterFaultDelay();
  }

  afterFaultDelay(): void {
    if (this.finished) return;
    const d = this.decision as RoutedDecision;
    if (d.fault.abort) {
      // Aborts never reach the router: no retries, no outlier detection, no circuit breakers (§7.4).
      this.finish(faultAbort(d.fault.abort.httpStatus), undefined, undefined);
      return;
    }
    // The router arms the route timeout once the filter chain hands it the request.
    if (d.timeoutSeconds !== undefined) {
      const sim = this.ctx.sim;
      this.routeTimeout = d.timeoutSeconds;
      this.routeDeadlineAt = routeDeadline(sim.now, d.timeoutSeconds);
      const lane = sim.timeoutLane(d.timeoutSeconds);
      this.routeLane = lane;
      this.routeTimer = lane.schedule(onRouteTimeout, this);
    }
    this.routeTo(d.destination, d.retry);
  }

  private routeTo(destination: RouteDestination | undefined, retryPolicy: RetryPolicyConfig): void {
    const cluster = destination === undefined ? this.proxy.cluster(this.target, undefined, this.rng) : this.clusterFor(destination);
    if (cluster === undefined) {
      // No such cluster (a host outside the mesh, or a subset no DestinationRule defines): Envoy answers 503 NC.
      this.finish(localOutcome('noHealthyUpstream'), undefined, undefined);
      return;
    }
    this.cluster = cluster;
    this.retry = new RetryState(retryPolicy, cluster.connections.limits, this.rng, effectiveRetryHostPredicate(retryPolicy, cluster.hashing) ? PREVIOUS_HOSTS : NOT_PREVIOUS_HOSTS);
    this.startAttempt();
  }

  /**
   * The cluster a routed destination names. Route decisions are shared objects, so the
   * last destination this proxy sent to this target, and its cluster, are kept per
   * target: the common call skips the host-name parse and two map lookups.
   */
  private clusterFor(destination: RouteDestination): UpstreamCluster | undefined {
    const t = this.callTarget;
    if (t.lastDestination === destination) return t.lastCluster;
    const service = this.ctx.services.get(serviceName(destination.host));
    const cluster = service === undefined ? undefined : this.proxy.cluster(service, destination.subset, this.rng);
    if (cluster !== undefined) {
      t.lastDestination = destination;
      t.lastCluster = cluster;
    }
    return cluster;
  }

  /** Starts an attempt: pick a host, pass the circuit breakers, get a connection, send. */
  startAttempt(): void {
    this.backoffTimer = -1;
    if (this.finished) return;
    const cluster = this.cluster as UpstreamCluster;
    cluster.refresh();
    const retry = this.retry as RetryState;
    if (this.span !== undefined) {
      this.attemptSpan = this.span
        .child(`attempt ${cluster.service.name}`, SPAN_KIND.client, this.span.record.service, CONNECTION_COMPONENT)
        .set('meshsim.attempt', retry.retriesUsed + 1);
    }
    const pick = cluster.balancer.pickDetailed(retry.retriesUsed === 0 ? this.firstPick(cluster) : this.retryPick(cluster, retry));
    const host = pick.host;
    if (host === undefined) {
      this.attemptEnded(undefined, localOutcome('noHealthyUpstream'), undefined);
      return;
    }
    retry.onHostAttempted(host.id, pick.priority);
    if (!cluster.connections.admitRequest()) {
      this.attemptEnded(undefined, localOutcome('overflow'), undefined);
      return;
    }
    const replica = cluster.replicaOf[host.id];
    if (replica === undefined) throw new Error(`endpoint ${host.id} has no replica`);
    if (this.measured) {
      this.edge.attempts++;
      if (replica.zone !== this.proxy.workload.zone) this.edge.crossZoneAttempts++;
    }
    if (this.attemptSpan !== undefined) {
      const v = replica.version;
      this.attemptSpan.set('meshsim.replica', `${v.service.name}/${v.name}#${v.replicas.indexOf(replica)}`).set('service.version', v.name).set('meshsim.zone', this.ctx.network.zoneNames[replica.zone] as string);
    }
    this.current = new UpstreamAttempt(this, cluster, host, replica);
    this.current.start();
  }

  /** What the balancer is told for a first attempt (a plain object of one shape: the common call). */
  private firstPick(cluster: UpstreamCluster): PickContext {
    return { hosts: cluster.healthy, activeRequests: cluster.activeRequests, request: this.policyRequest, random: this.rng, now: this.ctx.sim.now, hostAddedAt: ADDED_AT_START };
  }

  /** What the balancer is told for a retry: the hosts and priorities tried so far. */
  private retryPick(cluster: UpstreamCluster, retry: RetryState): PickContext {
    const excluded = retry.excludedPriorities();
    return Object.assign(this.firstPick(cluster), excluded.length > 0 ? { excludedPriorities: new Set(excluded) } : {}, {
      shouldSelectAnotherHost: (h: Endpoint) => retry.shouldSelectAnotherHost(h.id),
      hostSelectionRetryMaxAttempts: retry.policy.hostSelectionRetryMaxAttempts,
    });
  }

  /**
   * An attempt ended with `result` (`host` undefined when none was reached; `upstream`
   * the server's answer, when it gave one). Outlier detection sees it, then the retry
   * policy decides.
   */
  attemptEnded(host: Endpoint | undefined, result: AttemptOutcome, upstream: Outcome | undefined): void {
    this.current = undefined;
    if (this.finished) return;
    if (this.attemptSpan !== undefined) this.endAttemptSpan(result, upstream);
    // Every circuit-breaker overflow counts, whether maxRequests or the pending queue refused it.
    if (result.cause === 'overflow' && this.measured) {
      this.serviceMetrics.overflow++;
      this.ctx.metrics.endToEnd.perSecond.countEvent('overflow', this.ctx.sim.now);
    }
    const cluster = this.cluster as UpstreamCluster;
    this.ejection = host === undefined ? undefined : cluster.reportOutcome(host.id, result);
    const retry = this.retry as RetryState;
    const decision = retry.shouldRetry(result, this.ctx.sim.now);
    if (decision.retry) {
      if (this.measured) {
        this.serviceMetrics.retries++;
        this.ctx.metrics.endToEnd.perSecond.countEvent('retries', this.ctx.sim.now);
      }
      this.backoffTimer = this.ctx.sim.scheduleAt(decision.at, startAttempt, this);
      return;
    }
    this.finish(result, decision, upstream);
  }

  /** The route timeout fired: abandon the attempt or backoff in progress and answer 504 UT. */
  onRouteTimeout(): void {
    this.routeTimer = -1;
    if (this.finished) return;
    const attempt = this.current;
    this.current = undefined;
    if (this.backoffTimer >= 0) this.ctx.sim.cancel(this.backoffTimer);
    const timeout = localOutcome('routeTimeout');
    this.ejection = undefined;
    if (this.attemptSpan !== undefined) this.endAttemptSpan(timeout, undefined);
    if (attempt) {
      attempt.abandon();
      // Envoy reports the in-flight attempt's timeout to outlier detection [E-RT].
      this.ejection = (this.cluster as UpstreamCluster).reportOutcome(attempt.host.id, timeout);
    }
    this.finish(timeout, undefined, undefined);
  }

  /** The calling app went away (it was cancelled): abandon everything, answer nobody. */
  cancel(): void {
    if (this.finished) return;
    const attempt = this.current;
    this.current = undefined;
    if (attempt) attempt.abandon();
    if (this.backoffTimer >= 0) this.ctx.sim.cancel(this.backoffTimer);
    this.finishQuietly();
    if (this.measured) this.edge.record(DOWNSTREAM_GONE, false, this.ctx.sim.now - this.start);
    if (this.span !== undefined) {
      if (this.attemptSpan !== undefined) this.endAttemptSpan(localOutcome('downstreamDisconnect'), undefined);
      this.span.end(DOWNSTREAM_GONE);
    }
  }

  /** The attempt's span ends with what the attempt got (a retry, if any, opens the next). */
  private endAttemptSpan(result: AttemptOutcome, upstream: Outcome | undefined): void {
    const span = this.attemptSpan as OpenSpan;
    this.attemptSpan = undefined;
    const cause: Cause = result.cause === 'upstreamResponse' ? (upstream?.cause ?? 'httpStatus') : result.cause;
    span.end(outcome(result.status, cause, responseFlagBits(result, undefined)));
  }

  /**
   * The call's answer: the last attempt's outcome (`last`), with the retry policy's final
   * `decision` when there was one and the server's answer (`upstream`) when it gave one.
   */
  private finish(last: AttemptOutcome, decision: RetryDecision | undefined, upstream: Outcome | undefined): void {
    this.finishQuietly();
    if (this.shadow) return;
    const result = this.answer(last, decision, upstream);
    // The proxy passes the response back to the app (its response pass; after-response work follows).
    const workers = this.proxy.workers;
    if (workers === undefined) this.deliver(result);
    else if (this.span === undefined) {
      this.result = result;
      workers.passTo(this.responseBytes, true, OutboundCall.deliverResult, this);
    }
    else workers.passTraced(this.responseBytes, true, this.span, 'outbound response', () => this.deliver(result));
  }

  /**
   * One typed outcome: the app's cause when the server answered (a 503 "queue full" stays
   * `queueFull`), the proxy's own otherwise; Envoy's flags; and, for a failure, why — the
   * retry refusal, the authorization decision the server made, the last ejection.
   */
  private answer(last: AttemptOutcome, decision: RetryDecision | undefined, upstream: Outcome | undefined): Outcome {
    const flags = responseFlagBits(last, decision);
    const cause: Cause = last.cause === 'upstreamResponse' ? (upstream?.cause ?? 'httpStatus') : last.cause;
    if (last.status < 400) return upstream !== undefined && flags === 0 ? upstream : outcome(last.status, cause, flags);
    const refusal = decision !== undefined && !decision.retry ? decision.reason : undefined;
    const authz = upstream?.detail?.authz;
    const ejection = this.ejection === 'NotEnforced' ? undefined : this.ejection;
    if (refusal === undefined && authz === undefined && ejection === undefined) return outcome(last.status, cause, flags);
    return outcome(
      last.status,
      cause,
      flags,
      Object.assign({}, refusal !== undefined ? { retryRefusal: refusal } : {}, authz !== undefined ? { authz } : {}, ejection !== undefined ? { ejection } : {}),
    );
  }

  private static deliverResult(call: OutboundCall): void {
    call.deliver(call.result as Outcome);
  }

  private deliver(result: Outcome): void {
    if (this.measured) this.edge.record(result, isSuccess(result), this.ctx.sim.now - this.start);
    if (this.span !== undefined) {
      this.span.set('meshsim.retries', this.retry?.retriesUsed ?? 0);
      this.span.end(result);
    }
    this.sink.callDone(result);
  }

  private finishQuietly(): void {
    this.finished = true;
    if (this.routeTimer >= 0) (this.routeLane as TimeoutLane).cancel(this.routeTimer);
    this.routeTimer = -1;
    this.retry?.finish();
    this.ctx.activity.end();
  }

  /** A mirror copy: the same request to another destination, its response ignored (§7.3). */
  private mirror(destination: RouteDestination): void {
    const service = this.ctx.services.get(serviceName(destination.host));
    if (service === undefined) return;
    if (this.measured) this.ctx.metrics.edge(this.source.name, service.name).mirrored++;
    new OutboundCall(this.proxy, this.source, service, this.request, IGNORED, destination).begin();
  }
}

/** The two retry-state options a call can have, shared rather than built per call. */
const PREVIOUS_HOSTS: RetryStateOptions = Object.freeze({ previousHostsPredicate: true });
const NOT_PREVIOUS_HOSTS: RetryStateOptions = Object.freeze({ previousHostsPredicate: false });

/** Every replica exists from the start of the run (slow start counts from t = 0). */
const ADDED_AT_START = (): number => 0;

function afterFaultDelay(call: OutboundCall): void {
  call.afterFaultDelay();
}

function startAttempt(call: OutboundCall): void {
  call.startAttempt();
}

function onRouteTimeout(call: OutboundCall): void {
  call.onRouteTimeout();
}

/** The calling app went away: Envoy's DC, logged as 499. */
const DOWNSTREAM_GONE: Outcome = outcome(499, 'downstreamDisconnect', responseFlagBits(localOutcome('downstreamDisconnect'), undefined));

/** Where a mirror copy's response goes: nowhere. */
const IGNORED: CallSink = { callDone() {} };

/** "reviews.default.svc.cluster.local" → "reviews"; a short name stays as it is. */
function serviceName(host: string): string {
  const dot = host.indexOf('.');
  return dot < 0 ? host : host.slice(0, dot);
}
