import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RouteMemo, type RoutedDecision } from '../../src/policy/routeTable.js';
import { compileYaml, errorsOf, request, scripted, seeded, warningsOf } from './policyFixtures.js';

const reviews = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [reviews]
  http:
  - name: jason
    match:
    - headers: {end-user: {exact: jason}}
    route:
    - destination: {host: reviews, subset: v2}
  - name: canary
    match:
    - uri: {prefix: /api}
      method: {exact: POST}
    - queryParams: {beta: {exact: "1"}}
    route:
    - destination: {host: reviews, subset: v1}
      weight: 3
    - destination: {host: reviews, subset: v3}
      weight: 1
    - destination: {host: reviews, subset: v9}
      weight: 0
    timeout: 2s
    retries: {attempts: 4, perTryTimeout: 500ms}
  - route:
    - destination: {host: reviews, subset: v1}
`;

function routed(d: ReturnType<ReturnType<typeof compileYaml>['policy']['route']>): RoutedDecision {
  if (d.kind !== 'route') throw new Error(`expected a route, got ${d.kind} ${d.reason}`);
  return d;
}

describe('routing: VirtualService match and weights (§7.1, §7.2)', () => {
  const { policy, diagnostics } = compileYaml(reviews);

  it('compiles without diagnostics', () => {
    expect(diagnostics).toEqual([]);
  });

  it('first matching route wins; header exact match', () => {
    const d = routed(policy.route(request({ headers: { 'end-user': 'jason' }, path: '/api', method: 'POST' }), scripted()));
    expect(d).toMatchObject({ reason: 'VirtualServiceRoute', routeName: 'jason', routeIndex: 0, virtualService: 'default/reviews' });
    expect(d.destination).toEqual({ host: 'reviews.default.svc.cluster.local', subset: 'v2' });
    expect(d.service).toEqual({ name: 'reviews', namespace: 'default' });
  });

  it('match blocks are ORed, conditions inside one ANDed', () => {
    expect(routed(policy.route(request({ path: '/api/x', method: 'POST' }), scripted(0))).routeName).toBe('canary');
    expect(routed(policy.route(request({ path: '/api/x', method: 'GET' }), scripted())).routeIndex).toBe(2);
    expect(routed(policy.route(request({ path: '/x?beta=1' }), scripted(0))).routeName).toBe('canary');
    expect(routed(policy.route(request({ path: '/x?beta=2' }), scripted())).routeIndex).toBe(2);
  });

  it('relative weights 3:1, weight 0 dropped; timeout and retries attached', () => {
    const pick = (u: number): string | undefined => routed(policy.route(request({ path: '/api', method: 'POST' }), scripted(u))).destination.subset;
    expect([0, 0.74, 0.75, 0.99].map(pick)).toEqual(['v1', 'v1', 'v3', 'v3']);
    const d = routed(policy.route(request({ path: '/api', method: 'POST' }), scripted(0)));
    expect(d.timeoutSeconds).toBe(2);
    expect(d.retry.numRetries).toBe(4);
    expect(d.retry.perTryTimeout).toBe(0.5);
  });

  it('the catch-all route draws nothing and gets Istio default retries, no timeout', () => {
    const r = scripted();
    const d = routed(policy.route(request(), r));
    expect(d.destination.subset).toBe('v1');
    expect(r.used()).toBe(0);
    expect(d.timeoutSeconds).toBeUndefined();
    expect(d.retry.source).toBe('istio-default');
  });

  it('short name, name.namespace and FQDN reach the same VirtualService', () => {
    for (const host of ['reviews', 'reviews.default', 'reviews.default.svc', 'reviews.default.svc.cluster.local']) {
      expect(routed(policy.route(request({ host }), scripted())).virtualService).toBe('default/reviews');
    }
    // From another namespace, the short name means that namespace's reviews: default route.
    expect(routed(policy.route(request({ source: { namespace: 'other' } }), scripted())).reason).toBe('DefaultRoute');
  });

  it('no VirtualService: the whole service, default retries, no timeout', () => {
    const d = routed(policy.route(request({ host: 'ratings', port: 9080 }), scripted()));
    expect(d).toMatchObject({ reason: 'DefaultRoute', destination: { host: 'ratings.default.svc.cluster.local', port: 9080 }, bypassResilience: false, mirrors: [] });
    expect(d.retry.numRetries).toBe(2);
    expect(d.timeoutSeconds).toBeUndefined();
  });

  it('no matching route in an existing VirtualService: 404 NR', () => {
    const { policy: p } = compileYaml(`
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: only-api}
spec:
  hosts: [reviews]
  http:
  - match: [{uri: {exact: /api}}]
    route: [{destination: {host: reviews}}]
