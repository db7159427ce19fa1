import type { RandomSource } from '../policy/randomSource.js';
import type { RandomStreams } from '../sim/randomStreams.js';
import type { Simulator } from '../sim/simulator.js';
import { InboundRequest, type ResponseSink } from './inboundRequest.js';
import type { EdgeMetrics, MeshMetrics } from './metrics/meshMetrics.js';
import type { Network } from './network.js';
import { failure, isSuccess, type Outcome } from './outcome.js';
import type { Replica } from './replica.js';
import type { ServiceRuntime } from './serviceRuntime.js';
import type { EndpointRegistry } from './endpointRegistry.js';
import type { MeshActivity } from './meshActivity.js';
import type { CallHandle, CallOrigin, CallRequest, CallSink, OutboundTransport } from './transport.js';
import { openCallSpan, openServerSpan, TracedCallSink } from './tracing/callSpans.js';
import type { OpenSpan } from './tracing/tracer.js';

const CONNECT_FAILURE = failure(503, 'replicaUnreachable');

/**
 * `dataPlane: none`: a call goes straight to a replica picked uniformly at random
 * among the service's current endpoints (as kube-proxy's random endpoint choice
 * does: a replica that went down stays one until the control plane removes it),
 * with no retries and no timeouts. A replica that is down, or a zone the
 * caller cannot reach, fails the call as a connect failure once a round trip has
 * passed (a reset, not a hang: without a proxy there is no connect timeout to
 * model; proxies have one, see proxy/upstreamAttempt.ts).
 */
export class DirectTransport implements OutboundTransport {
  /**
   * Per caller (by CallOrigin.callerIndex), the first of the targets it has called, each
   * route linking to the caller's next: looked up on every call, and a caller calls a
   * handful of services, where a scan beats two Map lookups by name (~5% of a mesh run).
   * A chain, not an array per caller: in a large mesh every list is found cold, and an
   * array is two more cache lines (the array and its elements) to miss.
   */
  private readonly routesByCaller: Array<EdgeRoute | undefined>;

  constructor(
    private readonly sim: Simulator,
    private readonly network: Network,
    private readonly metrics: MeshMetrics,
    private readonly streams: RandomStreams,
    private readonly activity: MeshActivity,
    private readonly endpoints: EndpointRegistry,
    /** How many callers the mesh has (services and traffic sources). */
    callerCount: number,
  ) {
    this.routesByCaller = new Array<EdgeRoute | undefined>(callerCount).fill(undefined);
  }

  /** Direct calls cannot be cancelled: there is no proxy to reset them, and no timeouts. */
  call(origin: CallOrigin, target: ServiceRuntime, request: CallRequest, sink: CallSink): CallHandle | undefined {
    const sim = this.sim;
    const trace = request.trace;
    let span: OpenSpan | undefined;
    if (trace !== undefined) {
      span = openCallSpan(trace, origin.callerName, target.name, request, this.network.zoneNames[origin.zone] as string);
      sink = new TracedCallSink(span, sink);
    }
    const measured = request.measured;
    const route = this.route(origin, target);
    const replicas = this.readyReplicas(route, target);
    if (replicas.length === 0) {
      // No endpoints at all: kube-proxy rejects the connection.
      this.activity.begin();
      const none = new DirectCall(this, sim.now, measured, route, origin.zone, target.replicas[0] as Replica, sink);
      none.outcome = CONNECT_FAILURE;
      sim.schedule(0, finishDirectCall, none);
      return undefined;
    }
    // A choice among one is not drawn (as a traffic source picks among its replicas).
    const replica = (replicas.length === 1 ? replicas[0] : replicas[Math.floor(route.rng.next() * replicas.length)]) as Replica;
    const cross = this.network.isCrossZone(origin.zone, replica.zone);
    if (measured) {
      route.edge.attempts++;
      if (cross) route.edge.crossZoneAttempts++;
      if (cross) this.metrics.cost.crossZoneBytes += request.requestSize + replica.version.spec.responseSize;
    }
    this.activity.begin();
    const call = new DirectCall(this, sim.now, measured, route, origin.zone, replica, sink);
    const there = this.network.delay(origin.zone, replica.zone, route.rng);
    if (!replica.isUp || !this.network.reachable(origin.zone, replica.zone)) {
      call.outcome = CONNECT_FAILURE;
      sim.schedule(there + this.network.delay(replica.zone, origin.zone, route.rng), finishDirectCall, call);
      return undefined;
    }
    const inbound = new InboundRequest(call.start + there, replica, request.headers, measured, call);
    if (span !== undefined) {
      call.serverSpan = openServerSpan(span, replica, this.network.zoneNames[replica.zone] as string, inbound.arrival);
      inbound.trace = call.serverSpan;
    }
    if (there === 0) replica.accept(inbound);
    else sim.schedule(there, deliver, inbound);
    return undefined;
  }

