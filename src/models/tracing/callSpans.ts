/**
 * The spans of one hop, where the transports and proxies open them: the caller's call
 * (CLIENT) and the replica's handling (SERVER). Proxy passes are ProxyWorkers.passTraced;
 * a proxy's routing and its attempts are OutboundCall's.
 */
import type { Outcome } from '../outcome.js';
import type { Replica } from '../replica.js';
import type { CallRequest, CallSink } from '../transport.js';
import { SPAN_KIND } from './traceData.js';
import type { OpenSpan, TraceParent } from './tracer.js';

/** Critical-path component of the time a call spends on the wire between two proxies (or app and replica). */
export const NETWORK_COMPONENT = 'network';
/**
 * Critical-path component of an attempt's own time: the wait for a pooled connection,
 * TCP and mTLS set-up, and the wire both ways.
 */
export const CONNECTION_COMPONENT = 'network & connections';

/** The caller's span of a call ("GET reviews"), from the app handing it over to the answer. */
export function openCallSpan(parent: TraceParent, caller: string, target: string, request: CallRequest, callerZone: string): OpenSpan {
  return parent
    .child(`${request.method} ${target}`, SPAN_KIND.client, caller, NETWORK_COMPONENT)
    .set('peer.service', target)
    .set('http.request.method', request.method)
    .set('url.path', request.path)
    .set('meshsim.zone', callerZone);
}

/** A replica's span of a request, from its arrival at the pod to the response leaving it. */
export function openServerSpan(parent: TraceParent, replica: Replica, zoneName: string, start?: number): OpenSpan {
  const version = replica.version;
  return parent
    .child(`${version.service.name} server`, SPAN_KIND.server, version.service.name, version.service.name, start)
    .set('service.version', version.name)
    .set('meshsim.replica', `${version.service.name}/${version.name}#${version.replicas.indexOf(replica)}`)
    .set('meshsim.zone', zoneName);
}

/** Ends the call's span with its outcome, then tells the caller. Allocated for traced calls only. */
export class TracedCallSink implements CallSink {
  constructor(
    readonly span: OpenSpan,
    private readonly sink: CallSink,
  ) {}

  callDone(outcome: Outcome): void {
    this.span.end(outcome);
    this.sink.callDone(outcome);
  }
}
