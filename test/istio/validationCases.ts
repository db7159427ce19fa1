import { ap, dr, expectValidation, FILES, pa, vs, type Doc, type PeerCase } from './peerCase.js';

/**
 * Istio's admission webhook (pkg/config/validation at the commit in peerCase.ts): meshsim
 * must accept and refuse the same resources, and warn where Istio warns. Each case wraps
 * the fragment Istio's unit test validates in the smallest resource that carries it.
 * Durations translate protobuf {seconds, nanos} to strings: {2s, 1ns} is "2.000000001s".
 */
type Row = readonly [test: string, doc: Doc, valid: boolean, warning?: RegExp];
const V = FILES.validation;
const row = (file: string, fn: string) => ([name, doc, valid, warning]: Row): PeerCase => ({
  family: 'validation', file, test: `${fn}/${name}`,
  expectation: `the webhook ${valid ? 'accepts' : 'refuses'} it${warning ? `, warning (${warning.source})` : ''}`,
  check: () => expectValidation(doc, valid, warning),
});

const retries = (r: object): Doc => vs({ hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }], retries: r }] });
const policy = (tp: object): Doc => dr({ host: 'reviews', trafficPolicy: tp });
const pool = (cp: object): Doc => policy({ connectionPool: cp });
const lb = (l: object, extra: object = {}): Doc => policy({ loadBalancer: l, ...extra });
const outlier = (o: object): Doc => policy({ outlierDetection: o });
const redirect = (r: object): Doc => vs({ hosts: ['reviews'], http: [{ redirect: r }] });
const za = (z: object, withOutlier = true): Doc => lb({ zoneAwareLbSetting: z }, withOutlier ? { outlierDetection: {} } : {});
const rrPolicy = { simple: 'ROUND_ROBIN' };

const httpRetry: Row[] = [
  ['valid', retries({ attempts: 10, perTryTimeout: '2s', retryOn: '5xx,gateway-error' }), true],
  ['disable retries', retries({ attempts: 0 }), true],
  ['invalid, retry policy configured but attempts set to zero', retries({ attempts: 0, perTryTimeout: '2s', retryOn: '5xx,gateway-error' }), false],
  ['valid default', retries({ attempts: 10 }), true],
  ['valid http status retryOn', retries({ attempts: 10, perTryTimeout: '2s', retryOn: '503,connect-failure' }), true],
  ['invalid attempts', retries({ attempts: -1, perTryTimeout: '2s' }), false],
  ['invalid timeout', retries({ attempts: 10, perTryTimeout: '2.000000001s' }), false],
  ['timeout too small', retries({ attempts: 10, perTryTimeout: '999ns' }), false],
  ['invalid backoff', retries({ attempts: 10, backoff: '999ns' }), false],
  ['invalid policy retryOn', retries({ attempts: 10, perTryTimeout: '2s', retryOn: '5xx,invalid policy' }), false],
  ['invalid http status retryOn', retries({ attempts: 10, perTryTimeout: '2s', retryOn: '600,connect-failure' }), false],
  ['invalid, retryRemoteLocalities configured but attempts set to zero', retries({ attempts: 0, retryRemoteLocalities: false }), false],
  // ValidateHTTPRetry splits retryOn on commas without trimming: empty and padded parts are not policies.
  ['(ValidateHTTPRetry) retryOn with an empty part', retries({ attempts: 2, retryOn: '5xx,,gateway-error' }), false],
  ['(ValidateHTTPRetry) retryOn with a padded part', retries({ attempts: 2, retryOn: '5xx, gateway-error' }), false],
];

