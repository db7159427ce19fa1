import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/policy/diagnostics.js';
import { compileFault, decideFault } from '../../src/policy/faultInjection.js';
import { scripted } from './policyFixtures.js';

function compile(raw: unknown) {
  const diag = new Diagnostics();
  return { config: compileFault(raw, ['spec', 'http', 0, 'fault'], diag), diag };
}

describe('fault injection (§7.4)', () => {
  it('percentages become per-million numerators; unset percentage injects nothing', () => {
    expect(compile({ delay: { fixedDelay: '5s', percentage: { value: 0.1 } } }).config).toEqual({ delay: { seconds: 5, perMillion: 1000 } });
    expect(compile({ delay: { fixedDelay: '5s' } }).config).toEqual({ delay: { seconds: 5, perMillion: 0 } });
    expect(compile({ abort: { httpStatus: 503 } }).config).toEqual({ abort: { httpStatus: 503, perMillion: 0 } });
    // Deprecated integer `percent`.
    expect(compile({ delay: { fixedDelay: '250ms', percent: 30 } }).config).toEqual({ delay: { seconds: 0.25, perMillion: 300_000 } });
  });

  it('grpcStatus aborts are trailers-only replies with HTTP 200', () => {
    expect(compile({ abort: { grpcStatus: 'UNAVAILABLE', percentage: { value: 100 } } }).config).toEqual({ abort: { httpStatus: 200, grpcStatus: 14, perMillion: 1_000_000 } });
    const bad = compile({ abort: { grpcStatus: 'BROKEN' } });
    expect(bad.diag.items[0]).toMatchObject({ severity: 'error', path: ['spec', 'http', 0, 'fault', 'abort', 'grpcStatus'] });
  });

  it('delay is rolled first, the abort independently; certain outcomes draw nothing', () => {
    const { config } = compile({ delay: { fixedDelay: '1s', percentage: { value: 100 } }, abort: { httpStatus: 500, percentage: { value: 20 } } });
    const r = scripted(0.19);
    expect(decideFault(config!, r)).toEqual({ delaySeconds: 1, abort: { httpStatus: 500 } });
    expect(r.used()).toBe(1);
    expect(decideFault(config!, scripted(0.2))).toEqual({ delaySeconds: 1 });
  });

  it('rejects a fault with nothing to inject, sub-millisecond delays and abort without a status', () => {
    expect(compile({}).diag.items[0]?.message).toBe('sets neither delay nor abort');
    expect(compile({ delay: { fixedDelay: '0.5ms', percentage: { value: 1 } } }).diag.items[0]?.severity).toBe('error');
    expect(compile({ abort: { percentage: { value: 1 } } }).diag.items[0]?.message).toBe('has no httpStatus or grpcStatus');
  });

  it('exponentialDelay and http2Error are warned as not modeled', () => {
    const { config, diag } = compile({ delay: { exponentialDelay: '1s' } });
    expect(config).toBeUndefined();
    expect(diag.items.map((d) => [d.severity, d.path.at(-1)])).toEqual([['warning', 'exponentialDelay']]);
  });
});
