import { responseFlagOf, type AttemptOutcome, type ResponseFlag } from './attemptOutcome.js';
import { newBackoff, type BackoffAlgorithm, type BackoffStrategy } from './backoff.js';
import type { RandomSource } from './randomSource.js';
import type { RetryConcurrencyRefusal } from './retryBudget.js';
import { matchRetryOn, type NotRetriableReason, type RetryOnToken } from './retryOn.js';
import type { RetryPolicyConfig } from './retryPolicy.js';

/**
 * One request's retry decisions, after Envoy's RetryStateImpl
 * (docs/semantics/envoy-istio.md §1.3–§1.4). Owns no timers: `shouldRetry` returns the
 * backoff and the caller schedules the next attempt.
 *
 * Protocol for the caller (the outbound proxy model):
 * - call `shouldRetry(outcome, now)` after EVERY attempt, successes included: like
 *   Envoy, that releases the cluster retry slot held by the previous retry;
 * - call `finish()` when the request ends some other way (route timeout during a
 *   backoff, downstream gone), so the slot is released;
 * - record each attempt's host with `onHostAttempted`, and pick hosts with `selectHost`.
 */

/** The cluster-level retry limit (budget or max_retries): ConnectionPoolState implements it. */
export interface RetryAdmitter {
  tryAcquireRetry(): 'Admitted' | RetryConcurrencyRefusal;
  releaseRetry(): void;
}

export type NoRetryReason =
  | NotRetriableReason
  /** The route has no retry policy (attempts 0). */
  | 'RetriesDisabled'
  /** All num_retries used (Envoy NoRetryLimitExceeded, flag URX). */
  | 'RetryLimitExceeded'
  /** Cluster retry budget / max_retries full (Envoy NoOverflow, flag UO). */
  | RetryConcurrencyRefusal;

export type RetryDecision =
  | {
      readonly retry: true;
      /** Delay before the next attempt, seconds. */
      readonly backoff: number;
      /** Absolute time of the next attempt (now + backoff), seconds. */
      readonly at: number;
      /** Which retryOn condition allowed it. */
      readonly by: RetryOnToken;
      /** 1 for the first retry. */
      readonly retryNumber: number;
    }
  | {
      readonly retry: false;
      readonly reason: NoRetryReason;
      /** Flag Envoy adds to the final response for this refusal (URX or UO), if any. */
      readonly flag?: ResponseFlag;
    };

export interface RetryStateOptions {
  readonly backoffAlgorithm?: BackoffAlgorithm;
  /** Whether previous_hosts applies (false for consistent-hash destinations; see effectiveRetryHostPredicate). */
  readonly previousHostsPredicate?: boolean;
}

/** Refusals that carry nothing but their reason: one shared decision each (every successful request ends with one). */
const NOT_RETRIED: { readonly [R in NotRetriableReason | 'RetriesDisabled']: RetryDecision } = {
  RetriesDisabled: Object.freeze({ retry: false, reason: 'RetriesDisabled' }),
  NoMatchingRetryOn: Object.freeze({ retry: false, reason: 'NoMatchingRetryOn' }),
  OverflowNeverRetried: Object.freeze({ retry: false, reason: 'OverflowNeverRetried' }),
  RouteTimeoutNeverRetried: Object.freeze({ retry: false, reason: 'RouteTimeoutNeverRetried' }),
  NotAnUpstreamAttempt: Object.freeze({ retry: false, reason: 'NotAnUpstreamAttempt' }),
};

export class RetryState {
  private retriesRemaining: number;
  private retriesScheduled = 0;
  private holdsRetrySlot = false;
  /** Made at the first retry: most requests never back off. */
  private backoff: BackoffStrategy | undefined;
  private readonly backoffAlgorithm: BackoffAlgorithm | undefined;
  private readonly attemptedHosts: number[] = [];
  private readonly attemptedPriorities: number[] = [];
  private readonly usePreviousHosts: boolean;

  constructor(
    readonly policy: RetryPolicyConfig,
    private readonly admitter: RetryAdmitter,
    private readonly rng: RandomSource,
    options: RetryStateOptions = {},
  ) {
    this.retriesRemaining = policy.numRetries;
    this.backoffAlgorithm = options.backoffAlgorithm;
    this.usePreviousHosts = options.previousHostsPredicate ?? policy.previousHostsPredicate;
  }

  /** Retries scheduled so far (each one consumed num_retries). */
  get retriesUsed(): number {
    return this.retriesScheduled;
  }