const trafficPolicy: Row[] = [
  ['valid traffic policy', policy({ loadBalancer: rrPolicy, connectionPool: { tcp: { maxConnections: 7 }, http: { http2MaxRequests: 11 } }, outlierDetection: { minHealthPercent: 20 } }), true],
  ['invalid traffic policy, nil entries', policy({}), false],
  ['invalid traffic policy, missing port in port level settings', policy({ portLevelSettings: [{ loadBalancer: rrPolicy, connectionPool: { tcp: { maxConnections: 7 }, http: { http2MaxRequests: 11 } }, outlierDetection: { minHealthPercent: 20 } }] }), false],
  ['invalid traffic policy, bad connection pool', policy({ loadBalancer: rrPolicy, connectionPool: {}, outlierDetection: { minHealthPercent: 20 } }), false],
  ['invalid traffic policy, bad max connection duration', policy({ loadBalancer: rrPolicy, connectionPool: { tcp: { maxConnectionDuration: '500ns' } } }), false],
  ['invalid traffic policy, panic threshold too low', policy({ loadBalancer: rrPolicy, connectionPool: { tcp: { maxConnections: 7 }, http: { http2MaxRequests: 11 } }, outlierDetection: { minHealthPercent: -1 } }), false],
  ['invalid traffic policy, both upgrade and use client protocol set', policy({ connectionPool: { http: { h2UpgradePolicy: 'UPGRADE', useClientProtocol: true } } }), false],
  ['(validatePortTrafficPolicies) port traffic policy with no settings', policy({ portLevelSettings: [{ port: { number: 8080 } }] }), false],
  ['(validateTrafficPolicy) tunnel and proxyProtocol together', policy({ tunnel: { targetHost: 'example.com', targetPort: 443 }, proxyProtocol: { version: 'V1' } }), false],
];

const connectionPool: Row[] = [
  ['valid connection pool, tcp and http', pool({ tcp: { maxConnections: 7, connectTimeout: '2s' }, http: { http1MaxPendingRequests: 2, http2MaxRequests: 11, maxRequestsPerConnection: 5, maxRetries: 4, idleTimeout: '30s', maxConcurrentStreams: 5 } }), true],
  ['valid connection pool, tcp only', pool({ tcp: { maxConnections: 7, connectTimeout: '2s' } }), true],
  ['valid connection pool, http only', pool({ http: { http1MaxPendingRequests: 2, http2MaxRequests: 11, maxRequestsPerConnection: 5, maxRetries: 4, idleTimeout: '30s', maxConcurrentStreams: 5 } }), true],
  ['valid connection pool, http only with empty idle timeout', pool({ http: { http1MaxPendingRequests: 2, http2MaxRequests: 11, maxRequestsPerConnection: 5, maxRetries: 4, maxConcurrentStreams: 5 } }), true],
  ['valid connection pool, http2 keepalive', pool({ http: { http2KeepAlive: { interval: '15s', timeout: '5s' } } }), true],
  ['invalid connection pool, empty', pool({}), false],
  ['invalid connection pool, bad max connections', pool({ tcp: { maxConnections: -1 } }), false],
  ['invalid connection pool, bad connect timeout', pool({ tcp: { connectTimeout: '2.000000005s' } }), false],
  ['invalid connection pool, bad max pending requests', pool({ http: { http1MaxPendingRequests: -1 } }), false],
  ['invalid connection pool, bad max requests', pool({ http: { http2MaxRequests: -1 } }), false],
  ['invalid connection pool, bad max requests per connection', pool({ http: { maxRequestsPerConnection: -1 } }), false],
  ['invalid connection pool, bad max retries', pool({ http: { maxRetries: -1 } }), false],
  ['invalid connection pool, bad idle timeout', pool({ http: { idleTimeout: '30.000000005s' } }), false],
  ['valid connection pool, tcp timeout disabled', pool({ tcp: { idleTimeout: '0s' } }), true],
  ['invalid connection pool, bad max concurrent streams', pool({ http: { maxConcurrentStreams: -1 } }), false],
  ['invalid connection pool, http2 keepalive without interval', pool({ http: { http2KeepAlive: { timeout: '5s' } } }), false],
  ['invalid connection pool, http2 keepalive without timeout', pool({ http: { http2KeepAlive: { interval: '15s' } } }), false],
  ['invalid connection pool, bad http2 keepalive interval', pool({ http: { http2KeepAlive: { interval: '15.000000005s', timeout: '5s' } } }), false],
];