  /** The target's replicas that are endpoints now (cached per edge until the control plane changes). */
  private readyReplicas(route: EdgeRoute, target: ServiceRuntime): readonly Replica[] {
    if (route.version !== this.endpoints.version) {
      route.version = this.endpoints.version;
      route.ready = target.replicas.filter((r) => this.endpoints.isReady(r.id));
    }
    return route.ready;
  }

  /** A direct call is over: the caller learns the outcome. */
  finish(call: DirectCall): void {
    const o = call.outcome;
    this.activity.end();
    if (call.measured) call.route.edge.record(o, isSuccess(o), this.sim.now - call.start);
    call.sink.callDone(o);
  }

  /** The response leaves the replica for the caller. */
  respond(call: DirectCall, o: Outcome): void {
    call.outcome = o;
    call.serverSpan?.end(o);
    const back = this.network.delay(call.replica.zone, call.callerZone, call.route.rng);
    if (back === 0) this.finish(call);
    else this.sim.schedule(back, finishDirectCall, call);
  }

  private route(origin: CallOrigin, target: ServiceRuntime): EdgeRoute {
    const first = this.routesByCaller[origin.callerIndex];
    let last: EdgeRoute | undefined;
    for (let route = first; route !== undefined; route = route.next) {
      if (route.target === target) return route;
      last = route;
    }
    // Endpoint choice and network delays of an edge draw from the edge's own stream,
    // so adding an edge never shifts another's draws.
    const route: EdgeRoute = {
      target,
      edge: this.metrics.edge(origin.callerName, target.name),
      rng: this.streams.stream('route', origin.callerName, target.name),
      version: -1,
      ready: [],
      next: undefined,
    };
    if (last === undefined) this.routesByCaller[origin.callerIndex] = route;
    else last.next = route;
    return route;
  }
}

interface EdgeRoute {
  readonly target: ServiceRuntime;
  readonly edge: EdgeMetrics;
  readonly rng: RandomSource;
  /** The control plane's version `ready` was read at. */
  version: number;
  ready: readonly Replica[];
  /** The same caller's next route (in the order they were first called). */
  next: EdgeRoute | undefined;
}

function deliver(req: InboundRequest): void {
  req.replica.accept(req);
}

/** One direct call in flight: everything its response needs, in one object. */
class DirectCall implements ResponseSink {
  outcome: Outcome = CONNECT_FAILURE;
  /** The replica's span of the request, when traced. */
  serverSpan: OpenSpan | undefined = undefined;

  constructor(
    readonly transport: DirectTransport,
    readonly start: number,
    readonly measured: boolean,
    readonly route: EdgeRoute,
    readonly callerZone: number,
    readonly replica: Replica,
    readonly sink: CallSink,
  ) {}

  onResponse(_req: InboundRequest, o: Outcome): void {
    this.transport.respond(this, o);
  }
}

function finishDirectCall(call: DirectCall): void {
  call.transport.finish(call);
}
