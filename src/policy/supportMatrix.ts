import type { Diagnostics, FieldPath } from './diagnostics.js';
import { describe, isObject } from './fieldReaders.js';
import { meshsimMessages } from './analysis/messages.js';

/**
 * The Istio fields meshsim knows, and how far each is modeled. This table drives the
 * compilers (readFields warns about every not-modeled or unknown field it meets) and
 * renders docs/istio-support.md, so the documentation cannot drift from the code.
 */
export type SupportStatus = 'modeled' | 'partial' | 'not-modeled';

export interface SupportEntry {
  readonly kind: string;
  /** Dotted path from the resource root; `[]` marks list items, e.g. spec.http[].match[].uri. */
  readonly field: string;
  readonly status: SupportStatus;
  readonly note: string;
}

type Row = readonly [field: string, status: SupportStatus, note: string];

const stringMatch = (base: string): Row[] => [
  [`${base}.exact`, 'modeled', 'exact string'],
  [`${base}.prefix`, 'modeled', 'plain string prefix'],
  [`${base}.regex`, 'modeled', 'RE2 syntax (re2js), matched against the whole string as Envoy does; RE2 compile errors are located errors'],
];
const destination = (base: string): Row[] => [
  [base, 'modeled', 'service the request is sent to'],
  [`${base}.host`, 'modeled', 'short names resolve in the namespace of the resource'],
  [`${base}.subset`, 'modeled', 'DestinationRule subset'],
  [`${base}.port`, 'modeled', 'port selector'],
  [`${base}.port.number`, 'modeled', 'selects port-level DestinationRule settings'],
];
const percentage = (base: string): Row[] => [[`${base}.value`, 'modeled', 'percent, 0-100; per-million precision like Envoy']];
const tlsSettings = (base: string): Row[] => [
  [base, 'modeled', 'client-side TLS toward the destination'],
  [`${base}.mode`, 'modeled', 'DISABLE/SIMPLE/MUTUAL/ISTIO_MUTUAL against the server PeerAuthentication'],
  ...['clientCertificate', 'privateKey', 'caCertificates', 'credentialName', 'subjectAltNames', 'sni', 'insecureSkipVerify', 'caCrl'].map(
    (f): Row => [`${base}.${f}`, 'not-modeled', 'certificate material is not simulated; handshakes are assumed to verify'],
  ),
];
const trafficPolicyBody = (base: string, withPortLevel: boolean): Row[] => [
  [`${base}.loadBalancer`, 'modeled', 'compiled by loadBalancing/compileLoadBalancer.ts'],
  [`${base}.connectionPool`, 'modeled', 'compiled by connectionPool.ts'],
  [`${base}.outlierDetection`, 'modeled', 'compiled by outlierDetector.ts'],
  ...tlsSettings(`${base}.tls`),
  ...(withPortLevel
    ? ([
        [`${base}.portLevelSettings`, 'modeled', 'replace the destination-level components wholesale for that port (§4.4)'],
        [`${base}.portLevelSettings[].port`, 'modeled', 'port selector'],
        [`${base}.portLevelSettings[].port.number`, 'modeled', 'destination port'],
        ...trafficPolicyBody(`${base}.portLevelSettings[]`, false),
        [`${base}.tunnel`, 'not-modeled', 'HTTP CONNECT tunnelling is not simulated'],
        [`${base}.proxyProtocol`, 'not-modeled', 'PROXY protocol is not simulated'],
        [`${base}.retryBudget`, 'modeled', 'compiled by retryBudget.ts (§1.5)'],
      ] as Row[])
    : []),
];
const selector = (base: string): Row[] => [
  [base, 'modeled', 'workload label selector'],
  [`${base}.matchLabels`, 'modeled', 'all labels must match'],
];

/**
 * Fields compiled by the resilience and balancing modules (they report their own
 * diagnostics); listed here so the support matrix documents every field. Paths are
 * given under the top-level trafficPolicy; subsets and portLevelSettings take the same.
 */
