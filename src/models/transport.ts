import type { Outcome } from './outcome.js';
import type { ServiceRuntime } from './serviceRuntime.js';
import type { TraceParent } from './tracing/tracer.js';

/** Who makes a call: a traffic source or a replica serving a request. */
export interface CallOrigin {
  /** The caller's name in `edges` (a traffic source's name or a service name). */
  readonly callerName: string;
  /**
   * The caller as a dense index over the mesh's callers: a service's declaration index,
   * or the number of services plus a traffic source's index (per-edge state in arrays).
   */
  readonly callerIndex: number;
  /** Zone index of the calling workload. */
  readonly zone: number;
}

/** What travels with a call. */
export interface CallRequest {
  /** Headers the request carries (lower-case names), from the traffic source down. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Whether the user request this call serves arrived inside the measured window:
   * everything a measured request causes is measured, nothing else is, so
   * end-to-end, edge and service counts describe the same population.
   */
  readonly measured: boolean;
  /** HTTP method and path (GET and / unless the scenario says otherwise). */
  readonly method: string;
  readonly path: string;
  /** Bytes of the request on the wire (proxy CPU per KiB, cross-zone transfer). */
  readonly requestSize: number;
  /**
   * The span this call's spans hang under, when its user request is traced (tracing/);
   * undefined otherwise, and then nothing on the call's path records anything.
   */
  readonly trace?: TraceParent | undefined;
}

/**
 * A CallRequest. Every one is built here, by one object literal, so they all share one
 * hidden class: built by spreading (`{ ...request, trace }`), each object gets a class of
 * its own in V8, and in a large mesh (a request object per traffic source, thousands)
 * every property read of a request on the call path went megamorphic and missed V8's
 * inline-cache tables.
 */
export function callRequest(
  headers: Readonly<Record<string, string>>,
  measured: boolean,
  method: string,
  path: string,
  requestSize: number,
  trace: TraceParent | undefined,
): CallRequest {
  return { headers, measured, method, path, requestSize, trace };
}

/**
 * The seam where a data plane sits between caller and callee. The app hands a
 * call to its outbound transport and is told the outcome once, at the virtual
 * time the caller learns it. `dataPlane: none` is DirectTransport; with a data
 * plane it is DataPlaneTransport (dataPlane/), which hands the call to the proxy
 * that decides it (proxy/SidecarProxy: a sidecar, a waypoint, a node proxy).
 */
export interface OutboundTransport {
  /** Returns a handle to cancel the call when the transport can (the app's caller gave up). */
  call(origin: CallOrigin, target: ServiceRuntime, request: CallRequest, sink: CallSink): CallHandle | undefined;
}

/**
 * Who is told, once, how a call ended. An object rather than a callback: the callers
 * (a user request, a request whose app makes calls) already are objects, so a call
 * allocates no closure and no context for its answer.
 */
export interface CallSink {
  callDone(outcome: Outcome): void;
}

/** An outstanding call a cancelling app can abandon; its sink is then never told. */
export interface CallHandle {
  cancel(): void;
}