`);
    expect(p.route(request({ path: '/other' }), scripted())).toEqual({ kind: 'localReply', reason: 'NoRouteMatched', status: 404, virtualService: 'default/only-api' });
    expect(p.route(request({ path: '/api?x=1' }), scripted()).kind).toBe('route');
  });
});

describe('routing: host selection, gateways, exportTo, source selectors', () => {
  const yaml = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: gw-only, namespace: default}
spec:
  hosts: [reviews]
  gateways: [bookinfo-gateway]
  http: [{route: [{destination: {host: reviews, subset: gateway}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: wildcard, namespace: default}
spec:
  hosts: ["*.default.svc.cluster.local"]
  http: [{route: [{destination: {host: catchall}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ratings, namespace: default}
spec:
  hosts: [ratings]
  exportTo: ["."]
  http:
  - match: [{sourceLabels: {app: reviews, version: v2}}]
    route: [{destination: {host: ratings, subset: for-v2}}]
  - match: [{sourceNamespace: test}]
    route: [{destination: {host: ratings, subset: for-test}}]
  - match: [{gateways: [bookinfo-gateway], uri: {prefix: /}}]
    route: [{destination: {host: ratings, subset: gateway-only}}]
  - route: [{destination: {host: ratings}}]
`;
  const { policy } = compileYaml(yaml);

  it('a VirtualService bound only to gateways does not apply to mesh traffic; a wildcard host then applies', () => {
    const d = routed(policy.route(request({ host: 'reviews' }), scripted()));
    expect(d.virtualService).toBe('default/wildcard');
    expect(d.destination.host).toBe('catchall.default.svc.cluster.local');
  });

  it('an exact host beats a wildcard', () => {
    expect(routed(policy.route(request({ host: 'ratings' }), scripted())).virtualService).toBe('default/ratings');
  });

  it('sourceLabels select the calling workload; match-level gateways exclude mesh traffic', () => {
    const v2 = routed(policy.route(request({ host: 'ratings', source: { labels: { app: 'reviews', version: 'v2' } } }), scripted()));
    expect(v2.destination.subset).toBe('for-v2');
    const v1 = routed(policy.route(request({ host: 'ratings', source: { labels: { app: 'reviews', version: 'v1' } } }), scripted()));
    expect(v1.destination.subset).toBeUndefined();
  });

  it('exportTo "." hides the VirtualService from other namespaces', () => {
    const d = routed(policy.route(request({ host: 'ratings.default', source: { namespace: 'test' } }), scripted()));
    expect(d.virtualService).toBe('default/wildcard');
  });
});

describe('routing: fault injection and mirroring (§7.3, §7.4)', () => {
  const { policy, diagnostics } = compileYaml(`
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata: {name: ratings}
spec:
  hosts: [ratings]
  http:
  - fault:
      delay: {fixedDelay: 7s, percentage: {value: 10}}
      abort: {httpStatus: 500, percentage: {value: 50}}
    mirror: {host: ratings, subset: shadow}
    mirrorPercentage: {value: 25}
    route: [{destination: {host: ratings, subset: v1}}]
`);

  it('compiles', () => expect(diagnostics).toEqual([]));

  it('rolls the delay, then the abort independently; an abort bypasses resilience and mirroring', () => {
    // draws: weight (none, single destination), delay, abort, [mirror]
    const delayedAborted = routed(policy.route(request({ host: 'ratings' }), scripted(0.05, 0.2)));
    expect(delayedAborted.fault).toEqual({ delaySeconds: 7, abort: { httpStatus: 500 } });
    expect(delayedAborted.bypassResilience).toBe(true);
    expect(delayedAborted.mirrors).toEqual([]);
    const neither = routed(policy.route(request({ host: 'ratings' }), scripted(0.5, 0.7, 0.1)));
    expect(neither.fault).toEqual({ delaySeconds: 0 });
    expect(neither.bypassResilience).toBe(false);
    expect(neither.mirrors).toEqual([{ host: 'ratings.default.svc.cluster.local', subset: 'shadow' }]);
    const notMirrored = routed(policy.route(request({ host: 'ratings' }), scripted(0.5, 0.7, 0.25)));
    expect(notMirrored.mirrors).toEqual([]);
  });

  it('fault and mirror rates converge to their percentages', () => {
    const n = 40_000;
    const r = seeded('fault');
    let delayed = 0;
    let aborted = 0;
    let mirrored = 0;
    for (let i = 0; i < n; i++) {
      const d = routed(policy.route(request({ host: 'ratings' }), r));
      if (d.fault.delaySeconds > 0) delayed++;
      if (d.fault.abort) aborted++;
      mirrored += d.mirrors.length;
    }
    const within = (k: number, trials: number, p: number): void => expect(Math.abs(k / trials - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / trials));
    within(delayed, n, 0.1);
    within(aborted, n, 0.5);
    within(mirrored, n - aborted, 0.25); // mirrors only on requests that were not aborted
  });
});

