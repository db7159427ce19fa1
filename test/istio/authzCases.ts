import { expect } from 'vitest';
import type { CompiledPolicy } from '../../src/policy/compilePolicy.js';
import type { PolicyRequest } from '../../src/policy/request.js';
import { request } from '../policy/policyFixtures.js';
import { ap, FILES, policyOf, type Doc, type PeerCase } from './peerCase.js';

/**
 * tests/integration/security/authz_test.go with its testdata/authz templates: echo apps
 * `a` in ns1 (allowed) and ns2 (denied) call `b` in ns1, whose workload ports are
 * http 18080, http2 18085, grpc 17070 and tcp 19090 (the echo defaults). Each case is
 * one (caller, port, path) → allow/deny line of the Istio test, run through authorize().
 */
const PORT = { http: 18080, http2: 18085, grpc: 17070, tcp: 19090 } as const;
type Port = keyof typeof PORT;
const caller = (ns: 'ns1' | 'ns2') => ({ namespace: ns, labels: { app: 'a' }, principal: `cluster.local/ns/${ns}/sa/a`, ip: ns === 'ns1' ? '10.1.0.1' : '10.2.0.1' });
const B = { labels: { app: 'b' }, namespace: 'ns1', ip: '10.1.0.9' };
const tpl = (kind: string): string => `${FILES.authz} (testdata/authz/${kind}.yaml.tmpl)`;

interface Line {
  readonly from: 'ns1' | 'ns2';
  readonly port: Port;
  readonly path?: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly allow: boolean;
}

function decide(p: CompiledPolicy, l: Line): boolean {
  const grpc = l.port === 'grpc';
  const q: PolicyRequest = request({
    host: 'b.ns1.svc.cluster.local',
    port: PORT[l.port],
    method: l.method ?? (grpc ? 'POST' : 'GET'),
    path: l.path ?? (grpc ? '/proto.EchoTestService/Echo' : '/'),
    headers: l.headers ?? {},
    source: caller(l.from),
  });
  return p.authorize(q, { ...B, port: PORT[l.port] }).allowed;
}

/** One PeerCase per Istio traffic line; TCP lines are listed as not modeled. */
function lines(test: string, file: string, docs: Doc[], ls: Line[]): PeerCase[] {
  return ls.map((l): PeerCase => {
    const name = `${test}/${l.from}.a→b ${l.port}${l.method ? ` ${l.method}` : ''}${l.path ? ` ${l.path}` : ''}${l.headers ? ` ${JSON.stringify(l.headers)}` : ''}`;
    const expectation = l.allow ? 'the request is allowed' : 'the request is denied (403 for HTTP, reset for TCP)';
    if (l.port === 'tcp') return { family: 'authorization', file, test: name, expectation, notModeled: 'raw TCP: simulated traffic is HTTP' };
    return { family: 'authorization', file, test: name, expectation, check: () => expect(decide(policyOf(...docs), l)).toBe(l.allow) };
  });
}

const selector = { matchLabels: { app: 'b' } };
const httpPorts = [String(PORT.http), String(PORT.http2)];
/** The allow-/deny- templates: HTTP rule on `paths`, gRPC rule, TCP rule, each `from` the given source. */
const threeRules = (source: object, paths: string[], notPaths?: string[]) => [
  { to: [{ operation: { ports: httpPorts, paths, ...(notPaths ? { notPaths } : {}), methods: ['GET'] } }], from: [{ source }] },
  { to: [{ operation: { ports: [String(PORT.grpc)], paths: ['/proto.EchoTestService/Echo'], methods: ['POST'] } }], from: [{ source }] },
  { to: [{ operation: { ports: [String(PORT.tcp)] } }], from: [{ source }] },
];
const allowRules = (source: object) => ap({ selector, action: 'ALLOW', rules: threeRules(source, ['/allow']) }, { namespace: 'ns1', name: 'b' });
const denyRules = (source: object) => ap({ selector, action: 'DENY', rules: threeRules(source, ['/deny*'], ['/deny/allow']) }, { namespace: 'ns1', name: 'b' });
const mtlsStrict: Doc = { kind: 'PeerAuthentication', spec: { mtls: { mode: 'STRICT' } }, namespace: 'istio-system', name: 'default' };
const globalDeny = ap({ action: 'DENY', rules: [{ to: [{ operation: { ports: httpPorts, paths: ['/global-deny*'], notPaths: ['/global-deny/allow'] } }] }] }, { namespace: 'istio-system', name: 'policy-deny-system' });

