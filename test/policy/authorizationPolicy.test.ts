import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileYaml, errorsOf, request, warningsOf } from './policyFixtures.js';

const ap = (name: string, ns: string, body: string): string => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
${body}
---`;

const workload = { labels: { app: 'reviews', version: 'v1' }, namespace: 'default', port: 9080 };
const mtlsFrom = (ns: string, sa: string) => ({ principal: `cluster.local/ns/${ns}/sa/${sa}`, namespace: ns, ip: '10.1.2.3' });

describe('AuthorizationPolicy evaluation (§8.1)', () => {
  it('absent policy allows; ALLOW with no rules denies all; rules: [{}] allows all', () => {
    expect(compileYaml('').policy.authorize(request(), workload)).toMatchObject({ allowed: true, reason: 'NoAllowPolicies' });
    const denyAll = compileYaml(ap('deny-all', 'default', '  {}'));
    expect(denyAll.policy.authorize(request(), workload)).toEqual({ allowed: false, status: 403, reason: 'NoAllowPolicyMatched', audited: [], custom: [] });
    const allowAll = compileYaml(ap('deny-all', 'default', '  {}') + ap('allow-all', 'default', '  rules: [{}]'));
    expect(allowAll.policy.authorize(request(), workload)).toMatchObject({ allowed: true, reason: 'AllowedByPolicy', policy: 'default/allow-all' });
    // DENY with no rules is a no-op.
    expect(compileYaml(ap('noop', 'default', '  action: DENY')).policy.authorize(request(), workload).allowed).toBe(true);
  });

  it('DENY beats ALLOW and names the policy; AUDIT changes nothing; CUSTOM is assumed to allow', () => {
    const r = compileYaml(
      ap('allow-get', 'default', '  rules: [{to: [{operation: {methods: [GET]}}]}]') +
        ap('deny-admin', 'istio-system', '  action: DENY\n  rules: [{to: [{operation: {paths: ["/admin*"]}}]}]') +
        ap('audit', 'default', '  action: AUDIT\n  rules: [{}]') +
        ap('ext', 'default', '  action: CUSTOM\n  provider: {name: opa}\n  rules: [{to: [{operation: {paths: ["/ext"]}}]}]'),
    );
    expect(errorsOf(r)).toEqual([]);
    expect(r.policy.authorize(request({ path: '/admin/x' }), workload)).toMatchObject({ allowed: false, status: 403, reason: 'DeniedByPolicy', policy: 'istio-system/deny-admin', audited: ['default/audit'] });
    expect(r.policy.authorize(request({ path: '/ok' }), workload)).toMatchObject({ allowed: true, policy: 'default/allow-get' });
    expect(r.policy.authorize(request({ method: 'POST' }), workload)).toMatchObject({ allowed: false, reason: 'NoAllowPolicyMatched' });
    expect(r.policy.authorize(request({ path: '/ext' }), workload)).toMatchObject({ allowed: true, custom: ['default/ext'] });
    expect(warningsOf(r).some((w) => w.includes('CUSTOM'))).toBe(true);
  });

  it('selectors and scope: root namespace applies mesh-wide, other namespaces only to their workloads', () => {
    const r = compileYaml(
      ap('only-ratings', 'default', '  selector: {matchLabels: {app: ratings}}\n  action: DENY\n  rules: [{}]') +
        ap('other-ns', 'prod', '  action: DENY\n  rules: [{}]') +
        ap('dry', 'default', '  action: DENY\n  rules: [{}]').replace('namespace: default}', 'namespace: default, annotations: {"istio.io/dry-run": "true"}}'),
    );
    expect(r.policy.authorize(request(), workload).allowed).toBe(true);
    expect(r.policy.authorize(request(), { labels: { app: 'ratings' }, namespace: 'default' })).toMatchObject({ allowed: false, policy: 'default/only-ratings' });
    expect(r.policy.authorize(request(), { labels: {}, namespace: 'prod' })).toMatchObject({ allowed: false, policy: 'prod/other-ns' });
  });

  it('sources: principals, namespaces (from the peer certificate), ipBlocks, requestPrincipals (no JWT)', () => {
    const r = compileYaml(
      ap('from', 'default', `  rules:
  - from:
    - source: {principals: ["cluster.local/ns/default/sa/productpage"]}
    - source: {namespaces: [istio-system], notIpBlocks: ["10.0.0.0/8"]}
    - source: {ipBlocks: ["192.168.1.0/24"]}
    - source: {requestPrincipals: ["*"]}`),
    );
    expect(errorsOf(r)).toEqual([]);
    const at = (source: object) => r.policy.authorize(request({ source }), workload).allowed;
    expect(at(mtlsFrom('default', 'productpage'))).toBe(true);
    expect(at(mtlsFrom('default', 'other'))).toBe(false);
    expect(at({ ...mtlsFrom('istio-system', 'gw'), ip: '172.16.0.1' })).toBe(true);
    expect(at({ ...mtlsFrom('istio-system', 'gw'), ip: '10.9.9.9' })).toBe(false);
    // Plaintext (no principal): namespace is unknown even if the caller sits in istio-system.
    expect(at({ namespace: 'istio-system', ip: '172.16.0.1' })).toBe(false);
    expect(at({ namespace: 'x', ip: '192.168.1.77' })).toBe(true);
    expect(at({ namespace: 'x', ip: '192.168.2.77' })).toBe(false);
  });

  it('operations: methods, paths (exact, prefix*, *suffix, templates; query ignored), ports, hosts, not-variants', () => {
    const r = compileYaml(
      ap('to', 'default', `  rules:
  - to:
    - operation: {methods: [GET], paths: ["/api/*", "*.png", "/exact"], notPaths: ["/api/private*"]}
    - operation: {paths: ["/users/{*}/profile", "/files/{**}"]}
    - operation: {ports: ["8443"]}
    - operation: {hosts: ["*.EXAMPLE.com"], notMethods: [DELETE]}`),
    );
    expect(errorsOf(r)).toEqual([]);
    const at = (o: Parameters<typeof request>[0], port = 9080) => r.policy.authorize(request(o), { ...workload, port }).allowed;
    expect(at({ path: '/api/books?x=1' })).toBe(true);
    expect(at({ path: '/api/private/keys' })).toBe(false);
    expect(at({ path: '/logo.png' })).toBe(true);
    expect(at({ path: '/exact/no' })).toBe(false);
    expect(at({ path: '/api/books', method: 'POST' })).toBe(false);
    expect(at({ path: '/users/7/profile', method: 'PUT' })).toBe(true);
    expect(at({ path: '/users/7/8/profile', method: 'PUT' })).toBe(false);
    expect(at({ path: '/files/a/b/c', method: 'PUT' })).toBe(true);
    expect(at({ path: '/nothing', method: 'PUT' }, 8443)).toBe(true);
    expect(at({ host: 'shop.example.COM', method: 'PUT', path: '/z' })).toBe(true);
    expect(at({ host: 'shop.example.com', method: 'DELETE', path: '/z' })).toBe(false);
  });

  it('when: request.headers, source.namespace, destination.port, notValues; JWT keys are absent (warned)', () => {
    const r = compileYaml(
      ap('when', 'default', `  rules:
  - when:
    - {key: "request.headers[X-Tenant]", values: ["acme*"]}
    - {key: destination.port, notValues: ["15000"]}
  - when:
    - {key: source.namespace, values: [istio-system]}
  - when:
    - {key: "request.auth.claims[groups]", values: [admins]}`),
    );
    expect(errorsOf(r)).toEqual([]);
    expect(warningsOf(r)).toEqual([expect.stringContaining('request.auth.claims[groups]: requests carry no JWT')]);
    const at = (o: Parameters<typeof request>[0], port = 9080) => r.policy.authorize(request(o), { ...workload, port }).allowed;
    expect(at({ headers: { 'x-tenant': 'acme-eu' } })).toBe(true);
    expect(at({ headers: { 'x-tenant': 'acme-eu' } }, 15000)).toBe(false);
    expect(at({ headers: {} })).toBe(false);
    expect(at({ source: mtlsFrom('istio-system', 'ingress') })).toBe(true);
  });

  it('rejects invalid policies with located errors', () => {
    const r = compileYaml(
      ap('a', 'default', '  action: PERMIT') +
        ap('b', 'default', '  action: CUSTOM\n  rules: [{}]') +
        ap('c', 'default', '  rules: [{from: [{source: {}}]}]') +
        ap('d', 'default', '  rules: [{when: [{key: source.ip}]}]') +
        ap('e', 'default', '  rules: [{from: [{source: {ipBlocks: ["10.0.0.0/33", "$CLIENT_IP"]}}]}]'),
    );
    expect(errorsOf(r)).toEqual([
      'spec.action: "PERMIT" is not an action',
      'spec.provider.name: must not be empty with action CUSTOM',
      'spec.rules.0.from.0.source: is empty',
      'spec.rules.0.when.0: has neither values nor notValues',
      'spec.rules.0.from.0.source.ipBlocks.0: "10.0.0.0/33" is not an IP address or CIDR block',
      'spec.rules.0.from.0.source.ipBlocks.1: "$CLIENT_IP" is not an IP address or CIDR block',
    ]);
  });
});

describe('DENY always wins over ALLOW (property)', () => {
  const paths = ['/', '/a', '/a/b', '/admin', '/admin/x'];
  const methods = ['GET', 'POST', 'DELETE'];
  const operation = fc.record({
    paths: fc.subarray(['/a*', '/admin*', '/', '*/b', '/a/b'], { minLength: 1 }),
    methods: fc.option(fc.subarray(methods, { minLength: 1 }), { nil: undefined }),
  });
  // Istio refuses a DENY policy without rules (it could never trigger), so none is generated.
  const policy = fc
    .record({
      action: fc.constantFrom('ALLOW', 'DENY', 'AUDIT'),
      rules: fc.option(fc.array(fc.option(operation, { nil: undefined }), { maxLength: 3 }), { nil: undefined }),
    })
    .filter((p) => p.action !== 'DENY' || (p.rules?.length ?? 0) > 0);
  const toYaml = (p: { action: string; rules?: (undefined | { paths: string[]; methods?: string[] })[] }, i: number): string => {
    const rules =
      p.rules === undefined
        ? ''
        : `  rules: [${p.rules.map((op) => (op === undefined ? '{}' : `{to: [{operation: {paths: ${JSON.stringify(op.paths)}${op.methods ? `, methods: ${JSON.stringify(op.methods)}` : ''}}}]}`)).join(', ')}]`;
    return ap(`p${i}`, 'default', `  action: ${p.action}\n${rules}`);
  };

  it('a request matched by any DENY policy is denied, whatever ALLOW/AUDIT policies say', () => {
    fc.assert(
      fc.property(fc.array(policy, { maxLength: 6 }), fc.constantFrom(...paths), fc.constantFrom(...methods), (policies, path, method) => {
        const all = compileYaml(policies.map(toYaml).join('\n'));
        expect(errorsOf(all)).toEqual([]);
        const decision = all.policy.authorize(request({ path, method }), workload);
        // Oracle: each DENY policy evaluated on its own.
        const denying = policies
          .map((p, i) => ({ p, i }))
          .filter(({ p, i }) => p.action === 'DENY' && !compileYaml(toYaml(p, i)).policy.authorize(request({ path, method }), workload).allowed);
        if (denying.length > 0) {
          expect(decision).toMatchObject({ allowed: false, status: 403, reason: 'DeniedByPolicy', policy: `default/p${denying[0]!.i}` });
        } else {
          expect(decision.reason).not.toBe('DeniedByPolicy');
        }
        // Adding an ALLOW-everything policy never lifts a DENY.
        const plusAllow = compileYaml(policies.map(toYaml).join('\n') + ap('allow-everything', 'default', '  rules: [{}]'));
        expect(plusAllow.policy.authorize(request({ path, method }), workload).allowed).toBe(denying.length === 0);
      }),
      { seed: 1234, numRuns: 150 },
    );
  });
});

describe('operation hosts ignore the port', () => {
  it('matches host:port against a host without port', () => {
    const r = compileYaml(ap('h', 'default', '  rules: [{to: [{operation: {hosts: ["reviews.default"]}}]}]'));
    expect(r.policy.authorize(request({ host: 'reviews.default:9080' }), workload).allowed).toBe(true);
    expect(r.policy.authorize(request({ host: 'ratings.default:9080' }), workload).allowed).toBe(false);
  });
});

describe('whether authorization applies to a workload', () => {
  it('is false with no policy, or none selecting the workload, and then every request is allowed', () => {
    expect(compileYaml('').policy.authorizationApplies(workload)).toBe(false);
    const other = compileYaml(ap('ratings-only', 'default', '  selector: {matchLabels: {app: ratings}}'));
    expect(other.policy.authorizationApplies(workload)).toBe(false);
    expect(other.policy.authorize(request(), workload).allowed).toBe(true);
    const elsewhere = compileYaml(ap('deny-all', 'prod', '  {}'));
    expect(elsewhere.policy.authorizationApplies(workload)).toBe(false);
  });

  it('is true for a policy of the workload\'s namespace or the root namespace that selects it', () => {
    expect(compileYaml(ap('deny-all', 'default', '  {}')).policy.authorizationApplies(workload)).toBe(true);
    expect(compileYaml(ap('mesh-wide', 'istio-system', '  {}')).policy.authorizationApplies(workload)).toBe(true);
    expect(compileYaml(ap('reviews', 'default', '  selector: {matchLabels: {app: reviews}}')).policy.authorizationApplies(workload)).toBe(true);
  });
});
