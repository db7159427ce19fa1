import type { Outcome } from './outcome.js';
import type { Replica } from './replica.js';
import type { CallHandle, CallSink } from './transport.js';
import type { TraceParent } from './tracing/tracer.js';

/**
 * One request as a replica serves it: from arrival at the replica to the response.
 * The transport that delivered it supplies a ResponseSink, which carries the response
 * back to the caller (network delay, the caller's bookkeeping). The request is also
 * where the calls its app makes answer (their CallSink).
 */
export class InboundRequest implements CallSink {
  /** Set when the serving replica went down: late events for this request are ignored. */
  aborted = false;
  /** Index of the next call step the app runs. */
  step = 0;
  /** Calls of the current step still outstanding. */
  pending = 0;
  /** Whether a call of the current step finally failed. */
  stepFailed = false;
  /** Pending service-time event, so a crash can drop it. */
  workEvent = -1;
  /** Whether the request holds a worker (is in its replica's in-service list). */
  inService = false;
  /** Neighbours in the replica's in-service list (Replica keeps it). */
  prevInService: InboundRequest | undefined = undefined;
  nextInService: InboundRequest | undefined = undefined;
  /** Calls of the current step that can be cancelled (only kept for apps with `cancellation: true`). */
  outstanding: CallHandle[] | undefined = undefined;
  /** The replica's span of this request when it is traced: the calls its app makes hang under it. */
  trace: TraceParent | undefined = undefined;

  constructor(
    /** Seconds: when the request reached the replica. */
    readonly arrival: number,
    readonly replica: Replica,
    readonly headers: Readonly<Record<string, string>>,
    /** See CallRequest.measured. */
    readonly measured: boolean,
    /** Takes the response back toward the caller (an object, not a closure: one allocation less per call). */
    readonly sink: ResponseSink,
  ) {}

  /** One of the calls the app made for this request has ended. */
  callDone(outcome: Outcome): void {
    this.replica.version.app.onCallReturn(this, outcome);
  }
}

/** Who is told, once, how a request served by a replica ended. */
export interface ResponseSink {
  onResponse(req: InboundRequest, outcome: Outcome): void;
}
