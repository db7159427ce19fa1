import { localOutcome } from '../../policy/attemptOutcome.js';
import { outcome, responseFlagBits, type Outcome } from '../outcome.js';
import type { ProxyContext } from '../proxy/proxyContext.js';
import type { SidecarProxy } from '../proxy/sidecarProxy.js';
import type { ServiceRuntime } from '../serviceRuntime.js';
import { callRequest, type CallHandle, type CallOrigin, type CallRequest, type CallSink, type OutboundTransport } from '../transport.js';
import type { WorkloadIdentity } from '../workload.js';
import { openCallSpan, TracedCallSink } from '../tracing/callSpans.js';
import type { ProxyWorkers } from './proxyWorkers.js';
import { SmallIdentityMap } from '../../sim/smallIdentityMap.js';

/**
 * How a workload's call to one service travels: through `pre` (the caller node's
 * ztunnel or kernel path, when the decider is elsewhere) and over the network to the
 * decider — the proxy that routes, balances and retries — which takes it from there.
 */
export interface CallPath {
  readonly pre: ProxyWorkers | undefined;
  readonly decider: SidecarProxy;
}

/** An app's outbound side under a data plane: finds the call's path and hands it to the decider. */
export class DataPlaneTransport implements OutboundTransport {
  /** Per callee: an app calls few services, so a scanned array rather than a Map found cold in a large mesh. */
  private readonly paths = new SmallIdentityMap<ServiceRuntime, CallPath>();

  constructor(
    private readonly source: WorkloadIdentity,
    private readonly ctx: ProxyContext,
    private readonly plan: (target: ServiceRuntime) => CallPath,
  ) {}

  call(origin: CallOrigin, target: ServiceRuntime, request: CallRequest, sink: CallSink): CallHandle | undefined {
    let path = this.paths.get(target);
    if (path === undefined) {
      path = this.plan(target);
      this.paths.add(target, path);
    }
    const trace = request.trace;
    if (trace !== undefined) {
      // The caller's span; the proxies' spans hang under it.
      const span = openCallSpan(trace, origin.callerName, target.name, request, this.ctx.network.zoneNames[origin.zone] as string);
      request = callRequest(request.headers, request.measured, request.method, request.path, request.requestSize, span);
      sink = new TracedCallSink(span, sink);
    }
    if (path.pre === undefined) return path.decider.callFrom(this.source, target, request, sink);
    return this.viaRemoteDecider(path.pre, path.decider, target, request, sink);
  }

  /**
   * Caller node proxy → network → decider (waypoint or node Envoy) → … → decider →
   * network → caller node proxy → app. The leg to the decider runs on a pooled
   * connection; if the decider's zone is unreachable the call fails after the connect
   * timeout (Istio's 10 s default, docs/semantics/envoy-istio.md §2).
   */
  private viaRemoteDecider(pre: ProxyWorkers, decider: SidecarProxy, target: ServiceRuntime, request: CallRequest, sink: CallSink): CallHandle {
    const ctx = this.ctx;
    const from = this.source.zone;
    const to = decider.workload.zone;
    const rng = decider.target(target).rng;
    // Cancelled once the decider has the call: the decider answers nobody, so end here.
    const handle = new DeferredHandle(() => ctx.activity.end());
    ctx.activity.begin();
    const responseBytes = target.versions[0]?.spec.responseSize ?? 0;
    const back: CallSink = {
      callDone(o: Outcome): void {
        handle.answered = true;
        if (request.measured && from !== to) ctx.crossZoneBytes += responseBytes;
        ctx.sim.schedule(ctx.network.delay(to, from, rng), () => pre.passTraced(responseBytes, true, request.trace, 'outbound response', () => {
          ctx.activity.end();
          sink.callDone(o);
        }), undefined);
      },
    };
    pre.passTraced(request.requestSize, false, request.trace, 'outbound request', () => {
      if (handle.cancelled) return void ctx.activity.end();
      if (!ctx.network.reachable(from, to)) {
        ctx.sim.schedule(10, () => {
          ctx.activity.end();
          sink.callDone(DECIDER_UNREACHABLE);
        }, undefined);
        return;
      }
      if (request.measured && from !== to) ctx.crossZoneBytes += request.requestSize;
      ctx.sim.schedule(ctx.network.delay(from, to, rng), () => {
        if (handle.cancelled) return void ctx.activity.end();
        handle.attach(decider.callFrom(this.source, target, request, back));
      }, undefined);
    });
    return handle;
  }
}

/** The caller node proxy could not connect to the decider: 503 UF after the connect timeout. */
const DECIDER_UNREACHABLE: Outcome = outcome(503, 'connectTimeout', responseFlagBits(localOutcome('connectTimeout'), undefined));

/** A cancel handle for a call that reaches its decider later. */
class DeferredHandle implements CallHandle {
  cancelled = false;
  /** The decider answered: the response is on its way back; cancelling changes nothing. */
  answered = false;
  private inner: CallHandle | undefined;

  constructor(private readonly onCancelAttached: () => void) {}

  attach(h: CallHandle): void {
    this.inner = h;
  }

  cancel(): void {
    if (this.cancelled || this.answered) return;
    this.cancelled = true;
    if (this.inner !== undefined) {
      this.inner.cancel();
      this.onCancelAttached();
    }
  }
}