const loadBalancer: Row[] = [
  ['valid load balancer with simple load balancing', lb(rrPolicy), true],
  ['valid load balancer with consistentHash load balancing', lb({ consistentHash: { minimumRingSize: 1024, httpCookie: { name: 'test', ttl: '3600s' } } }), true, /minimumRingSize is deprecated/],
  ['invalid load balancer with consistentHash load balancing, missing name', lb({ consistentHash: { minimumRingSize: 1024, httpCookie: { ttl: '3600s' } } }), false],
  ['invalid load balancer with consistentHash load balancing, maglev not prime', lb({ consistentHash: { httpHeaderName: 'x', maglev: { tableSize: 1000 } } }), false],
  ['valid load balancer with consistentHash load balancing and unique cookie attributes', lb({ consistentHash: { httpCookie: { name: 'test-cookie', ttl: '0s', attributes: [{ name: 'SameSite', value: 'Strict' }, { name: 'Secure', value: 'true' }, { name: 'HttpOnly', value: 'true' }] } } }), true],
  ['invalid load balancer with consistentHash load balancing and duplicate cookie attribute names', lb({ consistentHash: { httpCookie: { name: 'test-cookie', ttl: '0s', attributes: [{ name: 'SameSite', value: 'Strict' }, { name: 'SameSite', value: 'Lax' }, { name: 'Secure', value: 'true' }] } } }), false],
  ['invalid load balancer with consistentHash load balancing and empty cookie attribute name', lb({ consistentHash: { httpCookie: { name: 'test-cookie', ttl: '0s', attributes: [{ name: 'SameSite', value: 'Strict' }, { name: '', value: 'some-value' }, { name: 'Secure', value: 'true' }] } } }), false],
  ['invalid: localityLbSetting and zoneAwareLbSetting both set', lb({ localityLbSetting: { enabled: true }, zoneAwareLbSetting: { enabled: true } }), false],
  ['valid: zoneAwareLbSetting only', lb({ zoneAwareLbSetting: { enabled: true } }), true],
  ['(validateLoadBalancer) maglev tableSize must be set', lb({ consistentHash: { httpHeaderName: 'x', maglev: { tableSize: 0 } } }), false],
  ['(validateLoadBalancer) minimumRingSize together with ringHash', lb({ consistentHash: { httpHeaderName: 'x', minimumRingSize: 1024, ringHash: { minimumRingSize: 2048 } } }), false],
];

const outlierDetection: Row[] = [
  ['valid outlier detection', outlier({ interval: '2s', baseEjectionTime: '2s', maxEjectionPercent: 50 }), true],
  ['invalid outlier detection, bad interval', outlier({ interval: '2.000000005s' }), false],
  ['invalid outlier detection, bad base ejection time', outlier({ baseEjectionTime: '2.000000005s' }), false],
  ['invalid outlier detection, bad max ejection percent', outlier({ maxEjectionPercent: 105 }), false],
  ['invalid outlier detection, panic threshold too low', outlier({ minHealthPercent: -1 }), false],
  ['invalid outlier detection, panic threshold too high', outlier({ minHealthPercent: 101 }), false],
  ['deprecated outlier detection, ConsecutiveErrors', outlier({ consecutiveErrors: 101 }), true, /deprecated/],
  ['consecutive local origin errors is set but split local origin errors is not set', outlier({ consecutiveLocalOriginFailures: 10 }), false],
  ['(outlierDetection) outlierDetectionHttpErrorCodes (valid today)', outlier({ outlierDetectionHttpErrorCodes: [429, 503] }), true],
];

const redirects: Row[] = [
  ['empty uri and authority', redirect({ uri: '', authority: '' }), false],
  ['too small redirect code', redirect({ uri: '/', authority: 'foo.biz', redirectCode: 299 }), false],
  ['too large redirect code', redirect({ uri: '/', authority: 'foo.biz', redirectCode: 400 }), false],
  ['empty authority', redirect({ uri: '/' }), true],
  ['empty uri', redirect({ authority: 'foo.biz' }), true],
  ['empty redirect code', redirect({ uri: '/', authority: 'foo.biz', redirectCode: 0 }), true],
  ['normal redirect', redirect({ uri: '/', authority: 'foo.biz', redirectCode: 308 }), true],
];

const peerAuthentication: Row[] = [
  ['empty spec', pa({}), true],
  ['empty mtls with selector of empty labels', pa({ selector: {} }), true],
  ['default name with non empty selector', pa({ selector: { matchLabels: { app: 'httpbin' } } }), true],
  ['empty port level mtls', pa({ selector: { matchLabels: { app: 'httpbin' } }, portLevelMtls: {} }), false],
  ['empty selector with port level mtls', pa({ portLevelMtls: { 8080: { mode: 'UNSET' } } }), false],
  ['port 0', pa({ selector: { matchLabels: { app: 'httpbin' } }, portLevelMtls: { 0: { mode: 'UNSET' } } }), false],
  ['unset mode', pa({ mtls: { mode: 'UNSET' } }), true],
  ['port level', pa({ selector: { matchLabels: { app: 'httpbin' } }, portLevelMtls: { 8080: { mode: 'UNSET' } } }), true],
];

