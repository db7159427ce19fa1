import type { RandomSource } from './randomSource.js';

/**
 * Envoy's retry backoff, per request [docs/semantics/envoy-istio.md §1.4, E-BO].
 *
 * Current Envoy (JitteredExponentialBackOffStrategy), in integer milliseconds:
 *   next = B; doubling_limit = floor(M / 2)
 *   each retry: interval = next; next = next < doubling_limit ? 2·next : M; delay = random % interval
 * so retry k waits uniformly on the integers 0..I_k−1 ms with I = B, 2B, 4B, … capped at M.
 * Defaults B = 25 ms, M = 10·B = 250 ms → [0,25), [0,50), [0,100), [0,200), [0,250), [0,250) ms.
 *
 * Envoy's docs still describe U[0, (2^N − 1)·B) (0–24, 0–74, 0–174 ms …): that is the
 * older JitteredBackOffStrategy [E-BO-OLD], which older write-ups still quote; meshsim
 * follows the current code and keeps the old one as `legacyJitteredBackoff` for
 * comparisons with older Envoy builds.
 */

/** Envoy default base interval: 25 ms (runtime upstream.base_retry_backoff_ms) [§1.4]. */
export const DEFAULT_BACKOFF_BASE_SECONDS = 0.025;
/** Envoy: max interval defaults to 10 × base when unset (Istio never sets it) [§1.4, II-RETRY]. */
export const DEFAULT_MAX_INTERVAL_FACTOR = 10;

export interface BackoffConfig {
  /** Base interval, seconds (already rounded to whole ms, at least 1 ms). */
  readonly baseSeconds: number;
  /** Max interval, seconds (≥ base). */
  readonly maxSeconds: number;
}

/**
 * Envoy's backoff config for an Istio `retries.backoff` (seconds, or undefined for the
 * default). Envoy works in whole ms: durations are truncated to ms and a base below
 * 1 ms rounds up to 1 ms [§1.4, EA-RC].
 */
export function backoffConfig(baseSeconds: number | undefined): BackoffConfig {
  const baseMs = baseSeconds === undefined ? DEFAULT_BACKOFF_BASE_SECONDS * 1000 : Math.max(1, Math.floor(baseSeconds * 1000 + 1e-9));
  return { baseSeconds: baseMs / 1000, maxSeconds: (baseMs * DEFAULT_MAX_INTERVAL_FACTOR) / 1000 };
}

/** One request's backoff sequence (state is per request: intervals grow across its retries only). */
export interface BackoffStrategy {
  /** The delay before the next retry, seconds; advances the sequence. */
  nextDelay(rng: RandomSource): number;
  /** The upper bound (exclusive) of the interval the next call draws from, seconds. */
  peekInterval(): number;
}

/** Current Envoy: fully jittered, doubling interval capped at max. */
export class JitteredExponentialBackoff implements BackoffStrategy {
  private readonly maxMs: number;
  private readonly doublingLimitMs: number;
  private nextMs: number;

  constructor(config: BackoffConfig) {
    const baseMs = Math.round(config.baseSeconds * 1000);
    this.maxMs = Math.max(baseMs, Math.round(config.maxSeconds * 1000));
    this.doublingLimitMs = Math.floor(this.maxMs / 2);
    this.nextMs = baseMs;
  }

  nextDelay(rng: RandomSource): number {
    const interval = this.nextMs;
    this.nextMs = this.nextMs < this.doublingLimitMs ? this.nextMs * 2 : this.maxMs;
    // random() % interval: a uniform integer number of ms in [0, interval).
    return Math.floor(rng.next() * interval) / 1000;
  }

  peekInterval(): number {
    return this.nextMs / 1000;
  }
}

/** Older Envoy: retry n waits min(random % ((2^n − 1)·B), M) ms [E-BO-OLD]. */
export class LegacyJitteredBackoff implements BackoffStrategy {
  private readonly baseMs: number;
  private readonly maxMs: number;
  private retries = 0;

  constructor(config: BackoffConfig) {
    this.baseMs = Math.round(config.baseSeconds * 1000);
    this.maxMs = Math.max(this.baseMs, Math.round(config.maxSeconds * 1000));
  }

  nextDelay(rng: RandomSource): number {
    const range = this.rangeMs(this.retries + 1);
    this.retries++;
    return Math.min(Math.floor(rng.next() * range), this.maxMs) / 1000;
  }

  peekInterval(): number {
    return Math.min(this.rangeMs(this.retries + 1), this.maxMs + 1) / 1000;
  }

  private rangeMs(n: number): number {
    // Cap the exponent: beyond 2^30 the min() with M decides anyway.
    return (2 ** Math.min(n, 30) - 1) * this.baseMs;
  }
}

export type BackoffAlgorithm = 'envoy-current' | 'envoy-legacy';

/** A fresh per-request strategy. */
export function newBackoff(config: BackoffConfig, algorithm: BackoffAlgorithm = 'envoy-current'): BackoffStrategy {
  return algorithm === 'envoy-current' ? new JitteredExponentialBackoff(config) : new LegacyJitteredBackoff(config);
}
