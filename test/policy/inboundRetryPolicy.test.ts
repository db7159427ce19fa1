import { describe, expect, it } from 'vitest';
import { localOutcome, upstreamResponse } from '../../src/policy/attemptOutcome.js';
import { ISTIO_DEFAULT_INBOUND_RETRY_POLICY } from '../../src/policy/retryPolicy.js';
import { RetryState } from '../../src/policy/retryState.js';

/**
 * The retry policy Istio puts on a sidecar's inbound routes (server sidecar → its own
 * app), decision by decision. From istio/istio at 86c9f01fd735fb01d8192f5bcaf0d424afb7f14c,
 * pilot/pkg/networking/core/route/retry/retry_test.go TestInboundRetry, run through the
 * RetryState the server sidecar's inbound step (models/proxy/inboundStep.ts) uses.
 * Its other cases — TestZeroAttemptsShouldReturnNilPolicy, TestAttemptsOnlyKeepsDefaultRetryOn,
 * TestRetryOnAndBackoff, TestIrrelevantFieldsAreIgnored — configure MeshConfig's
 * defaultInboundHttpRetryPolicy, which meshsim does not model (no MeshConfig).
 */
const UNLIMITED = { tryAcquireRetry: () => 'Admitted' as const, releaseRetry: () => {} };
const fixed = { next: () => 0.5 };

function state(): RetryState {
  return new RetryState(ISTIO_DEFAULT_INBOUND_RETRY_POLICY, UNLIMITED, fixed, { previousHostsPredicate: false });
}

describe('TestInboundRetry (pilot/pkg/networking/core/route/retry/retry_test.go)', () => {
  it('TestNilRetryShouldReturnDefault: reset-before-request, 2 retries, no host predicate, no retry priority, no per-try timeout', () => {
    const p = ISTIO_DEFAULT_INBOUND_RETRY_POLICY;
    expect([...p.retryOn.tokens]).toEqual(['reset-before-request']);
    expect(p.retryOn.statusCodes.size).toBe(0);
    expect(p.numRetries).toBe(2);
    expect(p.previousHostsPredicate).toBe(false);
    expect(p.previousPrioritiesUpdateFrequency).toBeUndefined();
    expect(p.perTryTimeout).toBeUndefined();
    // Envoy's 25 ms default backoff (Istio sets none on inbound routes).
    expect(p.backoff.baseSeconds).toBe(0.025);
  });

  it('TestNilRetryShouldReturnDefault, as decided: a connect to the app that fails is retried twice, then URX', () => {
    const s = state();
    const refused = localOutcome('connectFailure');
    const first = s.shouldRetry(refused, 0);
    const second = s.shouldRetry(refused, 0.1);
    const third = s.shouldRetry(refused, 0.2);
    expect([first.retry, second.retry]).toEqual([true, true]);
    expect(first.retry && first.by).toBe('reset-before-request');
    expect(third).toEqual({ retry: false, reason: 'RetryLimitExceeded', flag: 'URX' });
  });

  it('TestNilRetryShouldReturnDefault, as decided: nothing the app saw is retried — a reset after the request was sent, a 503, a timeout', () => {
    for (const o of [localOutcome('connectionTermination'), localOutcome('remoteReset'), upstreamResponse(503), localOutcome('perTryTimeout')]) {
      expect(state().shouldRetry(o, 0)).toEqual({ retry: false, reason: 'NoMatchingRetryOn' });
    }
    expect(state().shouldRetry(localOutcome('connectionTermination', { beforeRequestSent: true }), 0).retry).toBe(true);
  });
});