const retries = (base: string): Row[] => [
  [`${base}.attempts`, 'modeled', 'retries after the first try; 0 disables (§1.1)'],
  [`${base}.perTryTimeout`, 'modeled', 'per-try timeout, started when the attempt gets a connection (§2)'],
  [`${base}.retryOn`, 'modeled', 'Envoy retry_on tokens and status codes (§1.3)'],
  [`${base}.retryRemoteLocalities`, 'modeled', 'previous_priorities, update frequency 2'],
  [`${base}.retryIgnorePreviousHosts`, 'modeled', 'previous_hosts predicate, 5 re-picks'],
  [`${base}.backoff`, 'modeled', 'base interval; max = 10 x base (§1.4)'],
];
const delegatedTrafficPolicy = (base: string): Row[] => [
  ...['maxConnections', 'connectTimeout'].map((f): Row => [`${base}.connectionPool.tcp.${f}`, 'modeled', 'connectionPool.ts (§4.3)']),
  ...['maxConnectionDuration', 'idleTimeout'].map((f): Row => [`${base}.connectionPool.tcp.${f}`, 'partial', 'compiled (§4.3); the simulated pool never closes idle or aged connections, and a run says so']),
  [`${base}.connectionPool.tcp.tcpKeepalive`, 'not-modeled', 'connectionPool.ts: connections never go silently dead'],
  ...['http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection', 'maxRetries'].map((f): Row => [`${base}.connectionPool.http.${f}`, 'modeled', 'connectionPool.ts (§4.3)']),
  [`${base}.connectionPool.http.idleTimeout`, 'partial', 'compiled (§4.3); the simulated pool never closes idle connections, and a run says so'],
  [`${base}.connectionPool.http.maxConcurrentStreams`, 'partial', 'compiled (§4.3); the simulated pool is HTTP/1.1 (one request per connection), and a run says so'],
  [`${base}.connectionPool.http.h2UpgradePolicy`, 'not-modeled', 'connectionPool.ts: no protocol switch'],
  [`${base}.connectionPool.http.useClientProtocol`, 'not-modeled', 'connectionPool.ts'],
  [`${base}.connectionPool.http.http2KeepAlive`, 'not-modeled', 'connectionPool.ts: HTTP/2 PINGs; interval and timeout are validated as Istio does'],
  ...['consecutive5xxErrors', 'consecutiveGatewayErrors', 'interval', 'baseEjectionTime', 'maxEjectionPercent', 'minHealthPercent'].map((f): Row => [`${base}.outlierDetection.${f}`, 'modeled', 'outlierDetection.ts (§3.6)']),
  [`${base}.outlierDetection.consecutiveErrors`, 'partial', 'deprecated; ignored with a warning, as Istio does'],
  [`${base}.outlierDetection.outlierDetectionHttpErrorCodes`, 'modeled', 'outlierDetection.ts: only these response statuses count as failures (Envoy error_matcher)'],
  [`${base}.outlierDetection.splitExternalLocalOriginErrors`, 'not-modeled', 'outlierDetection.ts: split local-origin mode'],
  [`${base}.outlierDetection.consecutiveLocalOriginFailures`, 'not-modeled', 'outlierDetection.ts: split local-origin mode'],
  [`${base}.loadBalancer.simple`, 'modeled', 'compileLoadBalancer.ts (§5.1); PASSTHROUGH balanced as RANDOM'],
  [`${base}.loadBalancer.consistentHash`, 'modeled', 'ring hash or Maglev on header, cookie, source IP or query parameter (§5.2)'],
  [`${base}.loadBalancer.localityLbSetting`, 'modeled', 'compileLocalityLbSetting.ts: enabled, distribute, failover, failoverPriority (§6)'],
  [`${base}.loadBalancer.zoneAwareLbSetting`, 'modeled', 'compileZoneAwareLbSetting.ts: enabled (absent = on; false overrides the mesh locality setting), failover, failoverPriority, minClusterSize; needs self-discovery, assumed on'],
  [`${base}.loadBalancer.warmup`, 'not-modeled', 'slow start: hosts have no start time in meshsim'],
  [`${base}.loadBalancer.warmupDurationSecs`, 'not-modeled', 'slow start: hosts have no start time in meshsim'],
  [`${base}.retryBudget.percent`, 'modeled', 'retryBudget.ts (§1.5)'],
  [`${base}.retryBudget.minRetryConcurrency`, 'modeled', 'retryBudget.ts (§1.5)'],
  [`${base}.retryBudget.budgetInterval`, 'not-modeled', 'retryBudget.ts: only active and pending requests are counted'],
];