const httpbin = { matchLabels: { app: 'httpbin', version: 'v1' } };
const allow = (rules: unknown, extra: object = {}): Doc => ap({ selector: httpbin, rules, ...extra });
const from = (source: object) => [{ from: [{ source }] }];
const to = (operation: object) => [{ to: [{ operation }] }];
const gateway = { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'foo' };
const authorizationPolicy: Row[] = [
  ['good', allow([{ from: [{ source: { principals: ['sa1', 'sa2'] } }, { source: { requestPrincipals: ['id-1'] } }], to: [{ operation: { methods: ['GET'], paths: ['/path1'] } }], when: [{ key: 'source.ip', values: ['1.2.3.4'] }] }]), true],
  ['good serviceAccounts', allow(from({ serviceAccounts: ['ns/sa1', 'sa2'] })), true],
  ['serviceAccounts and namespaces', allow(from({ serviceAccounts: ['ns/sa1'], namespaces: ['ns'] })), false],
  ['custom-good', ap({ action: 'CUSTOM', provider: { name: 'my-custom-authz' }, rules: [{}] }), true, /CUSTOM/],
  ['custom-empty-provider', ap({ action: 'CUSTOM', provider: { name: '' }, rules: [{}] }), false],
  ['custom-nil-provider', ap({ action: 'CUSTOM', rules: [{}] }), false],
  ['custom-invalid-rule', ap({ action: 'CUSTOM', provider: { name: 'my-custom-authz' }, rules: [{ from: [{ source: { namespaces: ['ns'], principals: ['p'] } }], when: [{ key: 'source.namespace', values: ['ns'] }] }] }), false],
  ['provider-wrong-action', ap({ action: 'ALLOW', provider: { name: 'my-custom-authz' }, rules: [{}] }), false],
  ['allow-rules-nil', ap({ action: 'ALLOW' }), true],
  ['dry-run-valid-allow', { kind: 'AuthorizationPolicy', spec: { action: 'ALLOW' }, annotations: { 'istio.io/dry-run': 'true' } }, true, /dry-run/],
  ['dry-run-valid-deny', { kind: 'AuthorizationPolicy', spec: { action: 'DENY', rules: [{}] }, annotations: { 'istio.io/dry-run': 'false' } }, true],
  ['dry-run-invalid-value', { kind: 'AuthorizationPolicy', spec: { action: 'ALLOW' }, annotations: { 'istio.io/dry-run': 'foo' } }, false],
  ['dry-run-invalid-action-custom', { kind: 'AuthorizationPolicy', spec: { action: 'CUSTOM', provider: { name: 'x' }, rules: [{}] }, annotations: { 'istio.io/dry-run': 'true' } }, false],
  ['dry-run-invalid-action-audit', { kind: 'AuthorizationPolicy', spec: { action: 'AUDIT', rules: [{}] }, annotations: { 'istio.io/dry-run': 'true' } }, false],
  ['deny-rules-nil', ap({ action: 'DENY' }), false],
  ['selector-empty-value', ap({ selector: { matchLabels: { app: '', version: 'v1' } } }), true],
  ['selector-empty-key', ap({ selector: { matchLabels: { app: 'httpbin', '': 'v1' } } }), false],
  ['selector-empty-labels', ap({ selector: {} }), true, /without labels/],
  ['selector-wildcard-value', ap({ selector: { matchLabels: { app: 'httpbin-*' } } }), false],
  ['selector-wildcard-key', ap({ selector: { matchLabels: { 'app-*': 'httpbin' } } }), false],
  ['target-ref-good', ap({ targetRef: gateway, rules: [{}] }), true],
  ['target-refs-good', ap({ targetRefs: [gateway], rules: [{}] }), true],
  ['target-refs-good-service', ap({ targetRefs: [{ group: '', kind: 'Service', name: 'foo' }], rules: [{}] }), true],
  ['target-ref-non-empty-namespace', ap({ targetRef: { ...gateway, namespace: 'bar' }, rules: [{}] }), false],
  ['target-ref-empty-name', ap({ targetRef: { group: gateway.group, kind: gateway.kind }, rules: [{}] }), false],
  ['target-ref-wrong-group', ap({ targetRef: { ...gateway, group: 'wrong-group' }, rules: [{}] }), false],
  ['target-ref-wrong-kind', ap({ targetRef: { ...gateway, kind: 'wrong-kind' }, rules: [{}] }), false],
  ['target-ref-and-selector-cannot-both-be-set', ap({ targetRef: gateway, selector: httpbin, rules: [{}] }), false],
  ['target-refs-and-selector-cannot-both-be-set', ap({ targetRefs: [gateway], selector: httpbin, rules: [{}] }), false],
  ['from-empty', allow([{ from: [] }]), false],
  ['source-nil', allow([{ from: [{}] }]), false],
  ['source-empty', allow([{ from: [{ source: {} }] }]), false],
  ['to-empty', allow([{ to: [] }]), false],
  ['operation-nil', allow([{ to: [{}] }]), false],
  ['operation-empty', allow([{ to: [{ operation: {} }] }]), false],
  ...(['principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals', 'namespaces', 'serviceAccounts', 'notNamespaces', 'ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'] as const).map(
    (f): Row => [`${f[0]?.toUpperCase()}${f.slice(1)}-empty`, allow(from({ [f]: ['good', ''] })), false],
  ),
  ...(['hosts', 'notHosts', 'ports', 'notPorts', 'methods', 'notMethods', 'paths', 'notPaths'] as const).map(
    (f): Row => [`${f[0]?.toUpperCase()}${f.slice(1)}-empty`, allow(to({ [f]: f.toLowerCase().includes('port') ? ['80', ''] : ['good', ''] })), false],
  ),
  ['value-empty', allow([{ when: [{ key: 'request.headers[:authority]', values: ['v1', ''] }] }]), false],
  ['invalid ip and port in ipBlocks', allow(from({ ipBlocks: ['1.2.3.4', 'ip1'] }).map((r) => ({ ...r, to: [{ operation: { ports: ['80', 'port1'] } }] }))), false],
  ['invalid ip and port in remoteIpBlocks', allow(from({ remoteIpBlocks: ['1.2.3.4', 'ip1'] }).map((r) => ({ ...r, to: [{ operation: { ports: ['80', 'port1'] } }] }))), false],
  ['condition-key-missing', allow([{ when: [{ values: ['v1'] }] }]), false],
  ['condition-key-empty', allow([{ when: [{ key: '', values: ['v1'] }] }]), false],
  ['condition-value-missing', allow([{ when: [{ key: 'source.principal' }] }]), false],
  ['condition-value-invalid', allow([{ when: [{ key: 'source.ip', values: ['a.b.c.d'] }] }]), false],
  ['condition-notValue-invalid', allow([{ when: [{ key: 'source.ip', notValues: ['a.b.c.d'] }] }]), false],
  ['condition-unknown', allow([{ when: [{ key: 'key1', values: ['v1'] }] }]), false],
  ['L7DenyWithFrom', ap({ selector: httpbin, action: 'DENY', rules: [{ from: [{ source: { requestPrincipals: ['example.com/sub-1'] } }] }] }), true, /TCP/],
  ['L7DenyWithTo', ap({ selector: httpbin, action: 'DENY', rules: [{ to: [{ operation: { methods: ['GET'] } }] }] }), true, /TCP/],
  ['L7DenyWithFromAndTo', ap({ selector: httpbin, action: 'DENY', rules: [{ from: [{ source: { principals: ['temp'] } }], to: [{ operation: { methods: ['GET'] } }] }] }), true, /TCP/],
  ['(CheckTrustDomainValues) trustDomains with a slash', allow(from({ trustDomains: ['cluster.local/ns'] })), false],
  ['(CheckTrustDomainValues) trustDomains with a wildcard in the middle', allow(from({ trustDomains: ['clu*ster.local'] })), false],
  ['(CheckTrustDomainValues) trustDomains prefix and suffix wildcards', allow(from({ trustDomains: ['*.example.com', 'cluster.*', '*'] })), true],
  ['(CheckValidPathTemplate) {**} not last', allow(to({ paths: ['/foo/{**}/bar/{*}'] })), false],
  ['(CheckValidPathTemplate) brace outside a template', allow(to({ paths: ['/foo/{bar}'] })), false],
];

