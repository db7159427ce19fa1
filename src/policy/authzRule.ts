import type { Diagnostics, FieldPath } from './diagnostics.js';
import { istioMessages, meshsimMessages } from './analysis/messages.js';
import { readList, readString, readStringList } from './fieldReaders.js';
import { readFields } from './supportMatrix.js';
import { failClosedMessage } from './failClosed.js';
import { operationFields, sourceFields, whenAttribute, type AuthzContext, type FieldSpec, type Getter, type ValueMatcher } from './authzAttributes.js';

export type { AuthzContext } from './authzAttributes.js';

/**
 * One AuthorizationPolicy rule (§8.1 [IA-AP][II-AUTHZ][E-RBAC]): the rule matches when
 * any `from` source matches AND any `to` operation matches AND every `when` condition
 * holds; an absent section matches anything. Inside a source or operation the fields
 * are ANDed, the values of one field ORed, and `notX` means "none of X". What each field
 * and `when` key reads is in authzAttributes.ts.
 */
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
  /**
   * Set when the rule has a field meshsim does not understand: it fails closed and
   * matches every request (DENY, AUDIT, CUSTOM) or none (ALLOW); see failClosed.ts.
   */
  readonly failClosed?: { readonly matchesEverything: boolean; readonly fields: readonly string[] };
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

function compileFieldSet(
  raw: unknown,
  field: string,
  table: Record<string, FieldSpec>,
  path: FieldPath,
  namespace: string,
  diag: Diagnostics,
  unknown: FieldPath[],
  l7: string[],
): Condition[] | undefined {
  const o = readFields(K, field, raw, path, diag, unknown);
  if (o === undefined) return undefined;
  const out: Condition[] = [];
  for (const [name, [get, match, check]] of Object.entries(table)) {
    const neg = `not${name[0]?.toUpperCase()}${name.slice(1)}`;
    const read = (key: string): string[] | undefined => {
      const vs = readStringList(o[key], [...path, key], diag);
      if (vs === undefined || vs.length === 0) return undefined;
      check(vs, [...path, key], diag);
      return name === 'serviceAccounts' ? vs.map((v) => (v.includes('/') ? v : `${namespace}/${v}`)) : vs;
    };
    const values = read(name);
    const notValues = read(neg);
    if (values === undefined && notValues === undefined) continue;
    if (L7_FIELDS.has(name)) l7.push(fieldName([...path, values !== undefined ? name : neg]));
    out.push({ get, match, ...(values ? { values } : {}), ...(notValues ? { notValues } : {}) });
  }
  if (Object.keys(raw as object).length === 0) {
    // Istio validation: "From.Source must not be empty" / "To.Operation must not be empty" [II-VAL].
    diag.error(path, 'is empty', 'at least one field');
    return undefined;
  }
  const has = (...names: string[]): boolean => names.some((n) => o[n] !== undefined && o[n] !== null);
  if (has('principals', 'notPrincipals', 'namespaces', 'notNamespaces') && has('serviceAccounts', 'notServiceAccounts')) {
    diag.error(path, 'sets serviceAccounts together with namespaces or principals', 'serviceAccounts alone, or principals/namespaces');
  }
  return out;
}

/** Source fields an L4 (TCP) filter can evaluate: with one of them a DENY rule does not cover all TCP traffic. */
const TCP_SOURCE_FIELDS = ['principals', 'notPrincipals', 'ipBlocks', 'notIpBlocks', 'namespaces', 'notNamespaces', 'remoteIpBlocks', 'notRemoteIpBlocks', 'serviceAccounts', 'notServiceAccounts'];

