import { expect } from 'vitest';
import type { CompiledPolicy } from '../../src/policy/compilePolicy.js';
import type { RouteDecision } from '../../src/policy/routeTable.js';
import { request, seeded } from '../policy/policyFixtures.js';
import { compileDocs, dr, FILES, policyOf, vs, type PeerCase } from './peerCase.js';

/**
 * route_test.go TestBuildHTTPRoutes: what the caller's sidecar route does with a request.
 * Istio's fixtures bind to a gateway and `*.example.org`; the facts are the same for a
 * mesh VirtualService on `reviews`, which is how they are translated.
 */
const T = 'TestBuildHTTPRoutes';
const to = (subset?: string, port?: number) => [{ destination: { host: 'reviews', ...(subset ? { subset } : {}), ...(port ? { port: { number: port } } : {}) } }];
const routed = (p: CompiledPolicy, overrides: Parameters<typeof request>[0] = {}): RouteDecision => p.route(request({ host: 'reviews', ...overrides }), seeded(1));
const subsetOf = (d: RouteDecision): string | undefined => (d.kind === 'route' ? (d.destination.subset ?? '(service)') : undefined);
const cookieKey = (p: CompiledPolicy, d: RouteDecision): unknown => {
  if (d.kind !== 'route') return undefined;
  const k = p.destinationPolicy(d.destination.host, { ...(d.destination.subset ? { subset: d.destination.subset } : {}), ...(d.destination.port ? { port: d.destination.port } : {}) }).loadBalancer.consistentHash?.key;
  return k?.kind === 'cookie' ? k.name : k?.kind;
};
const cookieLb = (name: string) => ({ consistentHash: { httpCookie: { name } } });
const subsets = [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }];

