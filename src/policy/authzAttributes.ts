import type { Diagnostics, FieldPath } from './diagnostics.js';
import { meshsimMessages } from './analysis/messages.js';
import type { PolicyRequest } from './request.js';
import {
  checkIpBlocks,
  checkNotEmpty,
  checkPathTemplates,
  checkPorts,
  checkServiceAccounts,
  checkTrustDomains,
  checkWildcards,
  ipv4,
  mapKeyIsValid,
  type ValueCheck,
} from './authzValueChecks.js';

/**
 * What an AuthorizationPolicy rule can read of a request (§8.1 [IA-AP][II-AUTHZ]): the
 * attributes of sources, operations and `when` keys, how each is matched and how Istio's
 * webhook checks its values. An attribute meshsim does not have (no JWT, no SNI, ...) is
 * absent: a positive condition on it never holds and a negative one always does, which
 * is how Envoy treats a missing principal or header.
 */
export interface AuthzContext {
  readonly request: PolicyRequest;
  /** Destination (server) port of the workload. */
  readonly port?: number;
  /** Destination workload IP. */
  readonly destinationIp?: string;
}

export type Getter = (c: AuthzContext) => string | undefined;
export type ValueMatcher = (pattern: string, value: string) => boolean;
/** Istio string forms: exact, `prefix*`, `*suffix`, and `*` (any non-empty value). */
export function matchIstioString(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (p === '*') return v !== '';
  if (p.startsWith('*')) return v.endsWith(p.slice(1));
  if (p.endsWith('*')) return v.startsWith(p.slice(0, -1));
  return p === v;
}

/** Compiled path templates, by pattern (a handful per policy set; matched on every request). */
const templates = new Map<string, RegExp>();

/**
 * Paths: the string forms plus Envoy's URI templates — `{*}` one non-empty segment,
 * `{**}` zero or more characters including `/` (so `/a/{**}` matches `/a/` but not `/a`,
 * and `/s/{**}/c` matches `/s//c`), as Istio's authz integration test expects.
 */