const zoneAware: Row[] = [
  ['enabled only is valid', za({ enabled: true }), true],
  ['valid region-level failover', za({ failover: [{ from: 'us-east', to: 'eu-west' }] }), true],
  ['failover same src and dst region', za({ failover: [{ from: 'region1', to: 'region1' }] }), false],
  ["failover src has '/' (zone scope) is rejected", za({ failover: [{ from: 'region1/zone1', to: 'region2' }] }), false],
  ["failover dst has '/' (zone scope) is rejected", za({ failover: [{ from: 'region1', to: 'region2/zone1' }] }), false],
  ["failover src has '*' wildcard is rejected", za({ failover: [{ from: '*', to: 'region2' }] }), false],
  ["failover dst has '*' wildcard is rejected", za({ failover: [{ from: 'region1', to: '*' }] }), false],
  ['failover and failoverPriority both set with topology region', za({ failover: [{ from: 'region1', to: 'region2' }], failoverPriority: ['topology.kubernetes.io/region'] }), false],
  ['failoverPriority with region label is rejected', za({ failoverPriority: ['topology.kubernetes.io/region'] }), false],
  ['failoverPriority with zone label is rejected', za({ failoverPriority: ['topology.kubernetes.io/zone'] }), false],
  ['failoverPriority with subzone label is rejected', za({ failoverPriority: ['topology.istio.io/subzone'] }), false],
  ['failoverPriority with non-topology labels is valid', za({ failoverPriority: ['version', 'app=ratings'] }), true],
  ['failover without outlier detection warns', za({ failover: [{ from: 'us-east', to: 'eu-west' }] }, false), true, /outlierDetection/],
  ['failoverPriority without outlier detection warns', za({ failoverPriority: ['version'] }, false), true, /outlierDetection/],
];