export const routeCases: PeerCase[] = [
  {
    family: 'routing', file: FILES.route, test: `${T}/for virtual service with timeout`,
    expectation: 'timeout: 10s becomes the route timeout (10 s)',
    check: () => expect((routed(policyOf(vs({ hosts: ['reviews'], http: [{ route: to(), timeout: '10s' }] }))) as { timeoutSeconds?: number }).timeoutSeconds).toBe(10),
  },
  {
    family: 'routing', file: FILES.route, test: `${T}/for virtual service with disabled timeout`,
    expectation: 'timeout: 0s leaves the route without a timeout (0 = disabled)',
    check: () => expect((routed(policyOf(vs({ hosts: ['reviews'], http: [{ route: to(), timeout: '0s' }] }))) as { timeoutSeconds?: number }).timeoutSeconds).toBeUndefined(),
  },
  {
    family: 'routing', file: FILES.route, test: `${T}/for virtual service with catch all route`,
    expectation: 'routes keep their order: the matching route first, the catch-all (no match) after it',
    check: () => {
      const p = policyOf(vs({ hosts: ['reviews'], http: [{ name: 'non-catch-all', match: [{ uri: { prefix: '/route/v1' } }], route: to('v1') }, { name: 'catch-all', route: to('v2') }] }), dr({ host: 'reviews', subsets }));
      expect([subsetOf(routed(p, { path: '/route/v1/x' })), subsetOf(routed(p, { path: '/other' }))]).toEqual(['v1', 'v2']);
    },
  },
  {
    family: 'routing', file: FILES.route, test: `${T}/for virtual service with top level catch all route`,
    expectation: 'a route whose match is a prefix "/" catches every path',
    check: () => expect(subsetOf(routed(policyOf(vs({ hosts: ['reviews'], http: [{ match: [{ uri: { prefix: '/' } }], route: to('v1') }] }), dr({ host: 'reviews', subsets })), { path: '/anything' }))).toBe('v1'),
  },
  {
    family: 'routing', file: FILES.route, test: `${T}/for virtual service with regex matching on URI`,
    expectation: 'uri regex must match the whole path (RE2 full match)',
    check: () => {
      const p = policyOf(vs({ hosts: ['reviews'], http: [{ match: [{ uri: { regex: '\\/(.?)\\/status' } }], route: to() }] }));
      expect([routed(p, { path: '/a/status' }).kind, routed(p, { path: '/a/status/x' }).kind]).toEqual(['route', 'localReply']);
    },
  },
  {
    family: 'routing', file: FILES.route, test: `${T}/for virtual service with presence matching on header`,
    expectation: 'a header match {} (or regex "*") means "present": any value matches, absence does not',
    check: () => {
      const p = policyOf(vs({ hosts: ['reviews'], http: [{ match: [{ headers: { 'FOO-HEADER': {} } }], route: to() }] }));
      expect([routed(p, { headers: { 'foo-header': '' } }).kind, routed(p, { headers: { 'foo-header': 'x' } }).kind, routed(p).kind]).toEqual(['route', 'route', 'localReply']);
    },
  },
  {
    family: 'routing', file: FILES.route, test: `${T}/for virtual service with presence matching on header and without_header`,
    expectation: 'withoutHeaders {} inverts presence: the route applies only when the header is absent',
    check: () => {
      const p = policyOf(vs({ hosts: ['reviews'], http: [{ match: [{ withoutHeaders: { 'FOO-HEADER': {} } }], route: to() }] }));
      expect([routed(p).kind, routed(p, { headers: { 'foo-header': 'x' } }).kind]).toEqual(['route', 'localReply']);
    },
  },
  {
    family: 'routing', file: FILES.route, test: `${T}/for virtual service with regex matching on without_header`,
    expectation: 'withoutHeaders regex inverts the regex: a matching value excludes the route',
    check: () => {
      const p = policyOf(vs({ hosts: ['reviews'], http: [{ match: [{ withoutHeaders: { 'FOO-HEADER': { regex: 'foo' } } }], route: to() }] }));
      expect([routed(p, { headers: { 'foo-header': 'foo' } }).kind, routed(p, { headers: { 'foo-header': 'bar' } }).kind]).toEqual(['localReply', 'route']);
    },
  },
  ...([['exact', 'value', 'value', 'value2'], ['prefix', 'val', 'value', 'other'], ['regex', 'v.*e', 'value', 'valuex']] as const).map(
    ([how, pattern, yes, no]): PeerCase => ({
      family: 'routing', file: FILES.route, test: `${T}/for virtual service with ${how} matching on query parameter`,
      expectation: `queryParams ${how} "${pattern}" matches "${yes}" and not "${no}"`,
      check: () => {
        const p = policyOf(vs({ hosts: ['reviews'], http: [{ match: [{ queryParams: { token: { [how]: pattern } } }], route: to() }] }));
        expect([routed(p, { path: `/?token=${yes}` }).kind, routed(p, { path: `/?token=${no}` }).kind]).toEqual(['route', 'localReply']);
      },
    }),
  ),
  {
    family: 'routing', file: FILES.route, test: `${T}/for virtual service with source namespace matching`,
    expectation: 'sourceNamespace restricts the route to callers in that namespace',
    check: () => {
      const p = policyOf(vs({ hosts: ['reviews.default.svc.cluster.local'], http: [{ match: [{ sourceNamespace: 'foo' }], route: [{ destination: { host: 'reviews.default.svc.cluster.local' } }] }] }));
      const q = (ns: string) => p.route(request({ host: 'reviews.default.svc.cluster.local', source: { namespace: ns } }), seeded(1)).kind;
      expect([q('foo'), q('bar')]).toEqual(['route', 'localReply']);
    },
  },
  {
    family: 'routing', file: FILES.route, test: `${T}/for redirect code`,
    expectation: 'redirectCode 308 answers with a 308 redirect',
    check: () => expect(routed(policyOf(vs({ hosts: ['reviews'], http: [{ redirect: { uri: '/new', authority: 'x', redirectCode: 308 } }] })))).toMatchObject({ kind: 'localReply', reason: 'Redirect', status: 308 }),
  },
  {
    family: 'routing', file: FILES.route, test: `${T}/for invalid redirect code`,
    expectation: 'redirectCode 317 (outside 301/302/303/307/308): pilot builds the route without an action',
    notModeled: 'Envoy refuses a route without an action, and with it the whole route configuration (a NACK); meshsim has no config-rejection model and warns at compile time instead',
  },
  {
    family: 'routing', file: FILES.route, test: `${T}/for direct response code`,
    expectation: 'directResponse answers locally with its status',
    check: () => expect(routed(policyOf(vs({ hosts: ['reviews'], http: [{ directResponse: { status: 200, body: { string: 'hello' } } }] })))).toMatchObject({ kind: 'localReply', reason: 'DirectResponse', status: 200 }),
  },
  {
    family: 'routing', file: FILES.route, test: `${T}/for virtual service with subsets with ring hash`,
    expectation: 'the subset\'s own consistent hash (cookie other-cookie) is the route\'s hash policy',
    check: () => {
      const p = policyOf(vs({ hosts: ['reviews'], http: [{ route: to('v1') }] }), dr({ host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { loadBalancer: cookieLb('other-cookie') } }] }));
      expect(cookieKey(p, routed(p))).toBe('other-cookie');
    },
  },
  {
    family: 'routing', file: FILES.route, test: `${T}/for virtual service with subsets with port level settings with ring hash`,
    expectation: 'a subset\'s port-level consistent hash on the destination port wins',
    check: () => {
      const p = policyOf(
        vs({ hosts: ['reviews'], http: [{ route: to('v1', 8484) }] }),
        dr({ host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { loadBalancer: cookieLb('other-cookie'), portLevelSettings: [{ port: { number: 8484 }, loadBalancer: cookieLb('port-level-settings-cookie') }] } }] }),
      );
      expect(cookieKey(p, routed(p))).toBe('port-level-settings-cookie');
    },
  },
  {
    family: 'routing', file: FILES.route, test: `${T}/for virtual service with port level settings matching service port`,
    expectation: 'portLevelSettings on the destination port (8484) give the route its hash policy',
    check: () => {
      const p = policyOf(vs({ hosts: ['reviews'], http: [{ route: to(undefined, 8484) }] }), dr({ host: 'reviews', trafficPolicy: { portLevelSettings: [{ port: { number: 8484 }, loadBalancer: cookieLb('matching-port-cookie') }] } }));
      expect(cookieKey(p, routed(p))).toBe('matching-port-cookie');
    },
  },
  {
    family: 'routing', file: FILES.route, test: `${T}/for virtual service with port level settings mismatched port`,
    expectation: 'portLevelSettings on another port (443) do not apply: no hash policy',
    check: () => {
      const p = policyOf(vs({ hosts: ['reviews'], http: [{ route: to(undefined, 8484) }] }), dr({ host: 'reviews', trafficPolicy: { portLevelSettings: [{ port: { number: 443 }, loadBalancer: cookieLb('mismatched-port-cookie') }] } }));
      expect(cookieKey(p, routed(p))).toBeUndefined();
    },
  },
  {
    family: 'routing', file: FILES.route, test: `${T}/for virtual service with subsets and top level traffic policy with ring hash`,
    expectation: 'a subset without its own load balancer inherits the top-level consistent hash',
    check: () => {
      const p = policyOf(vs({ hosts: ['reviews'], http: [{ route: to('v1') }] }), dr({ host: 'reviews', trafficPolicy: { loadBalancer: cookieLb('global-cookie') }, subsets: [{ name: 'v1', labels: { version: 'v1' } }] }));
      expect(cookieKey(p, routed(p))).toBe('global-cookie');
    },
  },
  {
    family: 'routing', file: FILES.route, test: `${T}/for no virtualservice but has destinationrule with consistentHash loadbalancer`,
    expectation: 'without a VirtualService the default route still carries the DestinationRule\'s hash policy',
    check: () => {
      const p = policyOf(dr({ host: 'reviews', trafficPolicy: { loadBalancer: cookieLb('hash-cookie') } }));
      const d = routed(p);
      expect([d.kind === 'route' ? d.reason : d.reason, cookieKey(p, d)]).toEqual(['DefaultRoute', 'hash-cookie']);
    },
  },
  {
    family: 'routing', file: FILES.route, test: `${T}/for no virtualservice but has destinationrule with portLevel consistentHash loadbalancer`,
    expectation: 'without a VirtualService, the port-level hash for the listener port (8080) applies',
    check: () => {
      const p = policyOf(dr({ host: 'reviews', trafficPolicy: { loadBalancer: cookieLb('hash-cookie'), portLevelSettings: [{ port: { number: 8080 }, loadBalancer: cookieLb('hash-cookie-1') }] } }));
      expect(cookieKey(p, routed(p, { port: 8080 }))).toBe('hash-cookie-1');
    },
  },
  {
    family: 'routing', file: FILES.route, test: `${T}/for virtual service with cookie hash policy with attributes`,
    expectation: 'cookie name, path and attributes shape the generated cookie; the hash is on the cookie name',
    check: () => {
      const c = compileDocs(dr({ host: 'reviews', trafficPolicy: { loadBalancer: { consistentHash: { httpCookie: { name: 'hash-cookie-with-attributes', ttl: '100ns', path: '/api', attributes: [{ name: 'SameSite', value: 'Strict' }, { name: 'Secure', value: 'true' }, { name: 'HttpOnly', value: 'true' }] } } } } }));
      expect(c.errors).toEqual([]);
      expect(c.policy.destinationPolicy('reviews').loadBalancer.consistentHash?.key).toMatchObject({ kind: 'cookie', name: 'hash-cookie-with-attributes', path: '/api' });
    },
  },
  {
    family: 'routing', file: FILES.route, test: `${T}/for virtual service with exact matching on JWT claims with extended`,
    expectation: 'a route matching @request.auth.claims headers applies to requests whose JWT has the claim',
    notModeled: 'JWT: simulated requests carry no token, so claim matches never hold',
  },
  {
    family: 'routing', file: FILES.route, test: `${T}/for header operations for single cluster`,
    expectation: 'request/response header add, set and remove are programmed on the route',
    notModeled: 'header manipulation does not change simulated routing',
  },
  {
    family: 'routing', file: FILES.route, test: `${T}/for host rewrite (and the other rewrite subtests)`,
    expectation: 'uri and authority rewrites are programmed on the route',
    notModeled: 'rewrites do not change which service is called in the simulation',
  },
];
