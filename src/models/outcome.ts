import { CAUSE_TRAITS, type AttemptOutcome, type OutcomeCause, type ResponseFlag } from '../policy/attemptOutcome.js';
import type { AuthzReason } from '../policy/authorizationPolicy.js';
import type { EjectionResult } from '../policy/outlierDetector.js';
import type { NoRetryReason, RetryDecision } from '../policy/retryState.js';

/**
 * How one call or request ended, as the caller sees it: one typed value from the
 * policy engine's decisions through the model to the metrics. Only report/ turns it
 * into text (report/failureText.ts); nothing in the model branches on text.
 *
 * - `status`: the HTTP status the caller got.
 * - `cause`: the innermost reason. An app's answer keeps its own cause through every
 *   proxy it passes (a 503 "queue full" is still `queueFull` at the caller); a proxy's
 *   own decision (a timeout, an overflow, no healthy host) has the policy engine's cause.
 * - `flags`: Envoy response flags the deciding proxy added (bits of RESPONSE_FLAG_BITS).
 * - `detail`: why, for the decisions that have a reason of their own.
 */
export interface Outcome {
  readonly status: number;
  readonly cause: Cause;
  readonly flags: number;
  readonly detail: OutcomeDetail | undefined;
}

/** What an app or a replica decides (no proxy involved). */
export type AppCause =
  /** Answered normally (any status below 400; a 2xx in practice). */
  | 'ok'
  /** A response known only by its status (a proxy's direct response, a status with no other cause). */
  | 'httpStatus'
  /** The replica's queue was at queueLimit: it answered 503. */
  | 'queueFull'
  /** No data plane: the target replica was down or unreachable when the call was made (kube-proxy's connect failure). */
  | 'replicaUnreachable'
  /** The replica went down while the request was queued or in service. */
  | 'replicaReset'
  /** The app failed the request itself (errorRate or an `errors` fault). */
  | 'appError'
  /** A call the request needed finally failed, so the request answered 500. */
  | 'dependencyFailed'
  /** Still in flight when the simulation stopped draining. */
  | 'unfinished'
  /** The caller gave up and the app stopped (service with `cancellation: true`). */
  | 'cancelled'
  /** The server's sidecar refused the request: its inbound cluster's circuit breaker overflowed (503, UO at the server). */
  | 'inboundOverflow'
  /** The calling app stopped waiting on a call (its own `timeout` on the call step). */
  | 'appTimeout';

/** Every cause an outcome can have: the app's, or the deciding proxy's (the policy engine's vocabulary). */
export type Cause = AppCause | Exclude<OutcomeCause, 'upstreamResponse'>;

/** Why, for the decisions that carry a reason. */
export interface OutcomeDetail {
  /** Why the deciding proxy did not retry the last attempt (absent when no proxy decided). */
  readonly retryRefusal?: NoRetryReason;
  /** The AuthorizationPolicy decision that denied the request. */
  readonly authz?: { readonly reason: AuthzReason; readonly policy: string | undefined };
  /** What outlier detection decided about the host after the last attempt, when it decided something. */
  readonly ejection?: EjectionResult;
}

/**
 * Every cause, in a fixed order: its index is the cause's part of an outcome's key
 * (metrics count failures by key, report/ names them). A mapped type: a cause missing
 * here does not compile.
 */
const CAUSE_INDEX: { readonly [C in Cause]: number } = {
  ok: 0,
  httpStatus: 1,
  queueFull: 2,
  replicaUnreachable: 3,
  replicaReset: 4,
  appError: 5,
  dependencyFailed: 6,
  unfinished: 7,
  cancelled: 8,
  inboundOverflow: 9,
  rbacDenied: 10,
  faultAbort: 11,
  connectFailure: 12,
  connectTimeout: 13,
  remoteReset: 14,
  refusedStream: 15,
  connectionTermination: 16,
  perTryTimeout: 17,
  overflow: 18,
  noHealthyUpstream: 19,
  routeTimeout: 20,
  noRoute: 21,
  downstreamDisconnect: 22,
  appTimeout: 23,
};

export const CAUSES: readonly Cause[] = (Object.keys(CAUSE_INDEX) as Cause[]).sort((a, b) => CAUSE_INDEX[a] - CAUSE_INDEX[b]);

/**
 * Envoy response flags as bits, in the order report/ lists them: a proxy's own flag
 * first, then the retry refusal's (URX, then UO — a UO beside another flag is always the
 * retry budget's, since an overflow itself is never retried).
 */
export const RESPONSE_FLAG_ORDER: readonly ResponseFlag[] = ['UF', 'UR', 'UC', 'UT', 'UH', 'FI', 'NR', 'DC', 'DI', 'URX', 'UO'];
export const RESPONSE_FLAG_BITS: { readonly [F in ResponseFlag]: number } = {
  UF: 1,
  UR: 2,
  UC: 4,
  UT: 8,
  UH: 16,
  FI: 32,
  NR: 64,
  DC: 128,
  DI: 256,
  URX: 512,
  UO: 1024,
};

/**
 * The flags of a proxy's final answer: the last attempt's own (UF, UT, UO, …) and the
 * retry refusal's (URX when retries ran out, UO when the retry budget refused) [§1.3, §4.2].
 */
export function responseFlagBits(last: AttemptOutcome, decision: RetryDecision | undefined): number {
  const own = CAUSE_TRAITS[last.cause].flag;
  let bits = own === undefined ? 0 : RESPONSE_FLAG_BITS[own];
  if (decision !== undefined && !decision.retry && decision.flag !== undefined) bits |= RESPONSE_FLAG_BITS[decision.flag];
  return bits;
}

/** Flag bits fit below this; statuses below 1000. */
const FLAG_SPAN = 2048;
const STATUS_SPAN = 1000;

/**
 * The outcome as one small integer (cause, flags, status): failures are counted by it
 * on the hot path with no string built, and report/ decodes it into text once.
 */
export function outcomeKey(o: Outcome): number {
  return (CAUSE_INDEX[o.cause] * FLAG_SPAN + o.flags) * STATUS_SPAN + o.status;
}

export function decodeOutcomeKey(key: number): { readonly cause: Cause; readonly flags: number; readonly status: number } {
  const status = key % STATUS_SPAN;
  const rest = (key - status) / STATUS_SPAN;
  const flags = rest % FLAG_SPAN;
  return { cause: CAUSES[(rest - flags) / FLAG_SPAN] as Cause, flags, status };
}

export function outcome(status: number, cause: Cause, flags = 0, detail?: OutcomeDetail): Outcome {
  return { status, cause, flags, detail };
}

export const OK: Outcome = outcome(200, 'ok');

/** An app or replica failure (no proxy flags, no detail): built once per kind, shared. */
export function failure(status: number, cause: AppCause): Outcome {
  return outcome(status, cause);
}

/**
 * Simulated apps never answer 4xx on their own, so any 4xx here comes from the mesh
 * (403 RBAC, 404 no route, 429, 499 cancelled) and, like 5xx, fails the request.
 */
export function isSuccess(o: Outcome): boolean {
  return o.status < 400;
}
