import type { Diagnostics, FieldPath } from './diagnostics.js';
import type { PolicyRequest } from './request.js';
import { readList, readString, readStringList } from './fieldReaders.js';
import { readFields } from './supportMatrix.js';

/**
 * One AuthorizationPolicy rule (§8.1 [IA-AP][II-AUTHZ][E-RBAC]): the rule matches when
 * any `from` source matches AND any `to` operation matches AND every `when` condition
 * holds; an absent section matches anything. Inside a source or operation the fields
 * are ANDed, the values of one field ORed, and `notX` means "none of X".
 *
 * An attribute meshsim does not have (no JWT, no SNI, ...) is absent: a positive
 * condition on it never holds and a negative one always does, which is how Envoy treats
 * a missing principal or header.
 */
export interface AuthzContext {
  readonly request: PolicyRequest;
  /** Destination (server) port of the workload. */
  readonly port?: number;
  /** Destination workload IP. */
  readonly destinationIp?: string;
}

type Getter = (c: AuthzContext) => string | undefined;
type ValueMatcher = (pattern: string, value: string) => boolean;
interface Condition {
  readonly get: Getter;
  readonly match: ValueMatcher;
  readonly values?: readonly string[];
  readonly notValues?: readonly string[];
}
export interface CompiledRule {
  readonly from?: ReadonlyArray<readonly Condition[]>;
  readonly to?: ReadonlyArray<readonly Condition[]>;
  readonly when: readonly Condition[];
  /**
   * Fields of the rule that need an L7 proxy to evaluate (HTTP hosts, methods, paths,
   * request principals, request headers and JWT claims), as paths inside the rule:
   * an L4-only enforcement point (ambient's ztunnel) cannot honour them.
   */
  readonly l7Fields: readonly string[];
}

/** `spec.rules[0].to[1].operation.paths` from a path inside the resource. */
function fieldName(path: FieldPath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out;
}

/** Source/operation fields that only an HTTP-aware proxy can see. */
const L7_FIELDS: ReadonlySet<string> = new Set(['hosts', 'methods', 'paths', 'requestPrincipals']);

const K = 'AuthorizationPolicy';

/** Istio string forms: exact, `prefix*`, `*suffix`, and `*` (any non-empty value). */
export function matchIstioString(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (p === '*') return v !== '';
  if (p.startsWith('*')) return v.endsWith(p.slice(1));
  if (p.endsWith('*')) return v.startsWith(p.slice(0, -1));
  return p === v;
}