export function matchPath(pattern: string, path: string): boolean {
  if (!pattern.includes('{')) return matchIstioString(pattern, path);
  let re = templates.get(pattern);
  if (re === undefined) {
    const body = pattern
      .split(/(\{\*\*\}|\{\*\})/)
      .map((part) => (part === '{**}' ? '.*' : part === '{*}' ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${body}$`);
    templates.set(pattern, re);
  }
  return re.test(path);
}

/** CIDR (IPv4) or a single address; IPv6 is compared as text. */
export function matchIpBlock(block: string, ip: string): boolean {
  const [addr, bits] = block.split('/');
  const a = ipv4(addr ?? '');
  const b = ipv4(ip);
  if (a === undefined || b === undefined) return (addr ?? '').toLowerCase() === ip.toLowerCase();
  const n = bits === undefined ? 32 : Number(bits);
  if (n === 0) return true;
  const mask = n >= 32 ? 0xffffffff : (~0 << (32 - n)) >>> 0;
  return ((a & mask) >>> 0) === ((b & mask) >>> 0);
}

const principal: Getter = (c) => c.request.source.principal;
/** Namespace and service account come from the peer certificate (SPIFFE path), i.e. need mTLS. */
const peerNamespace: Getter = (c) => /\/ns\/([^/]+)\//.exec(c.request.source.principal ?? '')?.[1];
const peerServiceAccount: Getter = (c) => {
  const m = /\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(c.request.source.principal ?? '');
  return m === null ? undefined : `${m[1]}/${m[2]}`;
};
/** The trust domain: the first part of the SPIFFE identity (needs mTLS, like namespaces). */
const peerTrustDomain: Getter = (c) => {
  const p = c.request.source.principal;
  if (p === undefined) return undefined;
  const slash = p.indexOf('/');
  return slash < 0 ? p : p.slice(0, slash);
};
const sourceIp: Getter = (c) => c.request.source.ip;
const absent: Getter = () => undefined;
const pathOnly = (p: string): string => (p.includes('?') ? p.slice(0, p.indexOf('?')) : p);
const exact: ValueMatcher = matchIstioString;
const ignoreCase: ValueMatcher = (p, v) => matchIstioString(p, v, true);

/** Field → (attribute, matcher, value check) for source and operation fields; positive name only. */
export type FieldSpec = readonly [Getter, ValueMatcher, ValueCheck];
export const sourceFields: Record<string, FieldSpec> = {
  principals: [principal, exact, checkNotEmpty],
  requestPrincipals: [absent, exact, checkNotEmpty],
  namespaces: [peerNamespace, exact, checkNotEmpty],
  // Istio: `*` any trust domain, exact, `prefix*`, `*suffix` (srcTrustDomainGenerator).
  trustDomains: [peerTrustDomain, exact, (v, p, d) => (checkNotEmpty(v, p, d), checkTrustDomains(v, p, d))],
  ipBlocks: [sourceIp, matchIpBlock, checkIpBlocks],
  remoteIpBlocks: [sourceIp, matchIpBlock, checkIpBlocks],
  // `sa` alone means the service account in the policy's namespace; normalized at compile time.
  serviceAccounts: [peerServiceAccount, exact, checkServiceAccounts],
};
export const operationFields: Record<string, FieldSpec> = {
  // Istio matches a host with or without a port (`host` and `host:*`); compare without it.
  hosts: [(c) => (c.request.headers[':authority'] ?? c.request.host).replace(/:\d+$/, ''), ignoreCase, checkNotEmpty],
  ports: [(c) => (c.port === undefined ? undefined : String(c.port)), exact, (v, p, d) => (checkNotEmpty(v, p, d), checkPorts(v, p, d))],
  methods: [(c) => c.request.method, exact, checkNotEmpty],
  paths: [(c) => pathOnly(c.request.path), matchPath, (v, p, d) => (checkNotEmpty(v, p, d), checkPathTemplates(v, p, d))],
};

/** `when` keys Istio's webhook refuses with a reason of their own (security.ValidateAttribute). */
const RETIRED_KEYS: Readonly<Record<string, string>> = {
  'destination.namespace': 'is replaced by the policy\'s metadata.namespace',
  'destination.name': 'is deprecated (v1alpha1 only)',
  'destination.user': 'is deprecated (v1alpha1 only)',
};

/**
 * `when` keys: the attribute, its matcher and its value check; undefined (after an
 * error) for a key Istio's webhook refuses. Attributes meshsim has no value for (JWT,
 * SNI, experimental) are absent, with a warning.
 */
export function whenAttribute(key: string, path: FieldPath, diag: Diagnostics): FieldSpec | undefined {
  if (/^(request\.headers|request\.auth\.claims|experimental\.)/.test(key) && !mapKeyIsValid(key)) {
    return (diag.error(path, `bad key "${key}"`, 'the form name[key], such as request.headers[x-user]'), undefined);
  }
  const header = /^request\.headers\[(.+)\]$/.exec(key);
  if (header !== null) {
    const name = (header[1] as string).toLowerCase();
    return [(c) => c.request.headers[name], exact, checkNotEmpty];
  }
  switch (key) {
    case 'source.ip':
      return [sourceIp, matchIpBlock, checkIpBlocks];
    case 'remote.ip':
      diag.warn(path, 'remote.ip: no X-Forwarded-For model, the caller IP is used', meshsimMessages.SimulationAssumption);
      return [sourceIp, matchIpBlock, checkIpBlocks];
    case 'source.namespace':
      return [peerNamespace, exact, checkNotEmpty];
    case 'source.principal':
      return [principal, exact, checkNotEmpty];
    case 'source.serviceAccount':
      return [peerServiceAccount, exact, checkServiceAccounts];
    case 'source.trustDomain':
      return [peerTrustDomain, exact, (v, p, d) => (checkNotEmpty(v, p, d), checkWildcards(v, p, d))];
    case 'destination.port':
      return [(c) => (c.port === undefined ? undefined : String(c.port)), exact, (v, p, d) => (checkNotEmpty(v, p, d), checkPorts(v, p, d))];
    case 'destination.ip':
      return [(c) => c.destinationIp, matchIpBlock, checkIpBlocks];
  }
  const retired = RETIRED_KEYS[key] ?? (key.startsWith('destination.labels[') ? 'is replaced by the workload selector' : undefined);
  if (retired !== undefined) return (diag.error(path, `attribute ${key} ${retired}`, 'a supported condition key'), undefined);
  if (key.startsWith('request.auth.')) {
    if (!['request.auth.principal', 'request.auth.audiences', 'request.auth.presenter'].includes(key) && !key.startsWith('request.auth.claims[')) {
      return (diag.error(path, `unknown attribute "${key}"`, 'a supported condition key'), undefined);
    }
    diag.warn(path, `${key}: requests carry no JWT in the simulation; the attribute is always absent`, meshsimMessages.SimulationAssumption);
  } else if (key === 'connection.sni' || key.startsWith('experimental.envoy.filters.')) diag.notModeled(path, `${key} is always absent in the simulation`);
  else return (diag.error(path, `unknown attribute "${key}"`, 'a supported condition key such as request.headers[x-user] or source.ip'), undefined);
  return [absent, exact, checkNotEmpty];
}