const virtualService: Row[] = [
  ['spec.hosts', 'modeled', 'short names, FQDNs and wildcards; most specific host wins'],
  ['spec.gateways', 'modeled', 'a VirtualService without `mesh` does not apply to sidecar traffic'],
  ['spec.exportTo', 'modeled', 'visibility by namespace (`*`, `.`, names)'],
  ['spec.http', 'modeled', 'ordered routes, first match wins'],
  ['spec.http[].name', 'modeled', 'reported in route decisions'],
  ['spec.http[].match', 'modeled', 'match blocks are ORed; conditions inside one are ANDed'],
  ['spec.http[].match[].name', 'modeled', 'informational'],
  ['spec.http[].match[].uri', 'modeled', 'path without the query string'],
  ...stringMatch('spec.http[].match[].uri'),
  ['spec.http[].match[].scheme', 'partial', 'simulated requests are plain http'],
  ...stringMatch('spec.http[].match[].scheme'),
  ['spec.http[].match[].method', 'modeled', 'request method'],
  ...stringMatch('spec.http[].match[].method'),
  ['spec.http[].match[].authority', 'modeled', 'Host/:authority as the caller addressed it'],
  ...stringMatch('spec.http[].match[].authority'),
  ['spec.http[].match[].headers', 'modeled', 'exact/prefix/regex; `{}` means presence'],
  ['spec.http[].match[].withoutHeaders', 'modeled', 'negated header matches (a missing header counts as empty)'],
  ['spec.http[].match[].queryParams', 'modeled', 'exact/prefix/regex on query parameters; `{}` or exact "" means presence'],
  ['spec.http[].match[].port', 'partial', 'requests without a port match any port condition'],
  ['spec.http[].match[].sourceLabels', 'modeled', 'labels of the calling workload'],
  ['spec.http[].match[].sourceNamespace', 'modeled', 'namespace of the calling workload'],
  ['spec.http[].match[].gateways', 'modeled', 'overrides spec.gateways for this match'],
  ['spec.http[].match[].ignoreUriCase', 'modeled', 'case-insensitive exact/prefix uri'],
  ['spec.http[].match[].statPrefix', 'not-modeled', 'stats naming only'],
  ['spec.http[].route', 'modeled', 'relative weights; weight 0 dropped'],
  ['spec.http[].route[].weight', 'modeled', 'share = w / sum(w) (§7.2)'],
  ...destination('spec.http[].route[].destination'),
  ['spec.http[].route[].headers', 'not-modeled', 'header manipulation does not change simulated routing'],
  ['spec.http[].timeout', 'modeled', 'compiled by timeouts.ts'],
  ['spec.http[].retries', 'modeled', 'compiled by retryPolicy.ts; absent => Istio default retry policy'],
  ...retries('spec.http[].retries'),
  ['spec.http[].fault', 'modeled', 'fault filter runs before the router'],
  ['spec.http[].fault.delay', 'modeled', 'fixed delay on a share of requests'],
  ['spec.http[].fault.delay.fixedDelay', 'modeled', 'duration'],
  ['spec.http[].fault.delay.percentage', 'modeled', 'unset => 0% (no delay)'],
  ...percentage('spec.http[].fault.delay.percentage'),
  ['spec.http[].fault.delay.percent', 'modeled', 'deprecated integer percent'],
  ['spec.http[].fault.delay.exponentialDelay', 'not-modeled', 'Istio drops it (unsupported)'],
  ['spec.http[].fault.abort', 'modeled', 'local reply; bypasses retries, outlier detection and circuit breakers'],
  ['spec.http[].fault.abort.httpStatus', 'modeled', 'HTTP status of the local reply'],
  ['spec.http[].fault.abort.grpcStatus', 'modeled', 'gRPC status name or code'],
  ['spec.http[].fault.abort.http2Error', 'not-modeled', 'HTTP/2 errors are not simulated'],
  ['spec.http[].fault.abort.percentage', 'modeled', 'unset => no abort'],
  ...percentage('spec.http[].fault.abort.percentage'),
  ['spec.http[].mirror', 'modeled', 'fire-and-forget copy; response ignored'],
  ...destination('spec.http[].mirror').slice(1),
  ['spec.http[].mirrors', 'modeled', 'several mirrors, each with its own percentage'],
  ...destination('spec.http[].mirrors[].destination'),
  ['spec.http[].mirrors[].percentage', 'modeled', 'unset => 100%'],
  ...percentage('spec.http[].mirrors[].percentage'),
  ['spec.http[].mirrorPercentage', 'modeled', 'unset => 100%'],
  ...percentage('spec.http[].mirrorPercentage'),
  ['spec.http[].mirrorPercent', 'modeled', 'deprecated integer percent'],
  ['spec.http[].redirect', 'partial', 'the decision is a redirect reply (status redirectCode, default 301); the follow-up request is not simulated'],
  ...['uri', 'prefixRewrite', 'authority', 'port', 'derivePort', 'scheme', 'redirectCode'].map((f): Row => [`spec.http[].redirect.${f}`, f === 'redirectCode' ? 'modeled' : 'not-modeled', f === 'redirectCode' ? 'status of the redirect reply' : 'the redirect target is not followed']),
  ['spec.http[].directResponse', 'partial', 'the decision is a local reply with the status; no upstream call'],
  ['spec.http[].directResponse.status', 'modeled', 'status of the local reply'],
  ['spec.http[].directResponse.body', 'not-modeled', 'response bodies are not simulated'],
  ['spec.http[].rewrite', 'not-modeled', 'uri/authority rewrites do not change which service is called'],
  ['spec.http[].delegate', 'not-modeled', 'delegate VirtualServices are not resolved; matching requests get 404'],
  ['spec.http[].corsPolicy', 'not-modeled', 'CORS is not simulated'],
  ['spec.http[].headers', 'not-modeled', 'header manipulation does not change simulated routing'],
  ['spec.tcp', 'not-modeled', 'simulated traffic is HTTP; TCP routes are ignored'],
  ['spec.tls', 'not-modeled', 'simulated traffic is HTTP; TLS/SNI routes are ignored'],
];

