/**
 * The outcome of one upstream attempt (or a local reply that replaced it), as the
 * caller's proxy sees it. This is the vocabulary shared by retries (retryOn.ts),
 * outlier detection (outlierDetector.ts), connection-pool accounting and metrics:
 * every failure carries the Envoy response flag an access log would show.
 *
 * Status codes of local replies follow Envoy's router [docs/semantics/envoy-istio.md §4.2, §2]:
 * connect failure / reset → 503, timeouts → 504, overflow → 503, no healthy host → 503,
 * no route → 404.
 */

/** Envoy access-log response flags meshsim produces. */
export type ResponseFlag =
  | 'UF' // upstream connection failure
  | 'UO' // upstream overflow (circuit breaker)
  | 'UT' // upstream request timeout (per-try or route)
  | 'URX' // retry limit reached (added to the final response)
  | 'UH' // no healthy upstream host
  | 'UR' // upstream remote reset
  | 'UC' // upstream connection termination
  | 'DC' // downstream connection termination
  | 'NR' // no route configured
  | 'FI' // fault injection abort
  | 'DI'; // fault injection delay (annotates a response; never a failure by itself)

/** Why the attempt ended the way it did, finer than the flag. */
export type OutcomeCause =
  /** The upstream answered with headers (any status, incl. 5xx from the app). */
  | 'upstreamResponse'
  /** The server-side proxy denied the request (AuthorizationPolicy): 403 "RBAC: access denied". */
  | 'rbacDenied'
  /** TCP connect refused/failed (e.g. replica down, partition). */
  | 'connectFailure'
  /** TCP connect did not finish within connectTimeout. */
  | 'connectTimeout'
  /** Upstream reset the stream after the connection was up. */
  | 'remoteReset'
  /** HTTP/2 REFUSED_STREAM from the upstream. */
  | 'refusedStream'
  /** Upstream closed the connection under the request. */
  | 'connectionTermination'
  /** The attempt exceeded perTryTimeout. */
  | 'perTryTimeout'
  /**
   * The caller proxy's OWN circuit breaker overflowed (pending/requests limit). An
   * overflow at the server's sidecar reaches the caller as an ordinary 503 response
   * (with x-envoy-overloaded): model that as upstreamResponse(503), which Envoy ≥ 1.15
   * does retry under 5xx/gateway-error [§1.3].
   */
  | 'overflow'
  /** The load balancer had no host to pick. */
  | 'noHealthyUpstream'
  /** The route timeout fired while this attempt (or a backoff) was outstanding. */
  | 'routeTimeout'
  /** VirtualService fault abort: never reaches the router. */
  | 'faultAbort'
  /** No VirtualService route matched. */
  | 'noRoute'
  /** The downstream caller went away. */
  | 'downstreamDisconnect';

export interface AttemptOutcome {
  readonly cause: OutcomeCause;
  /** HTTP status the caller's proxy would hand on if this were the final attempt. */
  readonly status: number;
  /** `grpc-status` from the response headers, for gRPC retryOn tokens. */
  readonly grpcStatus?: number;
  /** Response carried `x-envoy-ratelimited` (only `envoy-ratelimited` may retry it). */
  readonly rateLimited?: boolean;
  /**
   * For resets: no request byte had reached the upstream yet (what
   * `reset-before-request` retries).
   */
  readonly beforeRequestSent?: boolean;
}

/**
 * How the router treats a reset-style (non-response) outcome when retrying:
 * `reset` goes through Envoy's wouldRetryFromReset, `response` through
 * wouldRetryFromHeaders; the others are never retried, for the reason named.
 */
export type RetryPath = 'response' | 'reset' | 'OverflowNeverRetried' | 'RouteTimeoutNeverRetried' | 'NotAnUpstreamAttempt';

/** Everything the policy engine knows about one cause, in one row. */
export interface CauseTraits {
  /** Status of the local reply Envoy generates (undefined: the upstream's or the fault's own status). */
  readonly status: number | undefined;
  /** The response flag an access log would show (undefined for plain responses). */
  readonly flag: ResponseFlag | undefined;
  /** A reset of the stream or connection (Envoy's reset path), not a response. */
  readonly reset: boolean;
  /** Locally originated: Envoy reports it to outlier detection as a LocalOrigin* result [§3.2]. */
  readonly localOrigin: boolean;
  /**
   * What the outlier detector sees [§3.2, §4.2, §7.4]: `status` (the response's own),
   * 503 (LocalOriginConnectFailed), 504 (LocalOriginTimeout; a route timeout reports the
   * in-flight attempt [E-RT]), or undefined when Envoy does not report the attempt.
   */
  readonly outlier: 'status' | 503 | 504 | undefined;
  readonly retry: RetryPath;
}

