import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { localOutcome, upstreamResponse } from '../../src/policy/attemptOutcome.js';
import { Diagnostics } from '../../src/policy/diagnostics.js';
import { compileOutlierDetection, maxEjectableHosts, OutlierDetector, type OutlierDetectionConfig } from '../../src/policy/outlierDetector.js';

function config(raw: unknown): OutlierDetectionConfig {
  const c = compileOutlierDetection(raw, [], new Diagnostics());
  if (!c) throw new Error('expected a config');
  return c;
}
const ids = (n: number) => Array.from({ length: n }, (_, i) => i);
const fail = (d: OutlierDetector, id: number, times: number, now = 0, status = 500) => {
  let last;
  for (let i = 0; i < times; i++) last = d.onResult(id, upstreamResponse(status), now) ?? last;
  return last;
};

describe('max_ejection_percent, current Envoy rule (§3.3)', () => {
  it('default 10%: 3 hosts eject nothing, 10 hosts eject 1, 20 hosts eject 2', () => {
    const c = config({});
    expect(new OutlierDetector(c, ids(3), 0).maxEjectableHosts()).toBe(0);
    expect(new OutlierDetector(c, ids(9), 0).maxEjectableHosts()).toBe(0);
    expect(new OutlierDetector(c, ids(10), 0).maxEjectableHosts()).toBe(1);
    expect(new OutlierDetector(c, ids(20), 0).maxEjectableHosts()).toBe(2);
  });

  it('a validator can tell before running that nothing will ever be ejected', () => {
    expect(maxEjectableHosts(config({}), 9)).toBe(0);
    expect(maxEjectableHosts(config({ maxEjectionPercent: 34 }), 3)).toBe(1);
    expect(maxEjectableHosts(config({}), 3, { alwaysEjectOneHost: true })).toBe(1);
  });

  it('with 3 hosts the detection is reported as MaxEjectionPercentReached and nothing is ejected', () => {
    const d = new OutlierDetector(config({}), ids(3), 0);
    const ev = fail(d, 0, 5);
    expect(ev).toMatchObject({ endpointId: 0, detector: 'consecutive5xx', result: 'MaxEjectionPercentReached', hosts: 3 });
    expect(d.isEjected(0)).toBe(false);
    expect(d.stats.overflowed).toBe(1);
  });

  it('with 10 hosts the first ejection succeeds, the second is refused', () => {
    const d = new OutlierDetector(config({}), ids(10), 0);
    expect(fail(d, 0, 5)).toMatchObject({ result: 'Ejected', ejectionSeconds: 30, activeEjections: 1 });
    expect(fail(d, 1, 5)).toMatchObject({ result: 'MaxEjectionPercentReached', activeEjections: 1 });
  });

  it('legacy rule (Envoy ≤1.26) always allows the first ejection', () => {
    const d = new OutlierDetector(config({}), ids(3), 0, { maxEjectionRule: 'envoy<=1.26' });
    expect(d.maxEjectableHosts()).toBe(1);
    expect(fail(d, 0, 5)?.result).toBe('Ejected');
  });

  it('maxEjectionPercent 100 ejects every host', () => {
    const d = new OutlierDetector(config({ maxEjectionPercent: 100 }), ids(3), 0);
    for (const id of ids(3)) expect(fail(d, id, 5)?.result).toBe('Ejected');
    expect(d.activeEjections).toBe(3);
    expect(d.ejectedEndpoints()).toEqual([0, 1, 2]);
  });
});