const destinationRule: Row[] = [
  ['spec.host', 'modeled', 'most specific host wins; short names resolve in the DestinationRule namespace'],
  ['spec.trafficPolicy', 'modeled', 'destination-level policy'],
  ...trafficPolicyBody('spec.trafficPolicy', true),
  ...delegatedTrafficPolicy('spec.trafficPolicy'),
  ['spec.subsets', 'modeled', 'named label selectors over endpoints'],
  ['spec.subsets[].name', 'modeled', 'subset name'],
  ['spec.subsets[].labels', 'modeled', 'endpoint labels that must all match'],
  ['spec.subsets[].trafficPolicy', 'modeled', 'overrides the top-level policy per whole component (§4.4)'],
  ...trafficPolicyBody('spec.subsets[].trafficPolicy', true),
  ['spec.exportTo', 'modeled', 'visibility by namespace'],
  ['spec.workloadSelector', 'not-modeled', 'workload-scoped DestinationRules are not modeled; applied to all clients'],
];

const peerAuthentication: Row[] = [
  ...selector('spec.selector'),
  ['spec.mtls', 'modeled', 'mode for the selected workloads'],
  ['spec.mtls.mode', 'modeled', 'UNSET/DISABLE/PERMISSIVE/STRICT (§8.2)'],
  ['spec.portLevelMtls', 'modeled', 'per-port mode; workload policies only'],
];

