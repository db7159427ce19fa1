import type { Diagnostics, FieldPath } from './diagnostics.js';
import { warnUnknownField } from './fieldReaders.js';
import { ISTIO_DURATION, parseIstioDuration } from './istioDuration.js';
import { istioMessages } from './analysis/messages.js';

/**
 * DestinationRule `trafficPolicy.outlierDetection` → Envoy outlier detection config
 * (docs/semantics/envoy-istio.md §3.1, §3.6). The state machine is in outlierDetector.ts.
 *
 * Any outlierDetection block — even `{interval: 5s}` — turns on 5-consecutive-5xx
 * ejection, sets the panic threshold to minHealthPercent (default 0: no panic) and
 * activates locality failover (§3.6, §10.7). Absent block → undefined: no detection.
 */
export interface OutlierDetectionConfig {
  /** consecutive_5xx threshold (Envoy default 5 when Istio leaves it unset). */
  readonly consecutive5xx: number;
  /** enforcing_consecutive_5xx is 100% (true) or 0% (false): Istio writes only those [§3.6]. */
  readonly enforceConsecutive5xx: boolean;
  /** consecutive_gateway_failure threshold (Envoy default 5). */
  readonly consecutiveGatewayFailure: number;
  /** Envoy default enforcing_consecutive_gateway_failure is 0%: detected, not enforced [§3.1]. */
  readonly enforceConsecutiveGatewayFailure: boolean;
  /** Sweep interval, seconds (default 10 s). */
  readonly interval: number;
  /** base_ejection_time, seconds (default 30 s). */
  readonly baseEjectionTime: number;
  /** max_ejection_time, seconds: Envoy default 300 s, or base when base is larger [§3.1, EA-OD]. */
  readonly maxEjectionTime: number;
  /** max_ejection_percent (default 10) [§3.1]. */
  readonly maxEjectionPercent: number;
  /** Cluster healthy_panic_threshold in percent = minHealthPercent (default 0 = panic disabled) [§3.6]. */
  readonly healthyPanicThreshold: number;
  /**
   * outlierDetectionHttpErrorCodes: Istio programs an error_matcher on these `:status`
   * values (cluster_traffic_policy.go applyOutlierDetectionErrorCodes); Envoy then reports
   * a matching response as an error (500) and any other response as a success (200),
   * so only these statuses count. Local-origin failures count as before. Undefined: 5xx.
   */
  readonly errorCodes?: ReadonlySet<number>;
}

/** Envoy defaults that Istio leaves in place [§3.1]. */
export const ENVOY_DEFAULT_CONSECUTIVE_5XX = 5;
export const ENVOY_DEFAULT_CONSECUTIVE_GATEWAY_FAILURE = 5;
export const ENVOY_DEFAULT_INTERVAL_SECONDS = 10;
export const ENVOY_DEFAULT_BASE_EJECTION_SECONDS = 30;
export const ENVOY_DEFAULT_MAX_EJECTION_SECONDS = 300;
export const ENVOY_DEFAULT_MAX_EJECTION_PERCENT = 10;

const FIELDS = [
  'consecutiveErrors',
  'splitExternalLocalOriginErrors',
  'consecutiveLocalOriginFailures',
  'consecutiveGatewayErrors',
  'consecutive5xxErrors',
  'interval',
  'baseEjectionTime',
  'maxEjectionPercent',
  'minHealthPercent',
  'outlierDetectionHttpErrorCodes',
] as const;

/**
 * Compiles `outlierDetection` (raw YAML value; undefined → undefined, no detection).
 * `path` points at the `outlierDetection` object.
 */