describe('counting (non-split mode, §3.2)', () => {
  const d100 = () => new OutlierDetector(config({ maxEjectionPercent: 100 }), ids(2), 0);

  it('ejects at exactly the 5th consecutive 5xx; a success in between resets', () => {
    const d = d100();
    expect(fail(d, 0, 4)).toBeUndefined();
    d.onResult(0, upstreamResponse(200), 0);
    expect(fail(d, 0, 4)).toBeUndefined();
    expect(fail(d, 0, 1)?.result).toBe('Ejected');
  });

  it('connect failures count as 503 and per-try timeouts as 504', () => {
    const d = d100();
    for (let i = 0; i < 4; i++) d.onResult(0, localOutcome('connectFailure'), 0);
    expect(d.onResult(0, localOutcome('perTryTimeout'), 0)?.result).toBe('Ejected');
  });

  it('UO overflow and UH are not reported: they neither count nor reset', () => {
    const d = d100();
    fail(d, 0, 4);
    for (let i = 0; i < 10; i++) expect(d.onResult(0, localOutcome('overflow'), 0)).toBeUndefined();
    d.onResult(0, localOutcome('noHealthyUpstream'), 0);
    expect(fail(d, 0, 1)?.result).toBe('Ejected');
  });

  it('UO alone never ejects', () => {
    const d = d100();
    for (let i = 0; i < 100; i++) d.onResult(0, localOutcome('overflow'), 0);
    expect(d.isEjected(0)).toBe(false);
  });

  it('a 4xx (incl. RBAC 403) resets the counters', () => {
    const d = d100();
    fail(d, 0, 4);
    d.onResult(0, localOutcome('rbacDenied'), 0);
    expect(fail(d, 0, 4)).toBeUndefined();
  });

  it('gateway errors are detected but not enforced by default; consecutiveGatewayErrors enforces them', () => {
    const d = new OutlierDetector(config({ consecutive5xxErrors: 0, maxEjectionPercent: 100 }), ids(2), 0);
    expect(fail(d, 0, 5, 0, 503)).toMatchObject({ detector: 'consecutiveGatewayFailure', result: 'NotEnforced' });
    expect(fail(d, 0, 50, 0, 500)).toBeUndefined(); // 5xx detection disabled by 0
    const g = new OutlierDetector(config({ consecutive5xxErrors: 0, consecutiveGatewayErrors: 3, maxEjectionPercent: 100 }), ids(2), 0);
    expect(fail(g, 0, 2, 0, 502)).toBeUndefined();
    expect(fail(g, 0, 1, 0, 504)).toMatchObject({ detector: 'consecutiveGatewayFailure', result: 'Ejected' });
  });

  it('a 500 breaks a run of gateway errors but not the 5xx run', () => {
    const d = new OutlierDetector(config({ consecutiveGatewayErrors: 2, consecutive5xxErrors: 4, maxEjectionPercent: 100 }), ids(2), 0);
    fail(d, 0, 1, 0, 503);
    fail(d, 0, 1, 0, 500);
    expect(fail(d, 0, 1, 0, 503)).toBeUndefined();
    expect(fail(d, 0, 1, 0, 503)?.detector).toBe('consecutiveGatewayFailure'); // 4th 5xx too; gateway ejected first
  });
});

