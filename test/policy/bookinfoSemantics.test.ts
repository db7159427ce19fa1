import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../src/policy/compilePolicy.js';
import type { RoutedDecision } from '../../src/policy/routeTable.js';
import { errorsOf, request, resourcesFromYaml, scripted, seeded } from './policyFixtures.js';

/**
 * The Istio bookinfo task files, unmodified, with the outcomes the istio.io tasks
 * describe (request routing, fault injection, traffic shifting). The files ship with
 * the repo (scenarios/istio/SOURCES.md).
 */
const BOOKINFO = fileURLToPath(new URL('../../scenarios/istio/bookinfo/networking', import.meta.url));
const bookinfo = (...files: string[]) => {
  const text = files.map((f) => readFileSync(join(BOOKINFO, f), 'utf8')).join('\n---\n');
  const r = compilePolicy(resourcesFromYaml(text));
  expect(errorsOf(r)).toEqual([]);
  return r.policy;
};
const routed = (d: ReturnType<ReturnType<typeof bookinfo>['route']>): RoutedDecision => {
  if (d.kind !== 'route') throw new Error(d.reason);
  return d;
};

describe('bookinfo tasks, as istio.io describes them', () => {
  it('request routing: jason sees reviews v2, everybody else v1', () => {
    const p = bookinfo('destination-rule-all.yaml', 'virtual-service-all-v1.yaml', 'virtual-service-reviews-test-v2.yaml');
    expect(routed(p.route(request({ host: 'reviews', headers: { 'end-user': 'jason' } }), scripted())).destination.subset).toBe('v2');
    expect(routed(p.route(request({ host: 'reviews' }), scripted())).destination.subset).toBe('v1');
    expect(p.subsetSelector('reviews', 'v2')).toEqual({ version: 'v2' });
  });

  it('fault injection: jason gets a 7 s delay / a 500 abort on ratings; others are untouched', () => {
    const delay = bookinfo('virtual-service-ratings-test-delay.yaml');
    expect(routed(delay.route(request({ host: 'ratings', headers: { 'end-user': 'jason' } }), seeded(1))).fault).toEqual({ delaySeconds: 7 });
    expect(routed(delay.route(request({ host: 'ratings' }), seeded(1))).fault).toEqual({ delaySeconds: 0 });
    const abort = bookinfo('virtual-service-ratings-test-abort.yaml');
    const d = routed(abort.route(request({ host: 'ratings', headers: { 'end-user': 'jason' } }), scripted()));
    expect(d.fault.abort).toEqual({ httpStatus: 500 });
    expect(d.bypassResilience).toBe(true);
  });

  it('traffic shifting 80/20 converges within binomial tolerance', () => {
    const p = bookinfo('virtual-service-reviews-80-20.yaml');
    const n = 20_000;
    const r = seeded('80-20');
    let v2 = 0;
    for (let i = 0; i < n; i++) if (routed(p.route(request({ host: 'reviews' }), r)).destination.subset === 'v2') v2++;
    expect(Math.abs(v2 / n - 0.2)).toBeLessThanOrEqual(5 * Math.sqrt((0.2 * 0.8) / n));
  });

  it('destination-rule-all-mtls: clients send ISTIO_MUTUAL to every subset', () => {
    const p = bookinfo('destination-rule-all-mtls.yaml');
    for (const [host, subset] of [['productpage', 'v1'], ['reviews', 'v3'], ['ratings', 'v2-mysql'], ['details', 'v2']] as const) {
      expect(p.destinationPolicy(host, { subset }).tls).toBe('ISTIO_MUTUAL');
    }
  });
});
