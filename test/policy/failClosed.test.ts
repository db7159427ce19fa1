import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicy, type CompiledPolicy } from '../../src/policy/compilePolicy.js';
import type { IstioResource } from '../../src/policy/manifest.js';
import { request, seeded } from './policyFixtures.js';

/**
 * The compiler's fail-closed rule (src/policy/failClosed.ts), one property per resource
 * kind: a field meshsim does not understand can make a rule narrower or refuse the
 * resource, never broader. Each property compiles a random resource with and without
 * an unknown field injected at a random place, and compares what the two admit.
 */
const UNKNOWN = { futureField: ['x'] };
const api = { AuthorizationPolicy: 'security.istio.io/v1', PeerAuthentication: 'security.istio.io/v1', VirtualService: 'networking.istio.io/v1', DestinationRule: 'networking.istio.io/v1' } as const;
const resource = (kind: keyof typeof api, spec: unknown, index = 0): IstioResource => ({ apiVersion: api[kind], kind, metadata: { name: `r${index}`, namespace: 'default' }, spec, index });
const compile = (...resources: IstioResource[]): CompiledPolicy => {
  const r = compilePolicy(resources);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.policy;
};
/** A deep copy of `spec` with UNKNOWN merged into the object at `path`. */
function inject(spec: unknown, path: ReadonlyArray<string | number>): unknown {
  const copy = structuredClone(spec) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  for (const p of path) at = at[p] as Record<string | number, unknown>;
  Object.assign(at, UNKNOWN);
  return copy;
}

const principals = ['cluster.local/ns/default/sa/a', 'cluster.local/ns/other/sa/b', 'bank.example.com/ns/default/sa/c', undefined];
const requests = principals.flatMap((principal) =>
  ['/', '/admin', '/api/v1'].flatMap((path) => ['GET', 'POST'].map((method) => request({ path, method, source: principal === undefined ? {} : { principal } }))),
);

describe('AuthorizationPolicy: an unknown field inside a rule never admits more', () => {
  const source = fc.record(
    { principals: fc.subarray(['cluster.local/ns/default/sa/a', 'bank.example.com/*'], { minLength: 1 }), namespaces: fc.subarray(['default', 'other'], { minLength: 1 }), trustDomains: fc.subarray(['cluster.local', 'bank.example.com'], { minLength: 1 }) },
    { requiredKeys: [] },
  ).filter((s) => Object.keys(s).length > 0);
  const operation = fc.record({ paths: fc.subarray(['/admin', '/api/*', '/'], { minLength: 1 }), methods: fc.subarray(['GET', 'POST'], { minLength: 1 }) }, { requiredKeys: [] }).filter((o) => Object.keys(o).length > 0);
  const rule = fc.record({ from: fc.array(fc.record({ source }), { minLength: 1, maxLength: 2 }), to: fc.array(fc.record({ operation }), { minLength: 1, maxLength: 2 }) }, { requiredKeys: [] });
  const policy = fc.record({ action: fc.constantFrom('ALLOW', 'DENY'), rules: fc.array(rule, { minLength: 1, maxLength: 3 }) });
  const workload = { labels: { app: 'reviews' }, namespace: 'default' };

  it('for ALLOW and DENY policies, wherever the field is (rule, from, source, to, operation)', () => {
    fc.assert(
      fc.property(policy, fc.nat(), fc.nat(), (spec, pickRule, pickPlace) => {
        const r = spec.rules[pickRule % spec.rules.length] as { from?: unknown[]; to?: unknown[] };
        const ri = spec.rules.indexOf(r as (typeof spec.rules)[number]);
        const places: Array<Array<string | number>> = [['rules', ri]];
        r.from?.forEach((_, i) => places.push(['rules', ri, 'from', i], ['rules', ri, 'from', i, 'source']));
        r.to?.forEach((_, i) => places.push(['rules', ri, 'to', i], ['rules', ri, 'to', i, 'operation']));
        const place = places[pickPlace % places.length] as Array<string | number>;
        const before = compile(resource('AuthorizationPolicy', spec));
        const after = compile(resource('AuthorizationPolicy', inject(spec, place)));
        for (const q of requests) {
          if (after.authorize(q, workload).allowed) expect(before.authorize(q, workload).allowed).toBe(true);
        }
        // And it does fail closed: an ALLOW policy then admits nothing through that rule,
        // a DENY policy refuses everything.
        if (spec.action === 'DENY') for (const q of requests) expect(after.authorize(q, workload).allowed).toBe(false);
      }),
      { seed: 17, numRuns: 200 },
    );
  });

  it('an unknown field in the selector refuses the policy instead of widening it', () => {
    const r = compilePolicy([resource('AuthorizationPolicy', { selector: { matchLabels: { app: 'reviews' }, matchExpressions: [] }, rules: [{}] })]);
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.path.join('.'))).toEqual(['spec.selector.matchExpressions']);
  });
});

