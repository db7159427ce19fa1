import type { RandomSource } from '../policy/randomSource.js';
import type { AppRetrySpec } from '../scenarios/scenario.js';

/**
 * Seconds an app's client waits before retry number `retry` (1 for the first) of a call:
 * exponential, min(maxBackoff, backoff · 2^(retry−1)), as urllib3's Retry (backoff_factor,
 * no jitter by default) and gRPC's retry policy (before its jitter) grow it. With
 * `jitter: full` the wait is a uniform draw in [0, that) — AWS's "full jitter", which is
 * also what Envoy draws for the proxy's own retries (policy/backoff.ts) — from `random`,
 * the calling version's own stream; with `none` nothing is drawn.
 */
export function appRetryDelay(spec: AppRetrySpec, retry: number, random: RandomSource): number {
  // Past 2^30 the cap decides anyway; the exponent is capped so the product stays finite.
  const grown = spec.backoff * 2 ** Math.min(retry - 1, 30);
  const cap = grown < spec.maxBackoff ? grown : spec.maxBackoff;
  return spec.jitter === 'full' ? random.next() * cap : cap;
}