/** The allow-X tests: the allowed caller reaches /allow over HTTP and gRPC; /deny is denied to both. */
function allowTest(test: string, kind: string, source: object): PeerCase[] {
  return lines(test, tpl(kind), [mtlsStrict, allowRules(source)], (['ns1', 'ns2'] as const).flatMap((from): Line[] => [
    { from, port: 'grpc', allow: from === 'ns1' },
    { from, port: 'tcp', allow: from === 'ns1' },
    ...(['http', 'http2'] as const).flatMap((port): Line[] => [
      { from, port, path: '/allow', allow: from === 'ns1' },
      { from, port, path: '/allow?param=value', allow: from === 'ns1' },
      { from, port, path: '/deny', allow: false },
    ]),
  ]));
}

/** The deny-X tests (with the mesh-wide global deny): the denied caller is refused /deny*, except /deny/allow. */
function denyTest(test: string, kind: string, source: object): PeerCase[] {
  return lines(test, tpl(kind), [mtlsStrict, globalDeny, denyRules(source)], (['ns1', 'ns2'] as const).flatMap((from): Line[] => [
    { from, port: 'grpc', allow: from === 'ns1' },
    { from, port: 'tcp', allow: from === 'ns1' },
    ...(['http', 'http2'] as const).flatMap((port): Line[] => [
      { from, port, path: '/deny', allow: from === 'ns1' },
      { from, port, path: '/deny?param=value', allow: from === 'ns1' },
      { from, port, path: '/deny/allow', allow: true },
      { from, port, path: '/allow', allow: true },
      { from, port, path: '/global-deny', allow: false },
      { from, port, path: '/global-deny/allow', allow: true },
    ]),
  ]));
}

const trustDomainRules = ap(
  {
    selector,
    action: 'ALLOW',
    rules: [
      { to: [{ operation: { ports: httpPorts, paths: ['/allow'], methods: ['GET'] } }], from: [{ source: { trustDomains: ['cluster.local'] } }] },
      { to: [{ operation: { ports: httpPorts, paths: ['/deny'], methods: ['GET'] } }], from: [{ source: { trustDomains: ['bad.example.com'] } }] },
      { to: [{ operation: { ports: httpPorts, paths: ['/not-trust-domain'], methods: ['GET'] } }], from: [{ source: { notTrustDomains: ['cluster.local'] } }] },
      { to: [{ operation: { ports: httpPorts, paths: ['/not-deny'], methods: ['GET'] } }], from: [{ source: { notTrustDomains: ['bad.example.com'] } }] },
      { to: [{ operation: { ports: [String(PORT.grpc)], paths: ['/proto.EchoTestService/Echo'], methods: ['POST'] } }], from: [{ source: { trustDomains: ['cluster.local'] } }] },
      { to: [{ operation: { ports: [String(PORT.tcp)] } }], from: [{ source: { trustDomains: ['cluster.local'] } }] },
    ],
  },
  { namespace: 'ns1', name: 'b' },
);

const pathTemplates = ap({ selector, action: 'ALLOW', rules: [{ to: [{ operation: { paths: ['/allow/admin/{**}', '/foo/{*}/bar/{**}', '/store/{**}/cart'] } }] }] }, { namespace: 'ns1', name: 'b' });
const templateLines: Array<[string, boolean]> = [
  ['/allow/admin/', true], ['/allow/admin', false], ['/allow/user/', false], ['/allow/admin?param=value', false], ['/allow', false],
  ['/allow/admin/temp', true], ['/allow/admin/temp.txt', true], ['/allow/admin/foo/temp.txt', true],
  ['/foo/buzz/bar/bat.txt', true], ['/foo/buzz/bar/bat.temp.txt', true], ['/foo/buzz/bar/bat/fuzz.txt', true], ['/foo/bar/bat.txt', false], ['/foo//bar/bat.txt', false], ['/foo/buzz/bar/bat', true],
  ['/store//cart', true], ['/store/cart', false], ['/store/foo/cart', true], ['/store/foo/bar/cart', true],
];

