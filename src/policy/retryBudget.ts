import type { Diagnostics, FieldPath } from './diagnostics.js';
import { warnUnknownField } from './fieldReaders.js';

/**
 * How many retries a cluster lets run at once: either Envoy's retry budget or the
 * `max_retries` circuit breaker [docs/semantics/envoy-istio.md §1.5, §4.1].
 *
 * Budget: max_active_retries = max(floor(percent/100 · (active + pending)), minRetryConcurrency),
 * admit iff active_retries < max_active_retries [E-RM RetryBudgetImpl].
 * Defaults percent 20, minRetryConcurrency 3 (Envoy and Istio alike) — B7's "max(20% of active+pending, 3)".
 * Istio emits a budget only when the DestinationRule sets `trafficPolicy.retryBudget`;
 * otherwise max_retries applies, which Istio sets to 2^32−1 unless
 * `connectionPool.http.maxRetries > 0` [§1.5, II-CTP] — so by default retries are never
 * refused for concurrency.
 */

/** Envoy's budget_percent default [§1.5, EA-CB]. */
export const DEFAULT_BUDGET_PERCENT = 20;
/** Envoy's min_retry_concurrency default; Istio maps 0 to it as well [§1.5]. */
export const DEFAULT_MIN_RETRY_CONCURRENCY = 3;
/** Istio's "effectively unlimited" circuit-breaker value [§4.1, II-CTP]. */
export const ISTIO_UNLIMITED = 2 ** 32 - 1;

export interface RetryBudgetConfig {
  /** Percent (0–100] of active + pending requests that may be retries. */
  readonly percent: number;
  /** Retries always allowed at once, whatever the load. */
  readonly minRetryConcurrency: number;
}

/** The cluster's retry concurrency limit: a budget when configured, else max_retries. */
export type RetryConcurrencyLimit =
  | { readonly kind: 'budget'; readonly budget: RetryBudgetConfig }
  | { readonly kind: 'maxRetries'; readonly maxRetries: number };

/**
 * Envoy's max(): how many retries may be active given the cluster's current
 * active and pending request counts (both counts of requests, not rates).
 */
export function maxActiveRetries(limit: RetryConcurrencyLimit, activeRequests: number, pendingRequests: number): number {
  if (limit.kind === 'maxRetries') return limit.maxRetries;
  const { percent, minRetryConcurrency } = limit.budget;
  // uint64 conversion in Envoy truncates toward zero.
  return Math.max(Math.floor((percent / 100) * (activeRequests + pendingRequests)), minRetryConcurrency);
}

/** Why the cluster refused a retry (Envoy: NoOverflow, flag UO on the final response). */
export type RetryConcurrencyRefusal = 'RetryBudgetExhausted' | 'MaxRetriesExceeded';

/**
 * Compiles DestinationRule `trafficPolicy.retryBudget` (the 2026 Istio API:
 * {percent, minRetryConcurrency, budgetInterval}) [§1.5, IA-DR]. Returns undefined when
 * absent (max_retries applies). `percent` may be a number or a Percent message {value}.
 */
export function compileRetryBudget(raw: unknown, path: FieldPath, diag: Diagnostics): RetryBudgetConfig | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    diag.error(path, 'must be an object', '{percent, minRetryConcurrency}');
    return { percent: DEFAULT_BUDGET_PERCENT, minRetryConcurrency: DEFAULT_MIN_RETRY_CONCURRENCY };
  }
  const obj = raw as Record<string, unknown>;
  let percent = DEFAULT_BUDGET_PERCENT;
  let minRetryConcurrency = DEFAULT_MIN_RETRY_CONCURRENCY;
  for (const [key, value] of Object.entries(obj)) {
    const at = [...path, key];
    if (key === 'percent') {
      const v = typeof value === 'object' && value !== null && 'value' in value ? (value as { value: unknown }).value : value;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100) diag.error(at, 'must be a number between 0 and 100', 'a percentage such as 20');
      // Unset or 0 falls back to Envoy's 20% [II-CTP applyRetryBudget].
      else if (v > 0) percent = v;
    } else if (key === 'minRetryConcurrency') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) diag.error(at, 'must be a non-negative integer', 'e.g. 3');
      else if (value > 0) minRetryConcurrency = value; // 0 => 3 [§1.5]
    } else if (key === 'budgetInterval') {
      // Formula for a non-zero interval is unconfirmed in the reference [§1.5 UNCONFIRMED].
      diag.notModeled(at, 'retry budget over an interval; meshsim counts currently active and pending requests only');
    } else {
      warnUnknownField(at, 'retryBudget', diag);
    }
  }
  return { percent, minRetryConcurrency };
}
