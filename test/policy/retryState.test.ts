import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { localOutcome, upstreamResponse, type AttemptOutcome } from '../../src/policy/attemptOutcome.js';
import { ConnectionPoolState, ISTIO_DEFAULT_CONNECTION_POOL } from '../../src/policy/connectionPool.js';
import { Diagnostics } from '../../src/policy/diagnostics.js';
import { compileRetryPolicy, ISTIO_DEFAULT_RETRY_POLICY, NO_RETRY_POLICY } from '../../src/policy/retryPolicy.js';
import { finalResponseFlags, RetryState } from '../../src/policy/retryState.js';

const zero = { next: () => 0 };
const pool = () => new ConnectionPoolState(ISTIO_DEFAULT_CONNECTION_POOL);
const policy = (raw: unknown) => compileRetryPolicy(raw, [], new Diagnostics());

describe('RetryState.shouldRetry (§1.3)', () => {
  it('Istio default: retries a connect failure twice, then refuses with URX (attempts = retries + 1)', () => {
    const s = new RetryState(ISTIO_DEFAULT_RETRY_POLICY, pool(), zero);
    expect(s.shouldRetry(localOutcome('connectFailure'), 1)).toMatchObject({ retry: true, by: 'connect-failure', retryNumber: 1, at: 1 });
    expect(s.shouldRetry(localOutcome('connectFailure'), 2)).toMatchObject({ retry: true, retryNumber: 2 });
    expect(s.shouldRetry(localOutcome('connectFailure'), 3)).toEqual({ retry: false, reason: 'RetryLimitExceeded', flag: 'URX' });
    expect(s.retriesUsed).toBe(2);
  });

  it('Istio default: a 503 response is not retried', () => {
    const s = new RetryState(ISTIO_DEFAULT_RETRY_POLICY, pool(), zero);
    expect(s.shouldRetry(upstreamResponse(503), 0)).toEqual({ retry: false, reason: 'NoMatchingRetryOn' });
  });

  it('UO from the pool is never retried', () => {
    const s = new RetryState(policy({ attempts: 5, retryOn: '5xx,reset,503' }), pool(), zero);
    expect(s.shouldRetry(localOutcome('overflow'), 0)).toEqual({ retry: false, reason: 'OverflowNeverRetried' });
  });

  it('attempts: 0 → RetriesDisabled', () => {
    const s = new RetryState(NO_RETRY_POLICY, pool(), zero);
    expect(s.shouldRetry(localOutcome('connectFailure'), 0)).toEqual({ retry: false, reason: 'RetriesDisabled' });
  });

  it('per-try timeout is retried under 5xx, and the backoff comes from the 25 ms schedule', () => {
    const s = new RetryState(policy({ attempts: 3, retryOn: '5xx' }), pool(), { next: () => 0.5 });
    const d1 = s.shouldRetry(localOutcome('perTryTimeout'), 10);
    const d2 = s.shouldRetry(localOutcome('perTryTimeout'), 11);
    expect(d1).toMatchObject({ retry: true, by: '5xx', backoff: 0.012, at: 10.012 });
    expect(d2).toMatchObject({ retry: true, backoff: 0.025 });
  });

  it('cluster max_retries overflow refuses with UO and still consumes the retry (Envoy order)', () => {
    const p = new ConnectionPoolState({ ...ISTIO_DEFAULT_CONNECTION_POOL, maxRetries: 1 });
    const a = new RetryState(policy({ attempts: 2, retryOn: '5xx' }), p, zero);
    const b = new RetryState(policy({ attempts: 2, retryOn: '5xx' }), p, zero);
    expect(a.shouldRetry(upstreamResponse(500), 0).retry).toBe(true);
    expect(b.shouldRetry(upstreamResponse(500), 0)).toEqual({ retry: false, reason: 'MaxRetriesExceeded', flag: 'UO' });
    // a's retry finishes (its outcome is evaluated): the slot is released, b can retry its last one.
    expect(a.shouldRetry(upstreamResponse(200), 1)).toEqual({ retry: false, reason: 'NoMatchingRetryOn' });
    expect(p.activeRetries).toBe(0);
    expect(b.shouldRetry(upstreamResponse(500), 1).retry).toBe(true);
    expect(b.shouldRetry(upstreamResponse(500), 2)).toMatchObject({ retry: false, reason: 'RetryLimitExceeded' });
  });

  it('finish() releases a held retry slot exactly once', () => {
    const p = pool();
    const s = new RetryState(ISTIO_DEFAULT_RETRY_POLICY, p, zero);
    s.shouldRetry(localOutcome('connectFailure'), 0);
    expect(p.activeRetries).toBe(1);
    s.finish();
    s.finish();
    expect(p.activeRetries).toBe(0);
  });
});

describe('finalResponseFlags', () => {
  it('adds URX when the retry limit ended a request, UO when the cluster limit did', () => {
    const s = new RetryState(policy({ attempts: 1, retryOn: 'connect-failure' }), pool(), zero);
    s.shouldRetry(localOutcome('connectFailure'), 0);
    const last = localOutcome('connectFailure');
    expect(finalResponseFlags(last, s.shouldRetry(last, 1))).toEqual(['UF', 'URX']);
    const p = new ConnectionPoolState({ ...ISTIO_DEFAULT_CONNECTION_POOL, maxRetries: 1 });
    p.tryAcquireRetry();
    const t = new RetryState(policy({ attempts: 1, retryOn: '5xx' }), p, zero);
    const r = upstreamResponse(503);
    expect(finalResponseFlags(r, t.shouldRetry(r, 0))).toEqual(['UO']);
    expect(finalResponseFlags(upstreamResponse(200), t.shouldRetry(upstreamResponse(200), 0))).toEqual([]);
  });
});