describe('routing: compile errors are located', () => {
  it('rejects bad weights, statuses, regexes and missing destinations', () => {
    const r = compileYaml(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: bad}
spec:
  hosts: [reviews]
  http:
  - match: [{uri: {regex: "(unclosed"}}]
    route: [{destination: {host: reviews}}]
  - route: [{destination: {host: reviews}, weight: 0}, {destination: {host: reviews, subset: v2}, weight: 0}]
  - fault: {abort: {httpStatus: 99, percentage: {value: 10}}}
    route: [{destination: {host: reviews}}]
  - fault: {delay: {fixedDelay: 5, percentage: {value: 150}}}
    route: [{destination: {host: reviews}}]
  - route: [{weight: 100}]
  - {}
`);
    const errors = errorsOf(r);
    expect(errors).toEqual([
      'spec.http.0.match.0.uri.regex: missing closing ): `(unclosed`',
      'spec.http.1.route: all destinations have weight 0, so no request can be routed',
      'spec.http.2.fault.abort.httpStatus: 99 is out of range',
      expect.stringMatching(/^spec\.http\.3\.fault\.delay\.fixedDelay: must be a duration string/),
      'spec.http.3.fault.delay.percentage.value: 150 is out of range',
      'spec.http.4.route.0.destination: is required',
      'spec.http.4.route: must list at least one destination',
      'spec.http.5: has no route, redirect, directResponse or delegate',
    ]);
  });

  it('warns about fields it does not model, naming them', () => {
    const r = compileYaml(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: w}
spec:
  hosts: [reviews]
  tcp: [{route: [{destination: {host: reviews}}]}]
  http:
  - corsPolicy: {allowOrigins: [{exact: x}]}
    rewrite: {uri: /v2}
    route: [{destination: {host: reviews}, headers: {request: {set: {a: b}}}}]
`);
    expect(errorsOf(r)).toEqual([]);
    expect(warningsOf(r).map((w) => w.split(':')[0])).toEqual(['spec.tcp', 'spec.http.0.corsPolicy', 'spec.http.0.rewrite', 'spec.http.0.route.0.headers']);
  });

  it('redirect and directResponse are local replies', () => {
    const { policy } = compileYaml(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: r}
spec:
  hosts: [reviews]
  http:
  - match: [{uri: {exact: /old}}]
    redirect: {uri: /new, redirectCode: 308}
  - directResponse: {status: 503}
`);
    expect(policy.route(request({ path: '/old' }), scripted())).toMatchObject({ kind: 'localReply', reason: 'Redirect', status: 308 });
    expect(policy.route(request({ path: '/x' }), scripted())).toMatchObject({ kind: 'localReply', reason: 'DirectResponse', status: 503 });
  });
});

describe('a compiled policy is a pure function of config and request (property)', () => {
  const { policy } = compileYaml(reviews);
  const arbRequest = fc.record({
    path: fc.constantFrom('/', '/api', '/api/v1?beta=1', '/x?beta=1', '/y'),
    method: fc.constantFrom('GET', 'POST'),
    user: fc.constantFrom(undefined, 'jason', 'other'),
  });

  it('same request and same draws give the same decision, whatever was routed before', () => {
    fc.assert(
      fc.property(arbRequest, fc.array(arbRequest, { maxLength: 5 }), fc.integer(), (req, before, seed) => {
        const mk = (a: typeof req) => request({ path: a.path, method: a.method, headers: a.user ? { 'end-user': a.user } : {} });
        const first = policy.route(mk(req), seeded(seed));
        for (const b of before) policy.route(mk(b), seeded(seed + 1));
        expect(policy.route(mk(req), seeded(seed))).toEqual(first);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('routing: unreachable routes', () => {
  it('routes to the catch-all, first match wins (the unreachable route is reported by the analyzer, IST0130)', () => {
    const r = compileYaml(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: u}
spec:
  hosts: [reviews]
  http:
  - route: [{destination: {host: reviews, subset: v1}}]
  - match: [{uri: {prefix: /never}}]
    route: [{destination: {host: reviews, subset: v2}}]
`);
    expect(warningsOf(r)).toEqual([]);
    expect(routed(r.policy.route(request({ path: '/never' }), scripted())).destination.subset).toBe('v1');
  });
});