/** Paths: the string forms plus `{*}` (one segment) and `{**}` (the rest) templates. */
export function matchPath(pattern: string, path: string): boolean {
  if (!pattern.includes('{')) return matchIstioString(pattern, path);
  const re = pattern
    .split(/(\{\*\*\}|\{\*\})/)
    .map((part) => (part === '{**}' ? '.+' : part === '{*}' ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${re}$`).test(path);
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

/** Istio validation: every IP block is an address or CIDR [II-VAL]. Reports each bad entry at its index. */
function checkIpBlocks(values: readonly string[] | undefined, path: FieldPath, diag: Diagnostics): void {
  values?.forEach((v, i) => {
    const [addr, bits, extra] = v.split('/');
    const okAddr = ipv4(addr ?? '') !== undefined || (/^[0-9a-fA-F:]+$/.test(addr ?? '') && (addr ?? '').includes(':'));
    const okBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= ((addr ?? '').includes(':') ? 128 : 32));
    if (!okAddr || !okBits || extra !== undefined) diag.error([...path, i], `"${v}" is not an IP address or CIDR block`, 'an address such as 10.0.0.1 or a CIDR such as 10.0.0.0/16');
  });
}

function ipv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (m === null || m.slice(1).some((x) => Number(x) > 255)) return undefined;
  return ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
}

const principal: Getter = (c) => c.request.source.principal;
/** Namespace and service account come from the peer certificate (SPIFFE path), i.e. need mTLS. */
const peerNamespace: Getter = (c) => /\/ns\/([^/]+)\//.exec(c.request.source.principal ?? '')?.[1];
const peerServiceAccount: Getter = (c) => {
  const m = /\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(c.request.source.principal ?? '');
  return m === null ? undefined : `${m[1]}/${m[2]}`;
};
const sourceIp: Getter = (c) => c.request.source.ip;
const absent: Getter = () => undefined;
const pathOnly = (p: string): string => (p.includes('?') ? p.slice(0, p.indexOf('?')) : p);
const exact: ValueMatcher = matchIstioString;
const ignoreCase: ValueMatcher = (p, v) => matchIstioString(p, v, true);

/** Field → (attribute, matcher) for source and operation fields; positive name only. */
const sourceFields: Record<string, [Getter, ValueMatcher]> = {
  principals: [principal, exact],
  requestPrincipals: [absent, exact],
  namespaces: [peerNamespace, exact],
  ipBlocks: [sourceIp, matchIpBlock],
  remoteIpBlocks: [sourceIp, matchIpBlock],
  // `sa` alone means the service account in the policy's namespace; normalized at compile time.
  serviceAccounts: [peerServiceAccount, exact],
};
const operationFields: Record<string, [Getter, ValueMatcher]> = {
  // Istio matches a host with or without a port (`host` and `host:*`); compare without it.
  hosts: [(c) => (c.request.headers[':authority'] ?? c.request.host).replace(/:\d+$/, ''), ignoreCase],
  ports: [(c) => (c.port === undefined ? undefined : String(c.port)), exact],
  methods: [(c) => c.request.method, exact],
  paths: [(c) => pathOnly(c.request.path), matchPath],
};

function compileFieldSet(
  raw: unknown,
  field: string,
  table: Record<string, [Getter, ValueMatcher]>,
  path: FieldPath,
  namespace: string,
  diag: Diagnostics,
  l7?: string[],
): Condition[] | undefined {
  const o = readFields(K, field, raw, path, diag);
  if (o === undefined) return undefined;
  const out: Condition[] = [];
  for (const [name, [get, match]] of Object.entries(table)) {
    const neg = `not${name[0]?.toUpperCase()}${name.slice(1)}`;
    const norm = (vs: string[] | undefined): string[] | undefined =>
      vs === undefined || vs.length === 0 ? undefined : name === 'serviceAccounts' ? vs.map((v) => (v.includes('/') ? v : `${namespace}/${v}`)) : vs;
    const values = norm(readStringList(o[name], [...path, name], diag));
    const notValues = norm(readStringList(o[neg], [...path, neg], diag));
    if (match === matchIpBlock) {
      checkIpBlocks(values, [...path, name], diag);
      checkIpBlocks(notValues, [...path, neg], diag);
    }
    if (values === undefined && notValues === undefined) continue;
    if (L7_FIELDS.has(name) && l7 !== undefined) l7.push(fieldName([...path, values !== undefined ? name : neg]));
    out.push({ get, match, ...(values ? { values } : {}), ...(notValues ? { notValues } : {}) });
  }
  if (Object.keys(raw as object).length === 0) {
    // Istio validation: "From.Source must not be empty" / "To.Operation must not be empty" [II-VAL].
    diag.error(path, 'is empty', 'at least one field');
    return undefined;
  }
  return out;
}

/** `when` keys meshsim can evaluate; anything else is absent (warned). */
function whenAttribute(key: string, path: FieldPath, diag: Diagnostics): [Getter, ValueMatcher] {
  const header = /^request\.headers\[(.+)\]$/.exec(key);
  if (header !== null) {
    const name = (header[1] as string).toLowerCase();
    return [(c) => c.request.headers[name], exact];
  }
  switch (key) {
    case 'source.ip':
      return [sourceIp, matchIpBlock];
    case 'remote.ip':
      diag.warn(path, 'remote.ip: no X-Forwarded-For model, the caller IP is used');
      return [sourceIp, matchIpBlock];
    case 'source.namespace':
      return [peerNamespace, exact];
    case 'source.principal':
      return [principal, exact];
    case 'source.serviceAccount':
      return [peerServiceAccount, exact];
    case 'destination.port':
      return [(c) => (c.port === undefined ? undefined : String(c.port)), exact];
    case 'destination.ip':
      return [(c) => c.destinationIp, matchIpBlock];
  }
  if (key.startsWith('request.auth.')) diag.warn(path, `${key}: requests carry no JWT in the simulation; the attribute is always absent`);
  else if (key === 'connection.sni' || key.startsWith('experimental.')) diag.notModeled(path, `${key} is always absent in the simulation`);
  else diag.warn(path, `unknown attribute "${key}"; treated as absent`);
  return [absent, exact];
}

/** Compiles one rule; undefined after an error. `namespace` is the policy's. */
export function compileRule(raw: unknown, path: FieldPath, namespace: string, diag: Diagnostics): CompiledRule | undefined {
  const o = readFields(K, 'spec.rules[]', raw ?? {}, path, diag);
  if (o === undefined) return undefined;
  const before = diag.items.length;
  const l7: string[] = [];
  const from = readList(o['from'], [...path, 'from'], diag, (f, p) => {
    const fo = readFields(K, 'spec.rules[].from[]', f, p, diag);
    if (fo === undefined) return undefined;
    if (fo['source'] === undefined) return (diag.error([...p, 'source'], 'is required', 'source: {principals: [...]}'), undefined);
    return compileFieldSet(fo['source'], 'spec.rules[].from[].source', sourceFields, [...p, 'source'], namespace, diag, l7);
  });
  const to = readList(o['to'], [...path, 'to'], diag, (t, p) => {
    const to = readFields(K, 'spec.rules[].to[]', t, p, diag);
    if (to === undefined) return undefined;
    if (to['operation'] === undefined) return (diag.error([...p, 'operation'], 'is required', 'operation: {paths: [...]}'), undefined);
    return compileFieldSet(to['operation'], 'spec.rules[].to[].operation', operationFields, [...p, 'operation'], namespace, diag, l7);
  });
  const when = readList(o['when'], [...path, 'when'], diag, (w, p) => {
    const wo = readFields(K, 'spec.rules[].when[]', w, p, diag);
    if (wo === undefined) return undefined;
    const key = readString(wo['key'], [...p, 'key'], diag);
    if (key === undefined || key === '') return (diag.error([...p, 'key'], 'is required', 'a key such as request.headers[x-user]'), undefined);
    const values = readStringList(wo['values'], [...p, 'values'], diag);
    const notValues = readStringList(wo['notValues'], [...p, 'notValues'], diag);
    if ((values ?? []).length === 0 && (notValues ?? []).length === 0) {
      return (diag.error(p, 'has neither values nor notValues', 'values: [...] or notValues: [...]'), undefined);
    }
    const [get, match] = whenAttribute(key, [...p, 'key'], diag);
    if (key.startsWith('request.')) l7.push(`${fieldName(p)} (${key})`);
    if (match === matchIpBlock) {
      checkIpBlocks(values, [...p, 'values'], diag);
      checkIpBlocks(notValues, [...p, 'notValues'], diag);
    }
    return { get, match, ...(values?.length ? { values } : {}), ...(notValues?.length ? { notValues } : {}) };
  });
  if (diag.items.slice(before).some((d) => d.severity === 'error')) return undefined;
  return { ...(from && from.length > 0 ? { from } : {}), ...(to && to.length > 0 ? { to } : {}), when: when ?? [], l7Fields: l7 };
}

function holds(c: Condition, ctx: AuthzContext): boolean {
  const v = c.get(ctx);
  if (c.values !== undefined && (v === undefined || !c.values.some((p) => c.match(p, v)))) return false;
  if (c.notValues !== undefined && v !== undefined && c.notValues.some((p) => c.match(p, v))) return false;
  return true;
}

/** Whether the rule matches the request. */
export function ruleMatches(rule: CompiledRule, ctx: AuthzContext): boolean {
  if (rule.from !== undefined && !rule.from.some((s) => s.every((c) => holds(c, ctx)))) return false;
  if (rule.to !== undefined && !rule.to.some((op) => op.every((c) => holds(c, ctx)))) return false;
  return rule.when.every((c) => holds(c, ctx));
}
