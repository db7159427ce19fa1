import { describe, expect, it } from 'vitest';
import {
  faultAbort,
  isLocalOrigin,
  localOutcome,
  outlierStatusOf,
  responseFlagOf,
  upstreamResponse,
} from '../../src/policy/attemptOutcome.js';

describe('attempt outcome vocabulary', () => {
  it('local replies carry Envoy statuses and flags', () => {
    expect([localOutcome('connectFailure').status, responseFlagOf(localOutcome('connectFailure'))]).toEqual([503, 'UF']);
    expect([localOutcome('overflow').status, responseFlagOf(localOutcome('overflow'))]).toEqual([503, 'UO']);
    expect([localOutcome('perTryTimeout').status, responseFlagOf(localOutcome('perTryTimeout'))]).toEqual([504, 'UT']);
    expect([localOutcome('routeTimeout').status, responseFlagOf(localOutcome('routeTimeout'))]).toEqual([504, 'UT']);
    expect([localOutcome('noHealthyUpstream').status, responseFlagOf(localOutcome('noHealthyUpstream'))]).toEqual([503, 'UH']);
    expect([localOutcome('noRoute').status, responseFlagOf(localOutcome('noRoute'))]).toEqual([404, 'NR']);
    expect([localOutcome('rbacDenied').status, responseFlagOf(localOutcome('rbacDenied'))]).toEqual([403, undefined]);
    expect(responseFlagOf(faultAbort(503))).toBe('FI');
    expect(responseFlagOf(localOutcome('connectionTermination'))).toBe('UC');
    expect(responseFlagOf(localOutcome('downstreamDisconnect'))).toBe('DC');
    expect(responseFlagOf(upstreamResponse(500))).toBeUndefined();
  });

  it('what outlier detection sees: UO/UH/FI/NR nothing, resets 503, timeouts 504, responses their status', () => {
    expect(outlierStatusOf(localOutcome('overflow'))).toBeUndefined();
    expect(outlierStatusOf(localOutcome('noHealthyUpstream'))).toBeUndefined();
    expect(outlierStatusOf(faultAbort(500))).toBeUndefined();
    expect(outlierStatusOf(localOutcome('noRoute'))).toBeUndefined();
    expect(outlierStatusOf(localOutcome('remoteReset'))).toBe(503);
    expect(outlierStatusOf(localOutcome('connectTimeout'))).toBe(503);
    expect(outlierStatusOf(localOutcome('perTryTimeout'))).toBe(504);
    expect(outlierStatusOf(upstreamResponse(502))).toBe(502);
    expect(outlierStatusOf(localOutcome('rbacDenied'))).toBe(403);
  });

  it('local origin: network and timeout events, not responses or overflow', () => {
    expect(isLocalOrigin(localOutcome('connectFailure'))).toBe(true);
    expect(isLocalOrigin(localOutcome('perTryTimeout'))).toBe(true);
    expect(isLocalOrigin(upstreamResponse(503))).toBe(false);
    expect(isLocalOrigin(localOutcome('overflow'))).toBe(false);
  });
});