/** Compiles one rule; undefined after an error. `namespace` and `action` are the policy's. */
export function compileRule(raw: unknown, path: FieldPath, namespace: string, action: string, diag: Diagnostics): CompiledRule | undefined {
  const unknown: FieldPath[] = [];
  const o = readFields(K, 'spec.rules[]', raw ?? {}, path, diag, unknown);
  if (o === undefined) return undefined;
  const before = diag.items.length;
  const l7: string[] = [];
  // Istio validation: a `from` or `to` that is written must not be empty [II-VAL].
  for (const k of ['from', 'to']) if (Array.isArray(o[k]) && (o[k] as unknown[]).length === 0) diag.error([...path, k], 'must not be empty', `at least one entry, or no ${k} field`);
  let tcpInFrom = false;
  let tcpInTo = false;
  const from = readList(o['from'], [...path, 'from'], diag, (f, p) => {
    const fo = readFields(K, 'spec.rules[].from[]', f, p, diag, unknown);
    if (fo === undefined) return undefined;
    if (fo['source'] === undefined) return (diag.error([...p, 'source'], 'is required', 'source: {principals: [...]}'), undefined);
    const src = fo['source'];
    if (typeof src === 'object' && src !== null && TCP_SOURCE_FIELDS.some((k) => k in src)) tcpInFrom = true;
    return compileFieldSet(src, 'spec.rules[].from[].source', sourceFields, [...p, 'source'], namespace, diag, unknown, l7);
  });
  const to = readList(o['to'], [...path, 'to'], diag, (t, p) => {
    const to = readFields(K, 'spec.rules[].to[]', t, p, diag, unknown);
    if (to === undefined) return undefined;
    if (to['operation'] === undefined) return (diag.error([...p, 'operation'], 'is required', 'operation: {paths: [...]}'), undefined);
    const op = to['operation'];
    if (typeof op === 'object' && op !== null && ('ports' in op || 'notPorts' in op)) tcpInTo = true;
    return compileFieldSet(op, 'spec.rules[].to[].operation', operationFields, [...p, 'operation'], namespace, diag, unknown, l7);
  });
  const when = readList(o['when'], [...path, 'when'], diag, (w, p) => {
    const wo = readFields(K, 'spec.rules[].when[]', w, p, diag, unknown);
    if (wo === undefined) return undefined;
    const key = readString(wo['key'], [...p, 'key'], diag);
    if (key === undefined || key === '') return (diag.error([...p, 'key'], 'is required', 'a key such as request.headers[x-user]'), undefined);
    const values = readStringList(wo['values'], [...p, 'values'], diag);
    const notValues = readStringList(wo['notValues'], [...p, 'notValues'], diag);
    if ((values ?? []).length === 0 && (notValues ?? []).length === 0) {
      return (diag.error(p, 'has neither values nor notValues', 'values: [...] or notValues: [...]'), undefined);
    }
    const attr = whenAttribute(key, [...p, 'key'], diag);
    if (attr === undefined) return undefined;
    const [get, match, check] = attr;
    if (key.startsWith('request.')) l7.push(`${fieldName(p)} (${key})`);
    if (values?.length) check(values, [...p, 'values'], diag);
    if (notValues?.length) check(notValues, [...p, 'notValues'], diag);
    return { get, match, ...(values?.length ? { values } : {}), ...(notValues?.length ? { notValues } : {}) };
  });
  if (diag.items.slice(before).some((d) => d.severity === 'error')) return undefined;
  // Istio's webhook warns: a DENY rule of HTTP attributes only also denies all TCP traffic in scope.
  const fromExists = (from?.length ?? 0) > 0;
  const toExists = (to?.length ?? 0) > 0;
  if (action === 'DENY' && ((fromExists && !toExists && !tcpInFrom) || (toExists && !tcpInTo))) {
    diag.warn(path, 'this DENY rule uses only HTTP attributes: Istio also denies all traffic to TCP ports in its scope (name the ports to avoid that); meshsim simulates HTTP only', istioMessages.SchemaWarning);
  }
  const rule: CompiledRule = { ...(from && from.length > 0 ? { from } : {}), ...(to && to.length > 0 ? { to } : {}), when: when ?? [], l7Fields: l7 };
  if (unknown.length === 0) return rule;
  const matchesEverything = action !== 'ALLOW';
  const consequence = matchesEverything ? `this ${action} rule matches every request` : 'this ALLOW rule matches no request';
  for (const u of unknown) diag.warn(u, failClosedMessage(u, 'an AuthorizationPolicy rule', consequence), meshsimMessages.FailClosed);
  return { ...rule, failClosed: { matchesEverything, fields: unknown.map(fieldName) } };
}

function holds(c: Condition, ctx: AuthzContext): boolean {
  const v = c.get(ctx);
  if (c.values !== undefined && (v === undefined || !c.values.some((p) => c.match(p, v)))) return false;
  if (c.notValues !== undefined && v !== undefined && c.notValues.some((p) => c.match(p, v))) return false;
  return true;
}

/** Whether the rule matches the request. */
export function ruleMatches(rule: CompiledRule, ctx: AuthzContext): boolean {
  if (rule.failClosed !== undefined) return rule.failClosed.matchesEverything;
  if (rule.from !== undefined && !rule.from.some((s) => s.every((c) => holds(c, ctx)))) return false;
  if (rule.to !== undefined && !rule.to.some((op) => op.every((c) => holds(c, ctx)))) return false;
  return rule.when.every((c) => holds(c, ctx));
}