describe('routing: Istio validation of mesh hosts', () => {
  it('rejects host * on a mesh-bound VirtualService but accepts it on a gateway-only one', () => {
    const vs = (gateways: string) => `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: all}\nspec: {hosts: ["*"], ${gateways} http: [{route: [{destination: {host: reviews}}]}]}`;
    expect(errorsOf(compileYaml(vs('')))).toEqual(['spec.hosts.0: wildcard host * is not allowed for virtual services bound to the mesh gateway']);
    expect(errorsOf(compileYaml(vs('gateways: [ingress],')))).toEqual([]);
  });
});

describe('routing: decisions that draw only the destination are built once', () => {
  const { policy } = compileYaml(reviews);

  it('gives the same decision object each time, and copies a request port in rather than reusing it', () => {
    const first = routed(policy.route(request(), scripted()));
    const again = routed(policy.route(request(), scripted()));
    expect(again).toBe(first);
    const withPort = routed(policy.route(request({ port: 9080 }), scripted()));
    expect(withPort).not.toBe(first);
    expect(withPort.destination).toEqual({ ...first.destination, port: 9080 });
    expect(routed(policy.route(request(), scripted())).destination.port).toBeUndefined();
  });
});

describe('routing: a first catch-all route with one destination', () => {
  it('answers every portless request with one decision, and still copies a request port in', () => {
    const { policy } = compileYaml(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ratings}
spec:
  hosts: [ratings]
  http:
  - route: [{destination: {host: ratings, subset: v1}}]
    timeout: 2s
`);
    const first = routed(policy.route(request({ host: 'ratings' }), scripted()));
    expect(routed(policy.route(request({ host: 'ratings', path: '/other', headers: { 'end-user': 'jason' } }), scripted()))).toBe(first);
    const withPort = routed(policy.route(request({ host: 'ratings', port: 9080 }), scripted()));
    expect(withPort.destination).toEqual({ ...first.destination, port: 9080 });
    expect(routed(policy.route(request({ host: 'ratings' }), scripted()))).toBe(first);
  });

  it('is not taken for a catch-all after a match: a matching request still gets its own route', () => {
    const { policy } = compileYaml(reviews);
    const plain = routed(policy.route(request(), scripted(0)));
    routed(policy.route(request(), scripted(0)));
    const jason = routed(policy.route(request({ headers: { 'end-user': 'jason' } }), scripted()));
    expect(jason.routeName).toBe('jason');
    expect(jason).not.toBe(plain);
  });
});

describe('a caller route memo', () => {
  it('changes no decision, whatever the hosts and namespaces a caller sends to in turn', () => {
    const { policy } = compileYaml(reviews);
    fc.assert(
      fc.property(
        fc.array(fc.record({ host: fc.constantFrom('reviews', 'reviews.default', 'ratings', 'reviews.default.svc.cluster.local'), ns: fc.constantFrom('default', 'other'), jason: fc.boolean() }), { minLength: 1, maxLength: 30 }),
        (steps) => {
          const memo = new RouteMemo();
          const [withMemo, without] = [seeded('memo'), seeded('memo')];
          for (const s of steps) {
            const req = request({ host: s.host, headers: s.jason ? { 'end-user': 'jason' } : {}, source: { namespace: s.ns } });
            expect(policy.route(req, withMemo, memo)).toEqual(policy.route(req, without));
          }
        },
      ),
      { seed: 15, numRuns: 100 },
    );
  });
});
