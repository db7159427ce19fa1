import { describe, expect, it } from 'vitest';
import { compileYaml, errorsOf, request, scripted } from './policyFixtures.js';

describe('compilePolicy: kinds, apiVersions, metadata', () => {
  const yaml = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v1}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw}
---
apiVersion: networking.istio.io/v1alpha3
kind: ServiceEntry
metadata: {name: ext}
---
apiVersion: example.com/v1
kind: Frobnicator
metadata: {name: f}
---
apiVersion: networking.istio.io/v2
kind: VirtualService
metadata: {name: future}
spec: {hosts: [reviews], http: [{route: [{destination: {host: nowhere}}]}]}
---
apiVersion: security.istio.io/v1beta1
kind: AuthorizationPolicy
metadata: {}
spec: {}
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: reviews}
spec: {hosts: [reviews], http: [{route: [{destination: {host: reviews, subset: v1}}]}]}
`;
  const r = compileYaml(yaml, { defaultNamespace: 'bookinfo' });

  it('reports each not-modeled or unknown kind with a warning naming it, tied to the resource', () => {
    const w = r.diagnostics.filter((d) => d.severity === 'warning');
    expect(w.map((d) => [d.resource, d.path.join('.')])).toEqual([
      [0, 'kind'],
      [1, 'kind'],
      [2, 'kind'],
      [3, 'kind'],
      [4, 'apiVersion'],
    ]);
    expect(w[0]?.message).toMatch(/^Deployment is not modeled by meshsim/);
    expect(w[1]?.message).toMatch(/^Gateway is not modeled/);
    expect(w[2]?.message).toMatch(/^ServiceEntry is not modeled/);
    expect(w[3]?.message).toBe('unknown kind "Frobnicator" (apiVersion example.com/v1); ignored');
    expect(w[4]?.message).toContain('apiVersion "networking.istio.io/v2" is not served for VirtualService');
  });

  it('requires metadata.name', () => {
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([{ severity: 'error', code: 'IST0106', resource: 5, path: ['metadata', 'name'], message: 'is required', expected: 'a resource name' }]);
  });

  it('resources without a namespace land in the default namespace; ignored resources have no effect', () => {
    const d = r.policy.route(request({ host: 'reviews', source: { namespace: 'bookinfo' } }), scripted());
    expect(d).toMatchObject({ kind: 'route', virtualService: 'bookinfo/reviews', destination: { host: 'reviews.bookinfo.svc.cluster.local', subset: 'v1' } });
  });

  it('all three networking API versions and both security versions compile the same spec', () => {
    for (const v of ['v1alpha3', 'v1beta1', 'v1']) {
      const x = compileYaml(`apiVersion: networking.istio.io/${v}\nkind: DestinationRule\nmetadata: {name: d}\nspec: {host: reviews, subsets: [{name: v1, labels: {version: v1}}]}`);
      expect(x.diagnostics).toEqual([]);
      expect(x.policy.subsetSelector('reviews', 'v1')).toEqual({ version: 'v1' });
    }
    for (const v of ['v1beta1', 'v1']) {
      const x = compileYaml(`apiVersion: security.istio.io/${v}\nkind: PeerAuthentication\nmetadata: {name: p, namespace: istio-system}\nspec: {mtls: {mode: STRICT}}`);
      expect(errorsOf(x)).toEqual([]);
      expect(x.policy.peerAuthentication({}, 'default').mode).toBe('STRICT');
    }
  });

  it('honours a custom root namespace', () => {
    const x = compileYaml(`apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: p, namespace: mesh-root}\nspec: {mtls: {mode: STRICT}}`, { rootNamespace: 'mesh-root' });
    expect(x.policy.peerAuthentication({}, 'default')).toMatchObject({ mode: 'STRICT', source: 'mesh' });
  });

  it('never throws on garbage specs', () => {
    for (const spec of ['[1, 2]', '"text"', '{http: 5, hosts: {a: 1}}', '{hosts: [reviews], http: [{route: {destination: 1}}]}']) {
      for (const kind of ['VirtualService', 'DestinationRule', 'PeerAuthentication', 'AuthorizationPolicy']) {
        const group = kind.endsWith('Service') || kind === 'DestinationRule' ? 'networking' : 'security';
        const x = compileYaml(`apiVersion: ${group}.istio.io/v1\nkind: ${kind}\nmetadata: {name: g}\nspec: ${spec}`);
        expect(errorsOf(x).length + x.diagnostics.length).toBeGreaterThan(0);
      }
    }
  });
});

describe('compilePolicy: a later resource with the same kind, namespace and name replaces the earlier', () => {
  it('keeps the last definition and warns at the replaced one', () => {
    const vs = (subset: string) => `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: reviews}\nspec: {hosts: [reviews], http: [{route: [{destination: {host: reviews, subset: ${subset}}}]}]}\n---\n`;
    const r = compileYaml(vs('v1') + vs('v2'));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', resource: 0, path: ['metadata', 'name'], message: expect.stringContaining('replaced by a later VirtualService') }),
    ]);
    expect(r.policy.route(request(), scripted())).toMatchObject({ destination: { subset: 'v2' } });
  });
});