/**
 * One row per cause. A mapped type over OutcomeCause: a cause added to the union
 * without a row here does not compile, so nothing is silently misclassified.
 * Statuses of local replies follow Envoy's router [§4.2, §2].
 */
export const CAUSE_TRAITS: { readonly [C in OutcomeCause]: CauseTraits } = {
  upstreamResponse: { status: undefined, flag: undefined, reset: false, localOrigin: false, outlier: 'status', retry: 'response' },
  rbacDenied: { status: 403, flag: undefined, reset: false, localOrigin: false, outlier: 'status', retry: 'response' },
  connectFailure: { status: 503, flag: 'UF', reset: true, localOrigin: true, outlier: 503, retry: 'reset' },
  connectTimeout: { status: 503, flag: 'UF', reset: true, localOrigin: true, outlier: 503, retry: 'reset' },
  remoteReset: { status: 503, flag: 'UR', reset: true, localOrigin: true, outlier: 503, retry: 'reset' },
  refusedStream: { status: 503, flag: 'UR', reset: true, localOrigin: true, outlier: 503, retry: 'reset' },
  connectionTermination: { status: 503, flag: 'UC', reset: true, localOrigin: true, outlier: 503, retry: 'reset' },
  perTryTimeout: { status: 504, flag: 'UT', reset: true, localOrigin: true, outlier: 504, retry: 'reset' },
  // Overflow never reached a host: no outlier report, never retried [§4.2].
  overflow: { status: 503, flag: 'UO', reset: true, localOrigin: false, outlier: undefined, retry: 'OverflowNeverRetried' },
  noHealthyUpstream: { status: 503, flag: 'UH', reset: false, localOrigin: false, outlier: undefined, retry: 'NotAnUpstreamAttempt' },
  routeTimeout: { status: 504, flag: 'UT', reset: false, localOrigin: true, outlier: 504, retry: 'RouteTimeoutNeverRetried' },
  faultAbort: { status: undefined, flag: 'FI', reset: false, localOrigin: false, outlier: undefined, retry: 'NotAnUpstreamAttempt' },
  noRoute: { status: 404, flag: 'NR', reset: false, localOrigin: false, outlier: undefined, retry: 'NotAnUpstreamAttempt' },
  // Envoy logs 0 for a downstream that left; meshsim reports 499 like nginx so metrics stay numeric.
  downstreamDisconnect: { status: 499, flag: 'DC', reset: false, localOrigin: false, outlier: undefined, retry: 'NotAnUpstreamAttempt' },
};

/** Causes a local reply stands for (everything but an upstream answer and a fault abort). */
export type LocalCause = Exclude<OutcomeCause, 'upstreamResponse' | 'faultAbort'>;

/** An upstream answer with HTTP status `status` (and optional gRPC status / rate-limit marker). */
export function upstreamResponse(status: number, extra: { grpcStatus?: number; rateLimited?: boolean } = {}): AttemptOutcome {
  return { cause: 'upstreamResponse', status, ...extra };
}

/** A fault-injection abort with the configured HTTP status. */
export function faultAbort(status: number): AttemptOutcome {
  return { cause: 'faultAbort', status };
}

/** Any other cause, with Envoy's status for it. */
export function localOutcome(cause: LocalCause, extra: { beforeRequestSent?: boolean } = {}): AttemptOutcome {
  return { cause, status: CAUSE_TRAITS[cause].status as number, ...extra };
}

/** The response flag an Envoy access log would show for this outcome (undefined for plain responses). */
export function responseFlagOf(outcome: AttemptOutcome): ResponseFlag | undefined {
  return CAUSE_TRAITS[outcome.cause].flag;
}

/** The outcome is a reset of the stream or connection (Envoy's "reset" path, not a response). */
export function isReset(outcome: AttemptOutcome): boolean {
  return CAUSE_TRAITS[outcome.cause].reset;
}

/**
 * Locally originated (the proxy saw a network/timeout event rather than an upstream
 * status). Envoy reports these to outlier detection as LocalOrigin* results [§3.2].
 */
export function isLocalOrigin(outcome: AttemptOutcome): boolean {
  return CAUSE_TRAITS[outcome.cause].localOrigin;
}

/** A successful attempt: an upstream response below 500 and not locally generated. */
export function isSuccess(outcome: AttemptOutcome): boolean {
  return outcome.cause === 'upstreamResponse' && outcome.status < 500;
}

/**
 * The HTTP status the outlier detector sees for this attempt, or undefined when
 * Envoy does not report the attempt to it (see CauseTraits.outlier).
 */
export function outlierStatusOf(outcome: AttemptOutcome): number | undefined {
  const seen = CAUSE_TRAITS[outcome.cause].outlier;
  return seen === 'status' ? outcome.status : seen;
}