describe('VirtualService: an unknown field in a match block never widens what the block matches', () => {
  const match = fc.record({ uri: fc.constantFrom({ prefix: '/api' }, { exact: '/admin' }, { prefix: '/' }), method: fc.constantFrom({ exact: 'GET' }, { exact: 'POST' }) }, { requiredKeys: [] });
  const routes = fc.array(fc.record({ match: fc.array(match, { minLength: 1, maxLength: 2 }) }), { minLength: 1, maxLength: 3 });
  const vs = (http: unknown[]): unknown => ({ hosts: ['reviews'], http: [...http.map((h, i) => ({ ...(h as object), route: [{ destination: { host: 'reviews', subset: `s${i}` } }] }))] });

  it('a request taken by a route after the change was matched by that route before', () => {
    fc.assert(
      fc.property(routes, fc.nat(), fc.nat(), (http, pickRoute, pickMatch) => {
        const ri = pickRoute % http.length;
        const mi = pickMatch % (http[ri] as { match: unknown[] }).match.length;
        const after = compile(resource('VirtualService', inject(vs(http), ['http', ri, 'match', mi])));
        for (const q of requests) {
          const d = after.route(q, seeded(1));
          if (d.kind !== 'route') continue;
          // The same route, compiled alone, matched the request before the change.
          const alone = compile(resource('VirtualService', vs([http[d.routeIndex ?? 0]])));
          expect(alone.route(q, seeded(1)).kind).toBe('route');
        }
        // And the changed block, alone, matches nothing: it failed closed.
        const block = (http[ri] as { match: unknown[] }).match[mi];
        const blockAlone = compile(resource('VirtualService', inject(vs([{ match: [block] }]), ['http', 0, 'match', 0])));
        for (const q of requests) expect(blockAlone.route(q, seeded(1)).kind).toBe('localReply');
      }),
      { seed: 17, numRuns: 150 },
    );
  });
});

describe('PeerAuthentication: an unknown field never accepts more plaintext', () => {
  it('an mTLS setting with an unknown field is STRICT: a plaintext client is refused whatever the mode said', () => {
    const plaintextClient = resource('DestinationRule', { host: 'reviews', trafficPolicy: { tls: { mode: 'DISABLE' } } }, 1);
    const target = { clientNamespace: 'default', host: 'reviews', server: { labels: { app: 'reviews' }, namespace: 'default' } };
    for (const mode of ['DISABLE', 'PERMISSIVE', 'STRICT', 'UNSET']) {
      const before = compile(resource('PeerAuthentication', { mtls: { mode } }), plaintextClient);
      const after = compile(resource('PeerAuthentication', { mtls: { mode, ...UNKNOWN } }), plaintextClient);
      expect(after.peerAuthentication({ app: 'reviews' }, 'default').mode).toBe('STRICT');
      expect(after.connectionOutcome(target).established).toBe(false);
      if (!before.connectionOutcome(target).established) expect(after.connectionOutcome(target).established).toBe(false);
    }
  });

  it('an unknown field in the selector refuses the policy', () => {
    const r = compilePolicy([resource('PeerAuthentication', { selector: { matchLabels: { app: 'reviews' }, matchExpressions: [] }, mtls: { mode: 'DISABLE' } })]);
    expect(r.diagnostics.some((d) => d.severity === 'error' && d.path.join('.') === 'spec.selector.matchExpressions')).toBe(true);
  });
});

describe('DestinationRule: an unknown field is ignored and never refuses a valid resource', () => {
  const spec = {
    host: 'reviews',
    trafficPolicy: { connectionPool: { tcp: { maxConnections: 10 }, http: { http1MaxPendingRequests: 5 } }, outlierDetection: { consecutive5xxErrors: 3 }, loadBalancer: { simple: 'ROUND_ROBIN' } },
    subsets: [{ name: 'v1', labels: { version: 'v1' } }],
  };
  const places: Array<Array<string | number>> = [[], ['trafficPolicy'], ['trafficPolicy', 'connectionPool'], ['trafficPolicy', 'connectionPool', 'tcp'], ['trafficPolicy', 'connectionPool', 'http'], ['trafficPolicy', 'outlierDetection'], ['trafficPolicy', 'loadBalancer'], ['subsets', 0]];
  it.each(places.map((p) => [p.join('.') || 'spec', p] as const))('at %s: same policy, same subset selector, no error', (_name, place) => {
    const before = compile(resource('DestinationRule', spec));
    const after = compile(resource('DestinationRule', inject(spec, place)));
    expect(after.destinationPolicy('reviews', { subset: 'v1' })).toEqual(before.destinationPolicy('reviews', { subset: 'v1' }));
    expect(after.subsetSelector('reviews', 'v1')).toEqual(before.subsetSelector('reviews', 'v1'));
  });
});
