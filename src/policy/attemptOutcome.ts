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

/** Envoy's reset-generated replies and local replies use these statuses [§4.2, §2]. */
const LOCAL_STATUS: Readonly<Record<Exclude<OutcomeCause, 'upstreamResponse' | 'faultAbort'>, number>> = {
  rbacDenied: 403,
  connectFailure: 503,
  connectTimeout: 503,
  remoteReset: 503,
  refusedStream: 503,
  connectionTermination: 503,
  perTryTimeout: 504,
  overflow: 503,
  noHealthyUpstream: 503,
  routeTimeout: 504,
  noRoute: 404,
  // Envoy logs 0 for a downstream that left; meshsim reports 499 like nginx so metrics stay numeric.
  downstreamDisconnect: 499,
};

/** An upstream answer with HTTP status `status` (and optional gRPC status / rate-limit marker). */
export function upstreamResponse(status: number, extra: { grpcStatus?: number; rateLimited?: boolean } = {}): AttemptOutcome {
  return { cause: 'upstreamResponse', status, ...extra };
}

/** A fault-injection abort with the configured HTTP status. */
export function faultAbort(status: number): AttemptOutcome {
  return { cause: 'faultAbort', status };
}

/** Any other cause, with Envoy's status for it. */
export function localOutcome(
  cause: Exclude<OutcomeCause, 'upstreamResponse' | 'faultAbort'>,
  extra: { beforeRequestSent?: boolean } = {},
): AttemptOutcome {
  return { cause, status: LOCAL_STATUS[cause], ...extra };
}

/** The response flag an Envoy access log would show for this outcome (undefined for plain responses). */
export function responseFlagOf(outcome: AttemptOutcome): ResponseFlag | undefined {
  switch (outcome.cause) {
    case 'upstreamResponse':
    case 'rbacDenied':
      return undefined;
    case 'connectFailure':
    case 'connectTimeout':
      return 'UF';
    case 'remoteReset':
    case 'refusedStream':
      return 'UR';
    case 'connectionTermination':
      return 'UC';
    case 'perTryTimeout':
    case 'routeTimeout':
      return 'UT';
    case 'overflow':
      return 'UO';
    case 'noHealthyUpstream':
      return 'UH';
    case 'faultAbort':
      return 'FI';
    case 'noRoute':
      return 'NR';
    case 'downstreamDisconnect':
      return 'DC';
  }
}

/** The outcome is a reset of the stream or connection (Envoy's "reset" path, not a response). */
export function isReset(outcome: AttemptOutcome): boolean {
  switch (outcome.cause) {
    case 'connectFailure':
    case 'connectTimeout':
    case 'remoteReset':
    case 'refusedStream':
    case 'connectionTermination':
    case 'perTryTimeout':
    case 'overflow':
      return true;
    default:
      return false;
  }
}

/**
 * Locally originated (the proxy saw a network/timeout event rather than an upstream
 * status). Envoy reports these to outlier detection as LocalOrigin* results [§3.2].
 */
export function isLocalOrigin(outcome: AttemptOutcome): boolean {
  switch (outcome.cause) {
    case 'connectFailure':
    case 'connectTimeout':
    case 'remoteReset':
    case 'refusedStream':
    case 'connectionTermination':
    case 'perTryTimeout':
    case 'routeTimeout':
      return true;
    default:
      return false;
  }
}

/** A successful attempt: an upstream response below 500 and not locally generated. */
export function isSuccess(outcome: AttemptOutcome): boolean {
  return outcome.cause === 'upstreamResponse' && outcome.status < 500;
}

/**
 * The HTTP status the outlier detector sees for this attempt, or undefined when
 * Envoy does not report the attempt to it [§3.2, §4.2, §7.4]:
 * - overflow (UO) and no-healthy-upstream (UH) never reached a host;
 * - fault aborts, no-route and downstream disconnects never reached the router's host;
 * - resets / connect failures are reported as LocalOriginConnectFailed → 503;
 * - per-try and route timeouts as LocalOriginTimeout → 504 (route timeout: Envoy's
 *   onResponseTimeout reports the in-flight attempt [E-RT]);
 * - responses, including the server proxy's 403, by their status.
 */
export function outlierStatusOf(outcome: AttemptOutcome): number | undefined {
  switch (outcome.cause) {
    case 'overflow':
    case 'noHealthyUpstream':
    case 'faultAbort':
    case 'noRoute':
    case 'downstreamDisconnect':
      return undefined;
    case 'connectFailure':
    case 'connectTimeout':
    case 'remoteReset':
    case 'refusedStream':
    case 'connectionTermination':
      return 503;
    case 'perTryTimeout':
    case 'routeTimeout':
      return 504;
    case 'upstreamResponse':
    case 'rbacDenied':
      return outcome.status;
  }
}
