/**
 * How one call or request ended, as the caller sees it. `reason` names why it
 * failed in the vocabulary the results use ("queue full", "connect failure", …);
 * it is empty on success.
 */
export interface Outcome {
  readonly status: number;
  /**
   * A FailureReason from the app and replica, or, when a proxy decided the outcome,
   * Envoy's response flags ("UF", "UO", "UT,URX", …) or "RBAC: access denied".
   */
  readonly reason: string;
}

export type FailureReason =
  /** The replica's queue was at queueLimit: it answered 503. */
  | 'queue full'
  /** The target replica was down or unreachable when the call was made. */
  | 'connect failure'
  /** The replica went down while the request was queued or in service. */
  | 'reset'
  /** The app failed the request itself (errorRate or an `errors` fault). */
  | 'app error'
  /** A call the request needed finally failed, so the request answered 500. */
  | 'dependency failed'
  /** Still in flight when the simulation stopped draining. */
  | 'unfinished'
  /** The caller gave up and the app stopped (service with `cancellation: true`). */
  | 'cancelled';

export const OK: Outcome = { status: 200, reason: '' };

export function failure(status: number, reason: FailureReason): Outcome {
  return { status, reason };
}

/**
 * Simulated apps never answer 4xx on their own, so any 4xx here comes from the mesh
 * (403 RBAC, 404 no route, 429, 499 cancelled) and, like 5xx, fails the request.
 */
export function isSuccess(o: Outcome): boolean {
  return o.status < 400;
}
