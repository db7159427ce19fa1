import { describe, expect, it } from 'vitest';
import { localOutcome, upstreamResponse } from '../../src/policy/attemptOutcome.js';
import { Diagnostics } from '../../src/policy/diagnostics.js';
import { ISTIO_DEFAULT_RETRY_ON, matchRetryOn, parseRetryOn } from '../../src/policy/retryOn.js';

const parse = (s: string) => {
  const d = new Diagnostics();
  return { cond: parseRetryOn(s, ['retryOn'], d), diag: d };
};

describe('parseRetryOn (§1.1)', () => {
  it('moves numeric tokens to status codes and adds retriable-status-codes', () => {
    const { cond, diag } = parse('5xx,503,409');
    expect([...cond.statusCodes].sort()).toEqual([409, 503]);
    expect(cond.tokens.has('retriable-status-codes')).toBe(true);
    expect(cond.tokens.has('5xx')).toBe(true);
    expect(diag.items).toEqual([]);
  });

  it('rejects empty and padded parts, as Istio\'s webhook does (it splits on commas without trimming)', () => {
    expect(parse('5xx, 503').diag.items.map((d) => d.message)).toEqual([expect.stringContaining('spaces around it')]);
    expect(parse('5xx,,gateway-error').diag.items.map((d) => d.message)).toEqual([expect.stringContaining('empty part')]);
    expect(parse('5xx,').diag.hasErrors).toBe(true);
  });

  it('rejects unknown tokens and unknown status numbers', () => {
    const { diag } = parse('5xx,bogus,999');
    expect(diag.items.filter((d) => d.severity === 'error')).toHaveLength(2);
  });

  it('warns that retriable-headers has no effect', () => {
    const { diag } = parse('retriable-headers');
    expect(diag.items[0]?.severity).toBe('warning');
  });
});

describe('matchRetryOn (§1.3)', () => {
  it('Istio default does NOT retry 503, 500, resets or per-try timeouts (§10.1)', () => {
    for (const o of [upstreamResponse(503), upstreamResponse(500), localOutcome('remoteReset'), localOutcome('perTryTimeout')]) {
      expect(matchRetryOn(ISTIO_DEFAULT_RETRY_ON, o)).toEqual({ retriable: false, reason: 'NoMatchingRetryOn' });
    }
  });

  it('Istio default retries connect failures, refused streams and gRPC UNAVAILABLE/CANCELLED', () => {
    expect(matchRetryOn(ISTIO_DEFAULT_RETRY_ON, localOutcome('connectFailure'))).toEqual({ retriable: true, by: 'connect-failure' });
    expect(matchRetryOn(ISTIO_DEFAULT_RETRY_ON, localOutcome('connectTimeout'))).toEqual({ retriable: true, by: 'connect-failure' });
    expect(matchRetryOn(ISTIO_DEFAULT_RETRY_ON, localOutcome('refusedStream'))).toEqual({ retriable: true, by: 'refused-stream' });
    expect(matchRetryOn(ISTIO_DEFAULT_RETRY_ON, upstreamResponse(200, { grpcStatus: 14 }))).toEqual({ retriable: true, by: 'unavailable' });
    expect(matchRetryOn(ISTIO_DEFAULT_RETRY_ON, upstreamResponse(200, { grpcStatus: 1 }))).toEqual({ retriable: true, by: 'cancelled' });
    expect(matchRetryOn(ISTIO_DEFAULT_RETRY_ON, upstreamResponse(200, { grpcStatus: 4 })).retriable).toBe(false);
  });

  it('a per-try timeout is retried by 5xx, gateway-error and reset only', () => {
    const perTry = localOutcome('perTryTimeout');
    const by = (s: string) => matchRetryOn(parse(s).cond, perTry);
    expect(by('5xx')).toEqual({ retriable: true, by: '5xx' });
    expect(by('gateway-error')).toEqual({ retriable: true, by: 'gateway-error' });
    expect(by('reset')).toEqual({ retriable: true, by: 'reset' });
    for (const s of ['connect-failure', 'refused-stream', 'retriable-4xx', 'deadline-exceeded', 'unavailable', '504', 'reset-before-request']) {
      expect(by(s).retriable).toBe(false);
    }
  });

  it('overflow (UO) is never retried, whatever retryOn says', () => {
    const all = parse('5xx,gateway-error,reset,connect-failure,retriable-4xx,refused-stream,503,reset-before-request').cond;
    expect(matchRetryOn(all, localOutcome('overflow'))).toEqual({ retriable: false, reason: 'OverflowNeverRetried' });
  });

  it('route timeouts are never retried', () => {
    expect(matchRetryOn(parse('5xx,reset').cond, localOutcome('routeTimeout'))).toEqual({ retriable: false, reason: 'RouteTimeoutNeverRetried' });
  });

  it('status classes: 5xx, gateway-error {502,503,504}, retriable-4xx = 409 only, listed codes', () => {
    expect(matchRetryOn(parse('gateway-error').cond, upstreamResponse(500)).retriable).toBe(false);
    expect(matchRetryOn(parse('gateway-error').cond, upstreamResponse(504)).retriable).toBe(true);
    expect(matchRetryOn(parse('retriable-4xx').cond, upstreamResponse(409)).retriable).toBe(true);
    expect(matchRetryOn(parse('retriable-4xx').cond, upstreamResponse(429)).retriable).toBe(false);
    expect(matchRetryOn(parse('429').cond, upstreamResponse(429))).toEqual({ retriable: true, by: 'retriable-status-codes' });
    expect(matchRetryOn(parse('5xx').cond, upstreamResponse(404)).retriable).toBe(false);
  });

  it('an RBAC 403 is a response: retried only if 403 is listed', () => {
    expect(matchRetryOn(parse('5xx,retriable-4xx').cond, localOutcome('rbacDenied')).retriable).toBe(false);
    expect(matchRetryOn(parse('403').cond, localOutcome('rbacDenied')).retriable).toBe(true);
  });

  it('x-envoy-ratelimited responses are retried only by envoy-ratelimited', () => {
    expect(matchRetryOn(parse('5xx').cond, upstreamResponse(503, { rateLimited: true })).retriable).toBe(false);
    expect(matchRetryOn(parse('envoy-ratelimited').cond, upstreamResponse(429, { rateLimited: true })).retriable).toBe(true);
  });

  it('reset-before-request covers connect failures and unsent resets, not resets after sending', () => {
    const c = parse('reset-before-request').cond;
    expect(matchRetryOn(c, localOutcome('connectFailure')).retriable).toBe(true);
    expect(matchRetryOn(c, localOutcome('remoteReset', { beforeRequestSent: true })).retriable).toBe(true);
    expect(matchRetryOn(c, localOutcome('remoteReset')).retriable).toBe(false);
  });

  it('fault aborts and no-host replies are not upstream attempts', () => {
    expect(matchRetryOn(parse('5xx').cond, localOutcome('noHealthyUpstream'))).toEqual({ retriable: false, reason: 'NotAnUpstreamAttempt' });
  });
});