const pathPrecedence = [
  ap({ selector, action: 'DENY', rules: [{ to: [{ operation: { paths: ['/allow/admin'] } }] }] }, { namespace: 'ns1', name: 'deny' }),
  ap({ selector, action: 'ALLOW', rules: [{ to: [{ operation: { paths: ['/allow*'] } }] }] }, { namespace: 'ns1', name: 'allow' }),
];

/** testdata/authz/conditions.yaml.tmpl, as one ALLOW policy per condition kind. */
const cond = (name: string, path: string, when: object): Doc => ap({ selector, rules: [{ to: [{ operation: { paths: [path] } }], when: [when] }] }, { namespace: 'ns1', name });
const conditions: Doc[] = [
  mtlsStrict,
  cond('h', '/request-headers', { key: 'request.headers[x-foo]', values: ['foo'] }),
  cond('hn', '/request-headers-notValues', { key: 'request.headers[x-foo]', notValues: ['bar'] }),
  cond('ip', '/source-ip', { key: 'source.ip', values: [caller('ns1').ip] }),
  cond('ipn', '/source-ip-notValues', { key: 'source.ip', notValues: [caller('ns2').ip] }),
  cond('ns', '/source-namespace', { key: 'source.namespace', values: ['ns1'] }),
  cond('nsn', '/source-namespace-notValues', { key: 'source.namespace', notValues: ['ns2'] }),
  cond('pr', '/source-principal', { key: 'source.principal', values: [caller('ns1').principal] }),
  cond('prn', '/source-principal-notValues', { key: 'source.principal', notValues: [caller('ns2').principal] }),
  cond('td', '/source-trust-domain', { key: 'source.trustDomain', values: ['cluster.local'] }),
  cond('tdn', '/source-trust-domain-notValues', { key: 'source.trustDomain', notValues: ['bad.example.com'] }),
  cond('dip', '/destination-ip-good', { key: 'destination.ip', values: [B.ip] }),
  cond('dipb', '/destination-ip-bad', { key: 'destination.ip', values: ['1.2.3.4'] }),
  cond('dipn', '/destination-ip-notValues', { key: 'destination.ip', notValues: [B.ip] }),
  cond('dp', '/destination-port-good', { key: 'destination.port', values: [String(PORT.http), String(PORT.http2)] }),
  cond('dpb', '/destination-port-bad', { key: 'destination.port', values: ['1'] }),
  cond('dpn', '/destination-port-notValues', { key: 'destination.port', notValues: [String(PORT.http), String(PORT.http2)] }),
];
const conditionLines = (from: 'ns1' | 'ns2'): Line[] => {
  const allow = from === 'ns1';
  return [
    { from, port: 'http', path: '/request-headers', headers: { 'x-foo': 'foo' }, allow: true },
    { from, port: 'http', path: '/request-headers', headers: { 'x-foo': 'bar' }, allow: false },
    { from, port: 'http', path: '/request-headers', allow: false },
    { from, port: 'http', path: '/request-headers-notValues', headers: { 'x-foo': 'foo' }, allow: true },
    { from, port: 'http', path: '/request-headers-notValues', headers: { 'x-foo': 'bar' }, allow: false },
    { from, port: 'http', path: '/source-ip', allow },
    { from, port: 'http', path: '/source-ip-notValues', allow },
    { from, port: 'http', path: '/source-namespace', allow },
    { from, port: 'http', path: '/source-namespace-notValues', allow },
    { from, port: 'http', path: '/source-principal', allow },
    { from, port: 'http', path: '/source-principal-notValues', allow },
    { from, port: 'http', path: '/source-trust-domain', allow: true },
    { from, port: 'http', path: '/source-trust-domain-notValues', allow: true },
    { from, port: 'http', path: '/destination-ip-good', allow: true },
    { from, port: 'http', path: '/destination-ip-bad', allow: false },
    { from, port: 'http', path: '/destination-ip-notValues', allow: false },
    { from, port: 'http', path: '/destination-port-good', allow: true },
    { from, port: 'http', path: '/destination-port-bad', allow: false },
    { from, port: 'http', path: '/destination-port-notValues', allow: false },
    { from, port: 'http', path: '/other', allow: false },
  ];
};

