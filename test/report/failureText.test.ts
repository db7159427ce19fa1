import { describe, expect, it } from 'vitest';
import { localOutcome, upstreamResponse } from '../../src/policy/attemptOutcome.js';
import { CAUSES, decodeOutcomeKey, outcome, outcomeKey, responseFlagBits, type Cause, type Outcome } from '../../src/models/outcome.js';
import { failureText, failuresByCause, failuresByText } from '../../src/report/failureText.js';

const text = (o: Outcome): string => failureText(outcomeKey(o));
const limit = { retry: false as const, reason: 'RetryLimitExceeded' as const, flag: 'URX' as const };
const budget = { retry: false as const, reason: 'RetryBudgetExhausted' as const, flag: 'UO' as const };

describe('failure reasons: the only place an outcome becomes text', () => {
  it('a proxy\'s own decision reads as its Envoy flags, the retry refusal\'s after its own', () => {
    expect(text(outcome(503, 'connectFailure', responseFlagBits(localOutcome('connectFailure'), limit)))).toBe('UF,URX');
    expect(text(outcome(503, 'connectFailure', responseFlagBits(localOutcome('connectFailure'), budget)))).toBe('UF,UO');
    expect(text(outcome(503, 'overflow', responseFlagBits(localOutcome('overflow'), undefined)))).toBe('UO');
    expect(text(outcome(504, 'routeTimeout', responseFlagBits(localOutcome('routeTimeout'), undefined)))).toBe('UT');
    expect(text(outcome(404, 'noRoute', responseFlagBits(localOutcome('noRoute'), undefined)))).toBe('NR');
    expect(text(outcome(499, 'downstreamDisconnect', responseFlagBits(localOutcome('downstreamDisconnect'), undefined)))).toBe('DC');
  });

  it('an app\'s answer keeps its words through the proxies, with the flags the deciding proxy added', () => {
    expect(text(outcome(503, 'queueFull'))).toBe('queue full');
    expect(text(outcome(500, 'appError', responseFlagBits(upstreamResponse(500), limit)))).toBe('app error,URX');
    expect(text(outcome(503, 'replicaUnreachable'))).toBe('connect failure');
    expect(text(outcome(499, 'cancelled'))).toBe('cancelled');
    expect(text(outcome(503, 'inboundOverflow'))).toBe('inbound overflow');
  });

  it('RBAC and fault aborts name themselves; a bare status reads as the status (a 4xx other than 403/429 alone)', () => {
    expect(text(outcome(403, 'rbacDenied', 0, { authz: { reason: 'DeniedByPolicy', policy: 'default/x' } }))).toBe('RBAC: access denied');
    expect(text(outcome(503, 'faultAbort', responseFlagBits({ cause: 'faultAbort', status: 503 }, undefined)))).toBe('fault abort');
    expect(text(outcome(503, 'httpStatus', responseFlagBits(upstreamResponse(503), limit)))).toBe('503,URX');
    expect(text(outcome(409, 'httpStatus', responseFlagBits(upstreamResponse(409), limit)))).toBe('409');
    expect(text(outcome(429, 'httpStatus'))).toBe('429');
  });

  it('keys round-trip for every cause, and counts add up by text and by cause', () => {
    for (const cause of CAUSES) {
      const o = outcome(503, cause as Cause, 1024 + 512 + 1);
      expect(decodeOutcomeKey(outcomeKey(o))).toEqual({ cause, flags: 1537, status: 503 });
    }
    const counts = { [outcomeKey(outcome(503, 'queueFull'))]: 2, [outcomeKey(outcome(503, 'queueFull', responseFlagBits(upstreamResponse(503), limit)))]: 3 };
    expect(failuresByText(counts)).toEqual({ 'queue full': 2, 'queue full,URX': 3 });
    expect(failuresByCause(counts)).toEqual({ queueFull: 5 });
  });
});