describe('ejection time growth, decay and un-ejection (§3.4)', () => {
  it('durations 30, 60, 90 … capped at 300 s when re-ejected right away', () => {
    const d = new OutlierDetector(config({ maxEjectionPercent: 100 }), ids(1), 0);
    const durations: number[] = [];
    let now = 0;
    for (let k = 0; k < 13; k++) {
      const ev = fail(d, 0, 5, now);
      durations.push(ev?.ejectionSeconds ?? -1);
      // Tick every 10 s until the host comes back, then fail it again immediately.
      while (d.isEjected(0)) {
        now = d.nextTickAt;
        d.onTick(now);
      }
    }
    expect(durations).toEqual([30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 300, 300, 300]);
  });

  it('un-ejection happens only on ticks: ejected at t=5 for 30 s, back at the t=40 tick', () => {
    const d = new OutlierDetector(config({ maxEjectionPercent: 100 }), ids(1), 0);
    fail(d, 0, 5, 5);
    expect(d.onTick(10)).toEqual([]);
    expect(d.onTick(20)).toEqual([]);
    expect(d.onTick(30)).toEqual([]);
    expect(d.isEjected(0)).toBe(true);
    expect(d.onTick(40)).toEqual([0]);
    expect(d.isEjected(0)).toBe(false);
    expect(d.nextTickAt).toBe(50);
  });

  it('the multiplier decays by one per healthy tick: after 3 ejections and 2 healthy ticks the next lasts 60 s', () => {
    const d = new OutlierDetector(config({ maxEjectionPercent: 100 }), ids(1), 0);
    let now = 0;
    for (let k = 0; k < 3; k++) {
      fail(d, 0, 5, now);
      while (d.isEjected(0)) d.onTick((now = d.nextTickAt));
    }
    expect(d.ejectionMultiplier(0)).toBe(3);
    d.onTick(d.nextTickAt);
    d.onTick((now = d.nextTickAt));
    expect(d.ejectionMultiplier(0)).toBe(1);
    expect(fail(d, 0, 5, now)?.ejectionSeconds).toBe(60);
  });

  it('base larger than 300 s: max becomes base (15m corpus example)', () => {
    const c = config({ baseEjectionTime: '15m', maxEjectionPercent: 100 });
    expect(c.maxEjectionTime).toBe(900);
    const d = new OutlierDetector(c, ids(1), 0);
    expect(fail(d, 0, 5)?.ejectionSeconds).toBe(900);
  });

  it('first tick is one interval after creation', () => {
    expect(new OutlierDetector(config({ interval: '5s' }), ids(1), 100).nextTickAt).toBe(105);
  });

  it('removing an ejected host frees its ejection slot', () => {
    const d = new OutlierDetector(config({}), ids(10), 0);
    fail(d, 3, 5);
    expect(d.activeEjections).toBe(1);
    d.setEndpoints([0, 1, 2, 4, 5, 6, 7, 8, 9, 10]);
    expect(d.activeEjections).toBe(0);
    expect(d.hostCount).toBe(10);
  });
});

describe('panic (minHealthPercent, §3.6, §5.3)', () => {
  it('Istio default 0%: never in panic, even with every host ejected', () => {
    const d = new OutlierDetector(config({ maxEjectionPercent: 100 }), ids(2), 0);
    fail(d, 0, 5);
    fail(d, 1, 5);
    expect(d.isInPanic()).toBe(false);
  });

  it('minHealthPercent 50: panic once fewer than half the hosts are healthy', () => {
    const d = new OutlierDetector(config({ maxEjectionPercent: 100, minHealthPercent: 50 }), ids(4), 0);
    fail(d, 0, 5);
    fail(d, 1, 5);
    expect(d.isInPanic()).toBe(false); // 50% healthy is not < 50
    fail(d, 2, 5);
    expect(d.isInPanic()).toBe(true);
  });

  it('no panic while 140·healthy/N ≥ 100 even above the threshold (80%, 3 of 4 healthy)', () => {
    const d = new OutlierDetector(config({ maxEjectionPercent: 100, minHealthPercent: 80 }), ids(4), 0);
    fail(d, 0, 5);
    expect(d.isInPanic()).toBe(false);
  });
});