  /**
   * Decides whether to retry after an attempt ended with `outcome` at `now` (seconds).
   * Envoy's order [§1.3]: retryOn match → remaining count (URX) → consume one →
   * cluster limit (UO; the count stays consumed) → backoff draw.
   */
  shouldRetry(outcome: AttemptOutcome, now: number): RetryDecision {
    // The previous retry's slot is held until its attempt's outcome is known [§1.3, E-RS resetRetry].
    this.releaseSlot();
    if (this.policy.numRetries === 0) return NOT_RETRIED.RetriesDisabled;
    const match = matchRetryOn(this.policy.retryOn, outcome);
    if (!match.retriable) return NOT_RETRIED[match.reason];
    if (this.retriesRemaining === 0) return { retry: false, reason: 'RetryLimitExceeded', flag: 'URX' };
    this.retriesRemaining--;
    const admission = this.admitter.tryAcquireRetry();
    if (admission !== 'Admitted') return { retry: false, reason: admission, flag: 'UO' };
    this.holdsRetrySlot = true;
    this.retriesScheduled++;
    const backoff = (this.backoff ??= newBackoff(this.policy.backoff, this.backoffAlgorithm)).nextDelay(this.rng);
    return { retry: true, backoff, at: now + backoff, by: match.by, retryNumber: this.retriesScheduled };
  }

  /** The request is over: release any retry slot still held. Idempotent. */
  finish(): void {
    this.releaseSlot();
  }

  /** Records the host (and its LB priority) an attempt went to, for previous_hosts / previous_priorities. */
  onHostAttempted(endpointId: number, priority = 0): void {
    this.attemptedHosts.push(endpointId);
    this.attemptedPriorities.push(priority);
  }

  /** previous_hosts: reject a host this request already tried [§1.3, EA-RC]. */
  shouldSelectAnotherHost(endpointId: number): boolean {
    return this.usePreviousHosts && this.attemptedHosts.includes(endpointId);
  }

  /**
   * Envoy's LoadBalancerBase::chooseHost loop: pick, and while the predicate rejects
   * the pick, pick again — at most host_selection_retry_max_attempts extra picks on a
   * retry (Istio: 5, so 6 picks), one extra on a first attempt (irrelevant: nothing
   * attempted yet). If every pick is rejected, the last pick is used anyway [§1.3].
   * `pickOnce` is the load balancer's single pick; undefined means no host (UH).
   */
  selectHost<T>(pickOnce: () => T | undefined, idOf: (host: T) => number): T | undefined {
    const maxPicks = (this.retriesScheduled === 0 ? 1 : this.policy.hostSelectionRetryMaxAttempts) + 1;
    let host: T | undefined;
    for (let i = 0; i < maxPicks; i++) {
      host = pickOnce();
      if (host === undefined || !this.shouldSelectAnotherHost(idOf(host))) return host;
    }
    return host;
  }

  /**
   * previous_priorities (retryRemoteLocalities): the priorities to exclude for the next
   * attempt, or an empty list. Envoy recomputes the exclusion every `update_frequency`
   * attempts from the priorities already attempted [§1.3, EA-PP]; the load balancer
   * must ignore the exclusion when it would leave no healthy priority.
   */
  excludedPriorities(): readonly number[] {
    const frequency = this.policy.previousPrioritiesUpdateFrequency;
    if (frequency === undefined || this.attemptedPriorities.length < frequency) return [];
    // Recomputed only at multiples of the frequency: use the attempts up to the last multiple.
    const upTo = this.attemptedPriorities.length - (this.attemptedPriorities.length % frequency);
    return [...new Set(this.attemptedPriorities.slice(0, upTo))].sort((a, b) => a - b);
  }

  private releaseSlot(): void {
    if (this.holdsRetrySlot) {
      this.holdsRetrySlot = false;
      this.admitter.releaseRetry();
    }
  }
}

/**
 * Response flags for the final response of a request that ended with `outcome` and
 * retry `decision` (for metrics: why it failed): the outcome's own flag, plus URX when
 * the retry limit stopped it or UO when the cluster retry limit did [§1.3, §4.2].
 */
export function finalResponseFlags(outcome: AttemptOutcome, decision: RetryDecision): ResponseFlag[] {
  const flags: ResponseFlag[] = [];
  const own = responseFlagOf(outcome);
  if (own !== undefined) flags.push(own);
  if (!decision.retry && decision.flag !== undefined && !flags.includes(decision.flag)) flags.push(decision.flag);
  return flags;
}
