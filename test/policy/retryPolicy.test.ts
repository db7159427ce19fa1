import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/policy/diagnostics.js';
import { compileRetryPolicy, effectiveRetryHostPredicate, ISTIO_DEFAULT_INBOUND_RETRY_POLICY, ISTIO_DEFAULT_RETRY_POLICY } from '../../src/policy/retryPolicy.js';

const path = ['spec', 'http', 0, 'retries'];
function compile(raw: unknown) {
  const d = new Diagnostics();
  return { policy: compileRetryPolicy(raw, path, d), diag: d };
}

describe('compileRetryPolicy (§1.1, §1.2)', () => {
  it('no retries block → Istio default: 2 retries, default retryOn without 503, 5 host re-picks, 25 ms', () => {
    const { policy, diag } = compile(undefined);
    expect(policy).toBe(ISTIO_DEFAULT_RETRY_POLICY);
    expect(policy.numRetries).toBe(2);
    expect([...policy.retryOn.tokens].sort()).toEqual(['cancelled', 'connect-failure', 'refused-stream', 'retriable-status-codes', 'unavailable']);
    expect(policy.retryOn.statusCodes.size).toBe(0);
    expect(policy.hostSelectionRetryMaxAttempts).toBe(5);
    expect(policy.previousHostsPredicate).toBe(true);
    expect(policy.perTryTimeout).toBeUndefined();
    expect(policy.backoff).toEqual({ baseSeconds: 0.025, maxSeconds: 0.25 });
    expect(diag.items).toEqual([]);
  });

  it('attempts: 0 disables retries', () => {
    expect(compile({ attempts: 0 }).policy.numRetries).toBe(0);
  });

  it('attempts: 0 with perTryTimeout or retryOn is an error (Istio validation)', () => {
    const { diag } = compile({ attempts: 0, perTryTimeout: '2s', retryOn: '5xx' });
    expect(diag.items.filter((d) => d.severity === 'error').map((d) => d.path.at(-1))).toEqual(['perTryTimeout', 'retryOn']);
  });

  it('corpus example {attempts: 3, perTryTimeout: 2s}: default retryOn, 2 s per try', () => {
    const { policy, diag } = compile({ attempts: 3, perTryTimeout: '2s' });
    expect(policy.numRetries).toBe(3);
    expect(policy.perTryTimeout).toBe(2);
    expect(policy.retryOn.tokens.has('connect-failure')).toBe(true);
    expect(policy.retryOn.tokens.has('5xx')).toBe(false);
    expect(diag.items).toEqual([]);
  });

  it('maps retryRemoteLocalities, retryIgnorePreviousHosts and backoff', () => {
    const { policy } = compile({ attempts: 1, retryRemoteLocalities: true, retryIgnorePreviousHosts: false, backoff: '100ms', retryOn: 'gateway-error,connect-failure,refused-stream' });
    expect(policy.previousPrioritiesUpdateFrequency).toBe(2);
    expect(policy.previousHostsPredicate).toBe(false);
    expect(policy.backoff).toEqual({ baseSeconds: 0.1, maxSeconds: 1 });
    expect(policy.retryOn.tokens.has('gateway-error')).toBe(true);
  });

  it('rejects unknown fields, negative attempts and bad types with paths', () => {
    const { diag } = compile({ attempts: -1, retryOnn: '5xx', retryIgnorePreviousHosts: 'yes' });
    const paths = diag.items.map((d) => d.path.at(-1)).sort();
    expect(paths).toEqual(['attempts', 'retryIgnorePreviousHosts', 'retryOnn']);
  });

  it('drops previous_hosts for consistent-hash destinations', () => {
    expect(effectiveRetryHostPredicate(ISTIO_DEFAULT_RETRY_POLICY, true)).toBe(false);
    expect(effectiveRetryHostPredicate(ISTIO_DEFAULT_RETRY_POLICY, false)).toBe(true);
  });

  it('an empty retryOn string falls back to the default conditions', () => {
    const { policy, diag } = compile({ attempts: 2, retryOn: '' });
    expect(policy.retryOn.tokens.has('connect-failure')).toBe(true);
    expect(diag.items).toEqual([]);
  });

  it('inbound default: 2 retries on reset-before-request only', () => {
    expect(ISTIO_DEFAULT_INBOUND_RETRY_POLICY.numRetries).toBe(2);
    expect([...ISTIO_DEFAULT_INBOUND_RETRY_POLICY.retryOn.tokens]).toEqual(['reset-before-request']);
  });
});