describe('properties', () => {
  it('active ejections never exceed the admitted share floor(N·max%/100)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.record({ host: fc.nat(), ok: fc.boolean(), tick: fc.boolean() }), { minLength: 50, maxLength: 400, size: 'max' }),
        (n, pct, events) => {
          const d = new OutlierDetector(config({ maxEjectionPercent: pct, consecutive5xxErrors: 2, interval: '1s', baseEjectionTime: '2s' }), ids(n), 0);
          let now = 0;
          for (const e of events) {
            if (e.tick) d.onTick((now = d.nextTickAt));
            else d.onResult(e.host % n, upstreamResponse(e.ok ? 200 : 503), now);
            const admitted = Math.floor((n * pct) / 100 + 1e-9);
            if (d.activeEjections > admitted) return false;
            if (ids(n).filter((id) => d.isEjected(id)).length !== d.activeEjections) return false;
          }
          return true;
        },
      ),
    );
  });

  it('an ejected host stays out for [D, D + interval) of its nominal duration D, and D is base·k ≤ max', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.record({ host: fc.nat(), ok: fc.boolean(), tick: fc.boolean(), gap: fc.integer({ min: 0, max: 3 }) }), { minLength: 50, maxLength: 400, size: 'max' }),
        (n, events) => {
          const interval = 3;
          const base = 5;
          const d = new OutlierDetector(config({ maxEjectionPercent: 100, consecutive5xxErrors: 2, interval: `${interval}s`, baseEjectionTime: `${base}s` }), ids(n), 0);
          const ejectedAt = new Map<number, { at: number; nominal: number }>();
          let now = 0;
          for (const e of events) {
            if (e.tick) {
              now = d.nextTickAt;
              for (const id of d.onTick(now)) {
                const ej = ejectedAt.get(id);
                if (!ej) return false;
                const out = now - ej.at;
                if (out < ej.nominal - 1e-9 || out >= ej.nominal + interval) return false;
                ejectedAt.delete(id);
              }
            } else {
              // Results arrive between ticks, never past the next tick.
              now = Math.min(now + e.gap * 0.5, d.nextTickAt);
              const ev = d.onResult(e.host % n, upstreamResponse(e.ok ? 200 : 500), now);
              if (ev?.result === 'Ejected') {
                const k = (ev.ejectionSeconds ?? 0) / base;
                if (!Number.isInteger(k) || k < 1 || (ev.ejectionSeconds ?? 0) > 300) return false;
                ejectedAt.set(ev.endpointId, { at: now, nominal: ev.ejectionSeconds ?? 0 });
              }
            }
          }
          return true;
        },
      ),
    );
  });
});


// Hosts are looked up by id offset when their ids are close (a service's replicas), by
// Map when they are spread out; both must decide alike.
describe('hosts with far-apart ids', () => {
  it('are detected, ejected and returned exactly as hosts with consecutive ids', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ host: fc.integer({ min: 0, max: 3 }), status: fc.constantFrom(200, 500, 503), tick: fc.boolean() }), { maxLength: 200 }),
        (steps) => {
          const cfg = config({ consecutive5xxErrors: 3, interval: '1s', baseEjectionTime: '2s', maxEjectionPercent: 50 });
          const spread = [7, 1_000_003, 42, 2_000_000_000];
          const dense = new OutlierDetector(cfg, ids(4), 0);
          const sparse = new OutlierDetector(cfg, spread, 0);
          let now = 0;
          for (const s of steps) {
            now += 0.25;
            const a = dense.onResult(s.host, upstreamResponse(s.status), now);
            const b = sparse.onResult(spread[s.host] as number, upstreamResponse(s.status), now);
            expect(b === undefined ? undefined : { ...b, endpointId: spread.indexOf(b.endpointId) }).toEqual(a);
            if (s.tick) expect(sparse.onTick(now).map((id) => spread.indexOf(id)).sort()).toEqual(dense.onTick(now));
            expect(spread.map((id) => sparse.isEjected(id))).toEqual(ids(4).map((id) => dense.isEjected(id)));
          }
        },
      ),
      { seed: 15, numRuns: 200 },
    );
  });

  it('keeps a host added below the lowest id', () => {
    const d = new OutlierDetector(config({ consecutive5xxErrors: 1, maxEjectionPercent: 100 }), [10, 11], 0);
    d.setEndpoints([3, 10, 11]);
    expect(fail(d, 3, 1)?.result).toBe('Ejected');
    expect([d.isEjected(3), d.isEjected(10), d.isEjected(4)]).toEqual([true, false, false]);
  });
});