const source = 'spec.rules[].from[].source';
const operation = 'spec.rules[].to[].operation';
const authorizationPolicy: Row[] = [
  ...selector('spec.selector'),
  ['spec.targetRef', 'not-modeled', 'gateway/waypoint attachment is not simulated'],
  ['spec.targetRefs', 'not-modeled', 'gateway/waypoint attachment is not simulated'],
  ['spec.action', 'modeled', 'CUSTOM, DENY, ALLOW evaluated in that order; AUDIT has no effect (§8.1)'],
  ['spec.provider', 'partial', 'the external authorizer is not simulated: CUSTOM policies are assumed to allow'],
  ['spec.provider.name', 'partial', 'recorded only'],
  ['spec.rules', 'modeled', 'absent/empty => never matches; `[{}]` => matches everything; a rule with a field meshsim does not know fails closed (ALLOW: matches nothing; DENY: matches everything)'],
  ['spec.rules[].from', 'modeled', 'any source matches'],
  [source, 'modeled', 'fields ANDed, values ORed'],
  [`${source}.principals`, 'modeled', 'SPIFFE principal from the mTLS peer certificate'],
  [`${source}.notPrincipals`, 'modeled', ''],
  [`${source}.namespaces`, 'modeled', 'namespace from the peer certificate (needs mTLS)'],
  [`${source}.notNamespaces`, 'modeled', ''],
  [`${source}.serviceAccounts`, 'modeled', 'ns/sa or sa (same namespace) from the peer certificate'],
  [`${source}.notServiceAccounts`, 'modeled', ''],
  [`${source}.trustDomains`, 'modeled', 'trust domain of the peer certificate (needs mTLS); exact, prefix*, *suffix, *; workloads are in cluster.local unless the scenario says otherwise'],
  [`${source}.notTrustDomains`, 'modeled', ''],
  [`${source}.ipBlocks`, 'modeled', 'caller IP (CIDR or address)'],
  [`${source}.notIpBlocks`, 'modeled', ''],
  [`${source}.remoteIpBlocks`, 'partial', 'no X-Forwarded-For model: the caller IP is used'],
  [`${source}.notRemoteIpBlocks`, 'partial', 'no X-Forwarded-For model: the caller IP is used'],
  [`${source}.requestPrincipals`, 'partial', 'no JWT model: simulated requests have no request principal'],
  [`${source}.notRequestPrincipals`, 'partial', 'no JWT model: simulated requests have no request principal'],
  ['spec.rules[].to', 'modeled', 'any operation matches'],
  [operation, 'modeled', 'fields ANDed, values ORed'],
  [`${operation}.hosts`, 'modeled', 'case-insensitive; exact, prefix*, *suffix, *'],
  [`${operation}.notHosts`, 'modeled', ''],
  [`${operation}.ports`, 'modeled', 'destination port'],
  [`${operation}.notPorts`, 'modeled', ''],
  [`${operation}.methods`, 'modeled', ''],
  [`${operation}.notMethods`, 'modeled', ''],
  [`${operation}.paths`, 'modeled', 'exact, prefix*, *suffix, *, {*} and {**} templates; query string excluded'],
  [`${operation}.notPaths`, 'modeled', ''],
  ['spec.rules[].when', 'modeled', 'all conditions must match'],
  ['spec.rules[].when[].key', 'partial', 'request.headers[], source.ip/namespace/principal/serviceAccount/trustDomain, destination.port/ip are modeled; JWT claims, SNI and experimental keys never have a value; unknown keys are refused, as Istio does'],
  ['spec.rules[].when[].values', 'modeled', 'any value matches'],
  ['spec.rules[].when[].notValues', 'modeled', 'no value may match'],
];

const table: ReadonlyArray<readonly [string, readonly Row[]]> = [
  ['VirtualService', virtualService],
  ['DestinationRule', destinationRule],
  ['PeerAuthentication', peerAuthentication],
  ['AuthorizationPolicy', authorizationPolicy],
];

export const supportMatrix: readonly SupportEntry[] = table.flatMap(([kind, rows]) =>
  rows.map(([field, status, note]) => ({ kind, field, status, note })),
);

const byKey = new Map(supportMatrix.map((e) => [`${e.kind}:${e.field}`, e]));

/** Looks a field up; `field` uses the `[]` list notation. */
export function supportOf(kind: string, field: string): SupportEntry | undefined {
  return byKey.get(`${kind}:${field}`);
}

/** protojson accepts snake_case names too (mirror_percent); Istio's own YAML uses both. */
export function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * Reads one object of a resource: reports every key that is not modeled (warning that
 * names it) or unknown (warning: ignored, as a cluster would prune it), and returns the
 * object with camelCase keys. `field` is the matrix path of the object itself.
 * Returns undefined (after an error) when the value is not an object.
 *
 * With `unknown`, unknown keys are not warned about but collected there (their paths):
 * the caller then decides how a thing it cannot read fails (failClosed.ts).
 */