const durations: Row[] = [
  ['1s', retries({ attempts: 1, perTryTimeout: '1s' }), true],
  ['1s - 1ns (sub-ms precision)', retries({ attempts: 1, perTryTimeout: '999999999ns' }), false],
  ['-11s - 1ns (negative)', retries({ attempts: 1, perTryTimeout: '-11.000000001s' }), false],
  ['1ns (under 1ms)', retries({ attempts: 1, perTryTimeout: '1ns' }), false],
  ['1s + 1ns (sub-ms precision)', retries({ attempts: 1, perTryTimeout: '1.000000001s' }), false],
];

const localityLb: Row[] = [
  ['distribute and failover together', lb({ localityLbSetting: { distribute: [{ from: 'a/b/*', to: { 'a/b/*': 100 } }], failover: [{ from: 'a', to: 'b' }] } }, { outlierDetection: {} }), false],
  ['distribute weights not summing to 100', lb({ localityLbSetting: { distribute: [{ from: 'a/b/*', to: { 'a/b/*': 60, 'c/*': 30 } }] } }), false],
  ['failover with failoverPriority topology label', lb({ localityLbSetting: { failover: [{ from: 'a', to: 'b' }], failoverPriority: ['topology.kubernetes.io/zone'] } }, { outlierDetection: {} }), false],
  ['failover with failoverPriority custom label', lb({ localityLbSetting: { failover: [{ from: 'a', to: 'b' }], failoverPriority: ['custom-label'] } }, { outlierDetection: {} }), true],
];

export const validationCases: PeerCase[] = [
  ...httpRetry.map(row(V, 'TestValidateHTTPRetry')),
  ...trafficPolicy.map(row(V, 'TestValidateTrafficPolicy')),
  ...connectionPool.map(row(V, 'TestValidateConnectionPool')),
  ...loadBalancer.map(row(V, 'TestValidateLoadBalancer')),
  ...outlierDetection.map(row(V, 'TestValidateOutlierDetection')),
  ...redirects.map(row(V, 'TestValidateHTTPRedirect')),
  ...peerAuthentication.map(row(V, 'TestValidatePeerAuthentication')),
  ...authorizationPolicy.map(row(V, 'TestValidateAuthorizationPolicy')),
  ...zoneAware.map(row(FILES.agent, 'TestValidateZoneAwareLbSetting')),
  ...durations.map(row(FILES.agent, 'TestValidateDuration')),
  ...localityLb.map(row(FILES.agent, 'TestValidateLocalityLbSetting')),
  {
    family: 'validation', file: V, test: 'TestValidateHTTPRedirect/redirect codes outside 301/302/303/307/308',
    expectation: 'the webhook accepts any 3xx (e.g. 304); pilot then builds the route without an action',
    check: () => expectValidation(redirect({ uri: '/', redirectCode: 304 }), true, /not one Envoy supports/),
  },
];
