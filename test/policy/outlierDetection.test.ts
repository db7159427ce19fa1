import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/policy/diagnostics.js';
import { compileOutlierDetection } from '../../src/policy/outlierDetection.js';

const path = ['spec', 'trafficPolicy', 'outlierDetection'];
function compile(raw: unknown) {
  const d = new Diagnostics();
  return { config: compileOutlierDetection(raw, path, d), diag: d };
}

describe('compileOutlierDetection (§3.6)', () => {
  it('no block → no outlier detection', () => {
    expect(compile(undefined).config).toBeUndefined();
  });

  it('any block, even {interval: 5s}, enables 5×5xx ejection with Envoy defaults', () => {
    const { config, diag } = compile({ interval: '5s' });
    expect(config).toEqual({
      consecutive5xx: 5,
      enforceConsecutive5xx: true,
      consecutiveGatewayFailure: 5,
      enforceConsecutiveGatewayFailure: false,
      interval: 5,
      baseEjectionTime: 30,
      maxEjectionTime: 300,
      maxEjectionPercent: 10,
      healthyPanicThreshold: 0,
    });
    expect(diag.items).toEqual([]);
  });

  it('consecutive5xxErrors: 0 disables 5xx enforcement; a value enables gateway enforcement', () => {
    const { config } = compile({ consecutive5xxErrors: 0, consecutiveGatewayErrors: 7 });
    expect(config).toMatchObject({ consecutive5xx: 0, enforceConsecutive5xx: false, consecutiveGatewayFailure: 7, enforceConsecutiveGatewayFailure: true });
  });

  it('maxEjectionPercent 0 means the default 10; minHealthPercent becomes the panic threshold', () => {
    expect(compile({ maxEjectionPercent: 0 }).config?.maxEjectionPercent).toBe(10);
    expect(compile({ maxEjectionPercent: 100, minHealthPercent: 30 }).config).toMatchObject({ maxEjectionPercent: 100, healthyPanicThreshold: 30 });
  });

  it('corpus example (reviews-cb-policy): 7 errors, 5m interval, 15m base', () => {
    const { config } = compile({ consecutive5xxErrors: 7, interval: '5m', baseEjectionTime: '15m' });
    expect(config).toMatchObject({ consecutive5xx: 7, interval: 300, baseEjectionTime: 900, maxEjectionTime: 900 });
  });

  it('warns about deprecated consecutiveErrors and unmodeled split mode', () => {
    const { diag } = compile({ consecutiveErrors: 1, splitExternalLocalOriginErrors: true, consecutiveLocalOriginFailures: 3 });
    expect(diag.items.map((d) => [d.severity, d.path.at(-1)])).toEqual([
      ['warning', 'consecutiveErrors'],
      ['warning', 'splitExternalLocalOriginErrors'],
      ['warning', 'consecutiveLocalOriginFailures'],
    ]);
  });

  it('errors on out-of-range values; unknown fields are warnings', () => {
    const { diag } = compile({ maxEjectionPercent: 101, minHealthPercent: -1, consecutive5xxErrors: 'five', interval: '0ms', bogus: 1 });
    expect(diag.items.filter((d) => d.severity === 'warning').map((d) => d.path.at(-1))).toEqual(['bogus']);
    expect(diag.items.filter((d) => d.severity === 'error').map((d) => d.path.at(-1)).sort()).toEqual([
      'consecutive5xxErrors',
      'interval',
      'maxEjectionPercent',
      'minHealthPercent',
    ]);
  });
});
