import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/policy/diagnostics.js';
import { attemptDeadline, compileRouteTimeout, effectivePerTryTimeout } from '../../src/policy/timeouts.js';

describe('route and per-try timeouts (§2)', () => {
  it('no VirtualService timeout means no route timeout (Istio writes 0s, not Envoy 15s)', () => {
    expect(compileRouteTimeout(undefined, ['timeout'], new Diagnostics())).toBeUndefined();
  });

  it('"0s" disables it; "0.5s" is 0.5 s', () => {
    expect(compileRouteTimeout('0s', ['timeout'], new Diagnostics())).toBeUndefined();
    expect(compileRouteTimeout('0.5s', ['timeout'], new Diagnostics())).toBe(0.5);
  });

  it('reports a malformed timeout', () => {
    const d = new Diagnostics();
    expect(compileRouteTimeout('five seconds', ['spec', 'http', 0, 'timeout'], d)).toBeUndefined();
    expect(d.items[0]?.path).toEqual(['spec', 'http', 0, 'timeout']);
  });

  it('per-try timeout is dropped when ≥ the route timeout, kept otherwise or without one', () => {
    expect(effectivePerTryTimeout(2, 3)).toBe(2);
    expect(effectivePerTryTimeout(3, 3)).toBeUndefined();
    expect(effectivePerTryTimeout(5, 3)).toBeUndefined();
    expect(effectivePerTryTimeout(2, undefined)).toBe(2);
  });

  it('an attempt ends at the earlier of per-try (from stream ready) and route deadline', () => {
    expect(attemptDeadline(10, 2, 20)).toEqual({ at: 12, kind: 'perTryTimeout' });
    expect(attemptDeadline(19, 2, 20)).toEqual({ at: 20, kind: 'routeTimeout' });
    expect(attemptDeadline(19, undefined, undefined)).toBeUndefined();
  });
});
