import { backoffConfig, type BackoffConfig } from './backoff.js';
import type { Diagnostics, FieldPath } from './diagnostics.js';
import { warnUnknownField } from './fieldReaders.js';
import { ISTIO_DURATION, parseIstioDuration } from './istioDuration.js';
import { ISTIO_DEFAULT_RETRY_ON, parseRetryOn, type RetryOnConditions, type RetryOnToken } from './retryOn.js';

/**
 * A route's retry policy, compiled once from VirtualService `http[].retries`
 * (docs/semantics/envoy-istio.md §1.1–§1.2). Immutable; per-request state lives in retryState.ts.
 */
export interface RetryPolicyConfig {
  /** Envoy num_retries: retries after the first try (attempts = numRetries + 1). 0 = no retries. */
  readonly numRetries: number;
  readonly retryOn: RetryOnConditions;
  /** Per-try timeout, seconds; undefined = none (Istio copies perTryTimeout verbatim) [§1.1]. */
  readonly perTryTimeout: number | undefined;
  readonly backoff: BackoffConfig;
  /**
   * previous_hosts retry host predicate (Istio: retryIgnorePreviousHosts, default true).
   * Istio omits it when the destination uses consistent hashing: see effectiveRetryHostPredicate.
   */
  readonly previousHostsPredicate: boolean;
  /**
   * Keep previous_hosts even toward a consistent-hash destination: Istio does when
   * retryIgnorePreviousHosts is written explicitly, and on weighted routes (more than one
   * destination), where it computes no hash policy (route.go, retry.ConvertPolicy).
   */
  readonly previousHostsDespiteHashing: boolean;
  /** host_selection_retry_max_attempts: extra LB picks to avoid a previous host. Istio always sets 5 [§1.1]. */
  readonly hostSelectionRetryMaxAttempts: number;
  /** previous_priorities update_frequency when retryRemoteLocalities is true (Istio: 2), else undefined [§1.1]. */
  readonly previousPrioritiesUpdateFrequency: number | undefined;
  /** Where it came from, for reports. */
  readonly source: 'istio-default' | 'virtual-service' | 'disabled';
}

/** Istio sets host_selection_retry_max_attempts: 5 on every outbound retry policy [§1.1, II-RETRY]. */
export const ISTIO_HOST_SELECTION_RETRY_MAX_ATTEMPTS = 5;
/** Istio's retryRemoteLocalities → previous_priorities update_frequency 2 [§1.1, II-RETRY]. */
export const ISTIO_PREVIOUS_PRIORITIES_UPDATE_FREQUENCY = 2;
/** Istio's built-in default: 2 retries [§1.2, II-RETRY]. */
export const ISTIO_DEFAULT_NUM_RETRIES = 2;

/**
 * Istio's built-in outbound default when a route has no `retries`: 2 retries on
 * connect-failure, refused-stream, unavailable, cancelled, retriable-status-codes (no
 * codes; 503 was dropped in Istio 1.24), previous_hosts, 5 host re-picks, no per-try
 * timeout, 25 ms backoff [§1.2, §10.1]. Mesh-wide `defaultHttpRetryPolicy` is not modeled.
 */
export const ISTIO_DEFAULT_RETRY_POLICY: RetryPolicyConfig = Object.freeze({
  numRetries: ISTIO_DEFAULT_NUM_RETRIES,
  retryOn: ISTIO_DEFAULT_RETRY_ON,
  perTryTimeout: undefined,
  backoff: backoffConfig(undefined),
  previousHostsPredicate: true,
  previousHostsDespiteHashing: false,
  hostSelectionRetryMaxAttempts: ISTIO_HOST_SELECTION_RETRY_MAX_ATTEMPTS,
  previousPrioritiesUpdateFrequency: undefined,
  source: 'istio-default',
});

/**
 * Inbound (server sidecar → local app) default since Istio 1.24: 2 retries on
 * reset-before-request, no host predicate [§1.2, II-RETRY, II-RN:52055]. Mesh-wide
 * `defaultInboundHttpRetryPolicy` is not modeled.
 */
export const ISTIO_DEFAULT_INBOUND_RETRY_POLICY: RetryPolicyConfig = Object.freeze({
  numRetries: ISTIO_DEFAULT_NUM_RETRIES,
  retryOn: Object.freeze({ tokens: new Set<RetryOnToken>(['reset-before-request']), statusCodes: new Set<number>() }),
  perTryTimeout: undefined,
  backoff: backoffConfig(undefined),
  previousHostsPredicate: false,
  previousHostsDespiteHashing: false,
  hostSelectionRetryMaxAttempts: 1,
  previousPrioritiesUpdateFrequency: undefined,
  source: 'istio-default',
});

/** `attempts: 0`: Istio emits no Envoy retry policy at all [§1.1]. */
export const NO_RETRY_POLICY: RetryPolicyConfig = Object.freeze({
  ...ISTIO_DEFAULT_RETRY_POLICY,
  numRetries: 0,
  source: 'disabled',
});