describe('host selection with previous_hosts (§1.3)', () => {
  it('re-picks up to 5 times on a retry, then keeps the last pick', () => {
    const s = new RetryState(ISTIO_DEFAULT_RETRY_POLICY, pool(), zero);
    s.onHostAttempted(7);
    s.shouldRetry(localOutcome('connectFailure'), 0);
    let picks = 0;
    const host = s.selectHost(() => (picks++, 7), (h) => h);
    expect(picks).toBe(6);
    expect(host).toBe(7);
  });

  it('accepts the first pick that was not tried before', () => {
    const s = new RetryState(ISTIO_DEFAULT_RETRY_POLICY, pool(), zero);
    s.onHostAttempted(1);
    s.shouldRetry(localOutcome('connectFailure'), 0);
    const seq = [1, 1, 2, 3];
    expect(s.selectHost(() => seq.shift(), (h) => h)).toBe(2);
  });

  it('with 3 hosts and one sick, a retry lands on the sick host with probability (1/3)^6', () => {
    // Exact: each of the 6 uniform picks must hit the tried host.
    const s = new RetryState(ISTIO_DEFAULT_RETRY_POLICY, pool(), zero);
    s.onHostAttempted(0);
    s.shouldRetry(localOutcome('connectFailure'), 0);
    const lcg = seedrandom.alea('previous-hosts');
    const n = 200000;
    let sick = 0;
    for (let i = 0; i < n; i++) if (s.selectHost(() => Math.floor(lcg() * 3), (h) => h) === 0) sick++;
    const p = 1 / 729;
    const se = Math.sqrt((p * (1 - p)) / n);
    expect(Math.abs(sick / n - p)).toBeLessThan(4 * se);
  });

  it('ignores previous hosts when the predicate is off (consistent hash)', () => {
    const s = new RetryState(ISTIO_DEFAULT_RETRY_POLICY, pool(), zero, { previousHostsPredicate: false });
    s.onHostAttempted(7);
    s.shouldRetry(localOutcome('connectFailure'), 0);
    let picks = 0;
    s.selectHost(() => (picks++, 7), (h) => h);
    expect(picks).toBe(1);
  });

  it('previous_priorities (update frequency 2) excludes tried priorities from the 3rd attempt', () => {
    const s = new RetryState(policy({ attempts: 4, retryRemoteLocalities: true }), pool(), zero);
    s.onHostAttempted(1, 0);
    expect(s.excludedPriorities()).toEqual([]);
    s.onHostAttempted(2, 0);
    expect(s.excludedPriorities()).toEqual([0]);
    s.onHostAttempted(3, 1);
    expect(s.excludedPriorities()).toEqual([0]);
    s.onHostAttempted(4, 1);
    expect(s.excludedPriorities()).toEqual([0, 1]);
  });
});

const outcomeArb: fc.Arbitrary<AttemptOutcome> = fc.oneof(
  fc.constantFrom(200, 404, 409, 500, 502, 503, 504).map((s) => upstreamResponse(s)),
  fc.constantFrom('connectFailure', 'remoteReset', 'refusedStream', 'perTryTimeout', 'overflow' as const).map((c) => localOutcome(c)),
);

describe('properties', () => {
  it('retries never exceed numRetries, and attempts never exceed numRetries + 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.array(outcomeArb, { maxLength: 20, size: 'max' }), (attempts, outcomes) => {
        const s = new RetryState(policy({ attempts, retryOn: '5xx,retriable-4xx,reset,connect-failure' }), pool(), zero);
        let tries = 1;
        for (const o of outcomes) {
          const d = s.shouldRetry(o, 0);
          if (!d.retry) break;
          tries++;
        }
        return s.retriesUsed <= attempts && tries <= attempts + 1;
      }),
    );
  });

  it('concurrent retries in a cluster never exceed the budget max(floor(20%·(active+pending)), 3)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ request: fc.integer({ min: 0, max: 24 }), op: fc.constantFrom('fail', 'fail', 'ok', 'begin', 'begin', 'end') }), { minLength: 100, maxLength: 400, size: 'max' }),
        (ops) => {
          const p = new ConnectionPoolState(ISTIO_DEFAULT_CONNECTION_POOL, { percent: 20, minRetryConcurrency: 3 });
          const states = new Map<number, RetryState>();
          for (const { request, op } of ops) {
            const s = states.get(request);
            if (op === 'begin' && !s) {
              p.tryAcquireRequest();
              states.set(request, new RetryState(policy({ attempts: 3, retryOn: '5xx' }), p, zero));
            } else if (s && op === 'end') {
              s.finish();
              p.releaseRequest();
              states.delete(request);
            } else if (s) {
              const d = s.shouldRetry(op === 'fail' ? upstreamResponse(500) : upstreamResponse(200), 0);
              // A retry is admitted only while below the budget, so after admission count ≤ budget.
              if (d.retry && p.activeRetries > p.maxActiveRetries()) return false;
              // A refusal for budget happens only when the budget is really full.
              if (!d.retry && d.reason === 'RetryBudgetExhausted' && p.activeRetries < p.maxActiveRetries()) return false;
            }
          }
          return true;
        },
      ),
    );
  });
});