export function compileOutlierDetection(raw: unknown, path: FieldPath, diag: Diagnostics): OutlierDetectionConfig | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    diag.error(path, 'must be an object', `{${FIELDS.join(', ')}}`);
    return undefined;
  }
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!(FIELDS as readonly string[]).includes(key)) warnUnknownField([...path, key], 'outlierDetection', diag);
  }

  // UInt32Value: when given (even 0), threshold = value and enforcing = 100% iff > 0 [§3.6, II-CTP].
  const c5xx = uint(obj.consecutive5xxErrors, [...path, 'consecutive5xxErrors'], diag);
  const cgw = uint(obj.consecutiveGatewayErrors, [...path, 'consecutiveGatewayErrors'], diag);

  if (obj.consecutiveErrors !== undefined) {
    uint(obj.consecutiveErrors, [...path, 'consecutiveErrors'], diag);
    // Deprecated: current Istio ignores it (validation warning) [§3.6].
    diag.warn([...path, 'consecutiveErrors'], 'deprecated and ignored by Istio; use consecutive5xxErrors or consecutiveGatewayErrors (5 consecutive 5xx still apply)', istioMessages.SchemaWarning);
  }
  if (obj.splitExternalLocalOriginErrors !== undefined) {
    if (typeof obj.splitExternalLocalOriginErrors !== 'boolean') diag.error([...path, 'splitExternalLocalOriginErrors'], 'must be true or false');
    else if (obj.splitExternalLocalOriginErrors) {
      diag.notModeled([...path, 'splitExternalLocalOriginErrors'], 'split local-origin mode; meshsim counts connect failures and timeouts as 503/504 like the default mode');
    }
  }
  if (obj.consecutiveLocalOriginFailures !== undefined) {
    const n = uint(obj.consecutiveLocalOriginFailures, [...path, 'consecutiveLocalOriginFailures'], diag);
    // Istio validation: a local-origin threshold needs the split mode [II-VAL].
    if (n !== undefined && n > 0 && obj.splitExternalLocalOriginErrors !== true) {
      diag.error([...path, 'consecutiveLocalOriginFailures'], 'is set but splitExternalLocalOriginErrors is false', 'splitExternalLocalOriginErrors: true, or no consecutiveLocalOriginFailures');
    }
    diag.notModeled([...path, 'consecutiveLocalOriginFailures'], 'only used in split local-origin mode, which meshsim does not model');
  }

  const duration = (key: 'interval' | 'baseEjectionTime', fallback: number): number =>
    obj[key] === undefined ? fallback : (parseIstioDuration(obj[key], [...path, key], diag, ISTIO_DURATION) ?? fallback);
  const interval = duration('interval', ENVOY_DEFAULT_INTERVAL_SECONDS);
  const baseEjectionTime = duration('baseEjectionTime', ENVOY_DEFAULT_BASE_EJECTION_SECONDS);

  const errorCodes = compileErrorCodes(obj.outlierDetectionHttpErrorCodes, [...path, 'outlierDetectionHttpErrorCodes'], diag);
  const maxPct = percent(obj.maxEjectionPercent, [...path, 'maxEjectionPercent'], diag);
  const minHealth = percent(obj.minHealthPercent, [...path, 'minHealthPercent'], diag);

  return Object.freeze({
    consecutive5xx: c5xx ?? ENVOY_DEFAULT_CONSECUTIVE_5XX,
    enforceConsecutive5xx: c5xx === undefined ? true : c5xx > 0,
    consecutiveGatewayFailure: cgw ?? ENVOY_DEFAULT_CONSECUTIVE_GATEWAY_FAILURE,
    enforceConsecutiveGatewayFailure: cgw === undefined ? false : cgw > 0,
    interval,
    baseEjectionTime,
    maxEjectionTime: Math.max(ENVOY_DEFAULT_MAX_EJECTION_SECONDS, baseEjectionTime),
    // Only > 0 is written; 0 cannot be expressed and means Envoy's 10% [§3.6, §10.8].
    maxEjectionPercent: maxPct !== undefined && maxPct > 0 ? maxPct : ENVOY_DEFAULT_MAX_EJECTION_PERCENT,
    healthyPanicThreshold: minHealth ?? 0,
    ...(errorCodes !== undefined && errorCodes.size > 0 ? { errorCodes } : {}),
  });
}

/** HTTP statuses 100..599 (the CRD's bounds). */
function compileErrorCodes(raw: unknown, path: FieldPath, diag: Diagnostics): ReadonlySet<number> | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) {
    diag.error(path, 'must be a list of HTTP status codes', 'e.g. [500, 503]');
    return undefined;
  }
  const codes = new Set<number>();
  raw.forEach((c: unknown, i) => {
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 100 || c > 599) diag.error([...path, i], `${JSON.stringify(c)} is not an HTTP status code`, 'an integer from 100 to 599');
    else codes.add(c);
  });
  return codes;
}

function uint(raw: unknown, path: FieldPath, diag: Diagnostics): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0 || raw > 2 ** 32 - 1) {
    diag.error(path, `must be a non-negative integer, got ${JSON.stringify(raw)}`, 'e.g. 5');
    return undefined;
  }
  return raw;
}

function percent(raw: unknown, path: FieldPath, diag: Diagnostics): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0 || raw > 100) {
    diag.error(path, `must be an integer between 0 and 100, got ${JSON.stringify(raw)}`, 'a percentage such as 10');
    return undefined;
  }
  return raw;
}
