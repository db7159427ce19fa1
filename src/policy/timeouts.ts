import type { Diagnostics, FieldPath } from './diagnostics.js';
import { parseIstioDuration } from './istioDuration.js';

/**
 * Route and per-try timeouts as Envoy applies them under Istio
 * (docs/semantics/envoy-istio.md §2).
 *
 * - Route timeout: bounds the whole request, all attempts and backoffs included; armed
 *   when the downstream request is complete (after any fault delay). Istio writes 0s
 *   (disabled) unless VirtualService `http[].timeout` is set [§2, II-ROUTE]; Envoy's own
 *   15 s default never applies under Istio.
 * - Per-try timeout: bounds one attempt, from the moment it gets a connection-pool stream
 *   (queueing and TCP connect are outside it) [§2, E-UR]. Ignored when it is ≥ a non-zero
 *   route timeout [§2, E-RT finalTimeout].
 * - Firing: 504 "upstream request timeout", flag UT. A per-try timeout may be retried
 *   (by 5xx, gateway-error, reset); a route timeout never is [§1.3].
 */

/** Istio mesh default connectTimeout, applied to every cluster [§2, II-MESH]. */
export const ISTIO_DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
/** Envoy's upstream HTTP connection idle timeout default: 1 h [§2, EA-PROTO]. */
export const ENVOY_DEFAULT_IDLE_TIMEOUT_SECONDS = 3600;

/**
 * Compiles VirtualService `http[].timeout`.
 * @returns seconds, or undefined when there is no route timeout (absent or "0s").
 */
export function compileRouteTimeout(raw: unknown, path: FieldPath, diag: Diagnostics): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  const seconds = parseIstioDuration(raw, path, diag, { minSeconds: 0.001, allowZero: true, millisecondPrecision: true });
  // 0 disables the timeout in Envoy [§2, EA-RC].
  return seconds === 0 ? undefined : seconds;
}

/**
 * The per-try timeout Envoy actually arms (seconds), given the route's timeouts
 * (seconds, undefined = none): dropped when ≥ the route timeout [§2, E-RT finalTimeout].
 */
export function effectivePerTryTimeout(perTryTimeout: number | undefined, routeTimeout: number | undefined): number | undefined {
  if (perTryTimeout === undefined || perTryTimeout <= 0) return undefined;
  if (routeTimeout !== undefined && perTryTimeout >= routeTimeout) return undefined;
  return perTryTimeout;
}

/**
 * Absolute deadline (seconds of simulated time) of the whole request, or undefined.
 * `armedAt` is when the router received the complete request (after fault delays).
 */
export function routeDeadline(armedAt: number, routeTimeout: number | undefined): number | undefined {
  return routeTimeout === undefined ? undefined : armedAt + routeTimeout;
}

/**
 * Absolute deadline of one attempt: the earlier of its per-try deadline (counted from
 * `streamReadyAt`, when the pool handed it a stream) and the route deadline.
 * Returns which timer fires first so the caller can build the right outcome.
 */
export function attemptDeadline(
  streamReadyAt: number,
  perTryTimeout: number | undefined,
  routeDeadlineAt: number | undefined,
): { readonly at: number; readonly kind: 'perTryTimeout' | 'routeTimeout' } | undefined {
  const perTryAt = perTryTimeout === undefined ? undefined : streamReadyAt + perTryTimeout;
  if (perTryAt === undefined) return routeDeadlineAt === undefined ? undefined : { at: routeDeadlineAt, kind: 'routeTimeout' };
  // Tie: Envoy finalTimeout dropped per-try ≥ route; an exact tie at runtime goes to the route timer.
  if (routeDeadlineAt !== undefined && routeDeadlineAt <= perTryAt) return { at: routeDeadlineAt, kind: 'routeTimeout' };
  return { at: perTryAt, kind: 'perTryTimeout' };
}