const FIELDS = ['attempts', 'perTryTimeout', 'retryOn', 'retryRemoteLocalities', 'retryIgnorePreviousHosts', 'backoff'] as const;

/**
 * Compiles VirtualService `http[].retries` (raw YAML value; undefined → Istio's default
 * policy). `path` points at the `retries` object. Invalid fields are reported and
 * replaced by their defaults so compilation can continue.
 */
export function compileRetryPolicy(raw: unknown, path: FieldPath, diag: Diagnostics): RetryPolicyConfig {
  if (raw === undefined || raw === null) return ISTIO_DEFAULT_RETRY_POLICY;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    diag.error(path, 'must be an object', `{${FIELDS.join(', ')}}`);
    return ISTIO_DEFAULT_RETRY_POLICY;
  }
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!(FIELDS as readonly string[]).includes(key)) warnUnknownField([...path, key], 'VirtualService retries', diag);
  }

  // attempts: int32 ≥ 0; absent means 0, and 0 disables retries [§1.1].
  let attempts = 0;
  if (obj.attempts !== undefined) {
    if (typeof obj.attempts !== 'number' || !Number.isInteger(obj.attempts) || obj.attempts < 0 || obj.attempts > 2 ** 31 - 1) {
      diag.error([...path, 'attempts'], `must be a non-negative integer, got ${JSON.stringify(obj.attempts)}`, 'e.g. 3');
    } else {
      attempts = obj.attempts;
    }
  }

  const perTryTimeout =
    obj.perTryTimeout === undefined
      ? undefined
      : parseIstioDuration(obj.perTryTimeout, [...path, 'perTryTimeout'], diag, ISTIO_DURATION);
  // An empty retryOn string counts as unset: Istio only reads it when non-empty [II-RETRY].
  const retryOnGiven = obj.retryOn !== undefined && obj.retryOn !== '';
  const retryOn = retryOnGiven ? parseRetryOn(obj.retryOn, [...path, 'retryOn'], diag) : undefined;
  const retryRemoteLocalities = readBool(obj, 'retryRemoteLocalities', false, path, diag);
  const ignorePreviousHosts = readBool(obj, 'retryIgnorePreviousHosts', true, path, diag);
  const backoffSeconds =
    obj.backoff === undefined ? undefined : parseIstioDuration(obj.backoff, [...path, 'backoff'], diag, ISTIO_DURATION);

  if (attempts === 0) {
    // Istio validation: with attempts 0, perTryTimeout/retryOn/retryRemoteLocalities must be empty [§1.1, II-VALA].
    for (const key of ['perTryTimeout', 'retryOn', 'retryRemoteLocalities'] as const) {
      if (obj[key] !== undefined) diag.error([...path, key], 'must be empty when attempts is 0 (retries are disabled)', 'attempts > 0, or remove this field');
    }
    return NO_RETRY_POLICY;
  }

  return Object.freeze({
    numRetries: attempts,
    // attempts > 0 without retryOn: Istio uses its default retryOn string [§1.2].
    retryOn: retryOn ?? ISTIO_DEFAULT_RETRY_ON,
    perTryTimeout,
    backoff: backoffConfig(backoffSeconds),
    previousHostsPredicate: ignorePreviousHosts,
    previousHostsDespiteHashing: obj.retryIgnorePreviousHosts !== undefined,
    hostSelectionRetryMaxAttempts: ISTIO_HOST_SELECTION_RETRY_MAX_ATTEMPTS,
    previousPrioritiesUpdateFrequency: retryRemoteLocalities ? ISTIO_PREVIOUS_PRIORITIES_UPDATE_FREQUENCY : undefined,
    source: 'virtual-service',
  });
}

/**
 * The previous_hosts predicate as Envoy receives it: Istio drops it when the
 * destination's load balancer uses consistent hashing [§1.2, II-RETRY], because
 * re-picking would defeat the hash — unless the route says otherwise (see
 * previousHostsDespiteHashing).
 */
export function effectiveRetryHostPredicate(policy: RetryPolicyConfig, consistentHashLb: boolean): boolean {
  return policy.previousHostsPredicate && (!consistentHashLb || policy.previousHostsDespiteHashing);
}

/** A weighted route's policy: Istio builds it as if no destination hashed (route.go applyHTTPRouteDestination). */
export function forWeightedRoute(policy: RetryPolicyConfig): RetryPolicyConfig {
  return policy.previousHostsDespiteHashing ? policy : Object.freeze({ ...policy, previousHostsDespiteHashing: true });
}

function readBool(obj: Record<string, unknown>, key: string, fallback: boolean, path: FieldPath, diag: Diagnostics): boolean {
  const value = obj[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    diag.error([...path, key], `must be true or false, got ${JSON.stringify(value)}`);
    return fallback;
  }
  return value;
}