export const authzCases: PeerCase[] = [
  ...allowTest('TestAuthz_Principal', 'allow-principal', { principals: [caller('ns1').principal] }),
  ...allowTest('TestAuthz_ServiceAccount', 'allow-serviceaccount', { serviceAccounts: ['ns1/a'] }),
  ...allowTest('TestAuthz_Namespace', 'allow-namespace', { namespaces: ['ns1'] }),
  ...lines('TestAuthz_TrustDomain', tpl('allow-trust-domain'), [mtlsStrict, trustDomainRules], (['ns1', 'ns2'] as const).flatMap((from): Line[] => [
    { from, port: 'grpc', allow: true },
    { from, port: 'tcp', allow: true },
    ...(['http', 'http2'] as const).flatMap((port): Line[] => [
      { from, port, path: '/allow', allow: true },
      { from, port, path: '/deny', allow: false },
      { from, port, path: '/not-trust-domain', allow: false },
      { from, port, path: '/not-deny', allow: true },
    ]),
  ])),
  ...denyTest('TestAuthz_DenyPrincipal', 'deny-principal', { principals: [caller('ns2').principal] }),
  ...denyTest('TestAuthz_DenyNamespace', 'deny-namespace', { namespaces: ['ns2'] }),
  ...lines('TestAuthz_NotNamespace', tpl('not-namespace'), [mtlsStrict, ap({ selector, action: 'DENY', rules: [{ from: [{ source: { notNamespaces: ['ns1'] } }] }] }, { namespace: 'ns1' })],
    (['ns1', 'ns2'] as const).flatMap((from) => (['grpc', 'tcp', 'http', 'http2'] as const).map((port): Line => ({ from, port, allow: from === 'ns1' })))),
  {
    family: 'authorization', file: tpl('not-host'), test: 'TestAuthz_NotHost/allow.b.com and deny.b.com through the ingress gateway',
    expectation: 'notHosts [deny.<svc>.com] admits Host allow.<svc>.com and denies deny.<svc>.com',
    notModeled: 'the test sends through an ingress Gateway (Gateway kind not modeled)',
  },
  ...lines('TestAuthz_NotMethod', tpl('not-method'), [ap({ selector, action: 'ALLOW', rules: [{ to: [{ operation: { notMethods: ['PUT'] } }] }] }, { namespace: 'ns1' })],
    (['http', 'http2'] as const).flatMap((port): Line[] => [{ from: 'ns1', port, method: 'GET', allow: true }, { from: 'ns1', port, method: 'PUT', allow: false }])),
  ...lines('TestAuthz_NotPort', tpl('not-port'), [ap({ selector, action: 'ALLOW', rules: [{ to: [{ operation: { notPorts: [String(PORT.http2)] } }] }] }, { namespace: 'ns1' })],
    [{ from: 'ns1', port: 'http', allow: true }, { from: 'ns1', port: 'http2', allow: false }]),
  ...(['grpc', 'http', 'http2', 'tcp'] as const).flatMap((port) =>
    (['ns1', 'ns2'] as const).map((from): PeerCase => {
      const test = `TestAuthz_DenyPlaintext/${from}.a→b ${port}`;
      const expectation = from === 'ns1' ? 'allowed (mTLS from ns1)' : 'denied: ns2 sends plaintext (DestinationRule tls DISABLE), and DENY notPrincipals ["*"] refuses callers without a principal';
      if (port === 'tcp') return { family: 'authorization', file: tpl('plaintext'), test, expectation, notModeled: 'raw TCP: simulated traffic is HTTP' };
      return {
        family: 'authorization', file: tpl('plaintext'), test, expectation,
        check: () => {
          const p = policyOf(
            { kind: 'PeerAuthentication', spec: { mtls: { mode: 'PERMISSIVE' } }, namespace: 'ns1', name: 'ns-default' },
            { kind: 'DestinationRule', spec: { host: '*.ns1.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }, namespace: 'ns1', name: 'default' },
            ap({ selector, action: 'DENY', rules: [{ from: [{ source: { notPrincipals: ['*'] } }] }] }, { namespace: 'ns1', name: 'b' }),
            { kind: 'DestinationRule', spec: { host: 'b.ns1.svc.cluster.local', trafficPolicy: { tls: { mode: 'DISABLE' } } }, namespace: 'ns2', name: 'b' },
          );
          // The caller's principal reaches the server only over mTLS, as the proxies decide it per connection.
          const tls = p.connectionOutcome({ clientNamespace: from, host: 'b.ns1.svc.cluster.local', port: PORT[port], server: { ...B, port: PORT[port] } });
          expect(tls.established).toBe(true);
          const src = tls.transport === 'mtls' ? caller(from) : { ...caller(from), principal: undefined };
          const q = request({ host: 'b.ns1.svc.cluster.local', port: PORT[port], method: port === 'grpc' ? 'POST' : 'GET', path: '/', source: src });
          expect(p.authorize(q, { ...B, port: PORT[port] }).allowed).toBe(from === 'ns1');
        },
      };
    }),
  ),
  ...lines('TestAuthz_PathPrecedence', tpl('path-precedence'), pathPrecedence, [
    { from: 'ns1', port: 'http', path: '/allow/admin', allow: false },
    { from: 'ns1', port: 'http', path: '/allow/admin?param=value', allow: false },
    { from: 'ns1', port: 'http', path: '/allow', allow: true },
    { from: 'ns1', port: 'http', path: '/allow?param=value', allow: true },
  ]),
  ...lines('TestAuthz_PathTemplating', tpl('path-templating'), [pathTemplates], templateLines.map(([path, allow]): Line => ({ from: 'ns1', port: 'http', path, allow }))),
  ...lines('TestAuthz_Conditions', tpl('conditions'), conditions, [...conditionLines('ns1'), ...conditionLines('ns2')]),
  ...['connection-sni-good', 'connection-sni-bad', 'connection-sni-notValues'].map((p): PeerCase => ({
    family: 'authorization', file: tpl('conditions'), test: `TestAuthz_Conditions/${p}`,
    expectation: 'connection.sni matches the SNI the client sent', notModeled: 'connection.sni: simulated connections carry no SNI (always absent)',
  })),
  { family: 'authorization', file: FILES.authz, test: 'TestAuthz_JWT', expectation: 'request principals and claims from a validated JWT decide', notModeled: 'JWT: simulated requests carry no token' },
  { family: 'authorization', file: FILES.authz, test: 'TestAuthz_WorkloadSelector', expectation: 'policies bind by workload selector and namespace (including the root namespace)', notModeled: 'the test varies the Istio system namespace per cluster and runs across clusters; the selector and root-namespace rules are covered by test/policy/authorizationPolicy.test.ts' },
  { family: 'authorization', file: FILES.authz, test: 'TestAuthz_IngressGateway', expectation: 'policies on the ingress gateway decide by host, path, IP and remote IP', notModeled: 'gateways are not modeled' },
  { family: 'authorization', file: FILES.authz, test: 'TestAuthz_EgressGateway', expectation: 'policies on the egress gateway decide by SNI, host and identity', notModeled: 'gateways and ServiceEntry are not modeled' },
  { family: 'authorization', file: FILES.authz, test: 'TestAuthz_PathNormalization', expectation: 'paths are normalized (dot segments, double slashes, escapes) before matching', notModeled: 'simulated paths are already normal: the scenario writes them' },
  { family: 'authorization', file: FILES.authz, test: 'TestAuthz_CustomServer', expectation: 'CUSTOM policies ask an external authorizer (ext_authz) whose answer decides', notModeled: 'the external authorizer is not simulated (assumed to allow)' },
];