export function readFields(
  kind: string,
  field: string,
  raw: unknown,
  path: FieldPath,
  diag: Diagnostics,
  unknown?: FieldPath[],
): Record<string, unknown> | undefined {
  if (!isObject(raw)) {
    diag.error(path, `must be an object, got ${describe(raw)}`, 'a mapping of fields');
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const name = camelCase(key);
    const entry = supportOf(kind, `${field}.${name}`);
    if (entry === undefined) {
      if (unknown !== undefined) unknown.push([...path, key]);
      else diag.warn([...path, key], `unknown field "${key}" for ${kind}; ignored (a cluster would prune it)`, meshsimMessages.UnknownField);
      continue;
    }
    if (entry.status === 'not-modeled') diag.notModeled([...path, key], entry.note);
    out[name] = value;
  }
  return out;
}

/** The istio/istio commit whose semantics (pilot, the admission webhook) the compilers follow; test/istio checks it. */
export const ISTIO_REFERENCE_COMMIT = '86c9f01fd735fb01d8192f5bcaf0d424afb7f14c';

/** Areas of Istio meshsim leaves out on purpose, with the reason. */
const NOT_MODELED_AREAS: ReadonlyArray<readonly [string, string]> = [
  ['Sidecar kind', 'egress/ingress scoping and inbound connection pools change which config a proxy sees; every simulated proxy sees all resources (the Sidecar kind is warned about and ignored)'],
  ['MeshConfig defaults', 'meshsim runs with Istio\'s default mesh config (locality LB enabled, auto mTLS on, no mesh-wide retry, traffic or zone-aware policy); settings that change it cannot be given'],
  ['JWT (RequestAuthentication, request principals, claims)', 'simulated requests carry no token: request principals and claim conditions are always absent, so ALLOW rules on them match nothing and DENY rules on their negation match everything'],
  ['raw TCP', 'simulated traffic is HTTP; TCP/TLS routes are ignored and an L4 authorization point only sees what ztunnel would (ports, identities, IPs)'],
];

const statusText: Record<SupportStatus, string> = { modeled: 'modeled', partial: 'partially modeled', 'not-modeled': 'not modeled' };

/** docs/istio-support.md, generated from the table above. */
export function renderSupportMatrix(): string {
  const lines: string[] = [
    '# Istio support matrix',
    '',
    '<!-- Generated by renderSupportMatrix() in src/policy/supportMatrix.ts; test/policy/supportMatrix.test.ts fails when this file is stale. -->',
    '',
    'Every Istio field meshsim reads, and how far it is modeled. A field that is not modeled produces a',
    'warning naming it when the resource is compiled; unknown fields produce a warning too.',
    'Kinds not listed here (Gateway, ServiceEntry, Sidecar, EnvoyFilter, RequestAuthentication, Kubernetes kinds, ...)',
    'are recognized and reported as not modeled. Section numbers refer to [semantics/envoy-istio.md](semantics/envoy-istio.md).',
    '',
    `The policy engine follows istio/istio at commit \`${ISTIO_REFERENCE_COMMIT}\`; its agreement with that commit's own tests`,
    'is measured at the end of this page.',
    '',
    'A field meshsim does not know fails closed wherever ignoring it could admit more than the author meant: inside an',
    'AuthorizationPolicy rule (ALLOW: the rule matches no request; DENY: every request), a VirtualService match block',
    '(it matches no request), a PeerAuthentication mTLS setting (STRICT), and a workload selector (the resource is',
    'refused). Elsewhere it is reported and ignored, as a cluster would prune it; a valid current resource is never refused.',
    '',
    '## Not modeled, and why',
    '',
    ...NOT_MODELED_AREAS.map(([what, why]) => `- **${what}**: ${why}`),
    '',
  ];
  for (const [kind] of table) {
    lines.push(`## ${kind}`, '', '| field | status | how |', '|---|---|---|');
    for (const e of supportMatrix.filter((x) => x.kind === kind)) {
      lines.push(`| \`${e.field}\` | ${statusText[e.status]} | ${e.note.replace(/\|/g, '\\|')} |`);
    }
    lines.push('');
  }
  // A blank line before whatever follows (the peer suite's agreement section).
  lines.push('');
  return lines.join('\n');
}
