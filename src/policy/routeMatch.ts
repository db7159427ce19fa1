import type { Diagnostics, FieldPath } from './diagnostics.js';
import type { PolicyRequest } from './request.js';
import { describe, isObject, readBoolean, readNumber, readString, readStringList, readStringMap } from './fieldReaders.js';
import { compileStringMatch, matchString, type StringMatcher } from './stringMatch.js';
import { readFields } from './supportMatrix.js';
import { failClosedMessage } from './failClosed.js';
import { meshsimMessages } from './analysis/messages.js';

/**
 * One VirtualService HTTPMatchRequest (§7.1 [IA-VS][EA-RC]): every condition set must
 * hold (AND); the route's match blocks are ORed by the caller. sourceLabels,
 * sourceNamespace and gateways decide which proxies get the route; meshsim evaluates
 * them per request against the calling workload, which gives the same answer.
 */
export interface NamedMatcher {
  readonly name: string;
  readonly matcher: StringMatcher;
}

export interface CompiledRouteMatch {
  readonly name?: string;
  readonly uri?: StringMatcher;
  readonly scheme?: StringMatcher;
  readonly method?: StringMatcher;
  readonly authority?: StringMatcher;
  readonly headers: readonly NamedMatcher[];
  readonly withoutHeaders: readonly NamedMatcher[];
  readonly queryParams: readonly NamedMatcher[];
  readonly port?: number;
  readonly sourceLabels?: Readonly<Record<string, string>>;
  readonly sourceNamespace?: string;
  /** Undefined: inherit the VirtualService's gateways. */
  readonly gateways?: readonly string[];
  /** Conditions on JWT claims (`@request.auth.claims.*`): no request carries a JWT, so they never hold. */
  readonly needsJwt: boolean;
  /** A condition field meshsim does not understand: the block fails closed and matches nothing (failClosed.ts). */
  readonly failClosed: boolean;
}

const K = 'VirtualService';
const F = 'spec.http[].match[]';

/** Compiles one match block; undefined after an error. */
export function compileRouteMatch(raw: unknown, path: FieldPath, diag: Diagnostics): CompiledRouteMatch | undefined {
  const unknown: FieldPath[] = [];
  const o = readFields(K, F, raw, path, diag, unknown);
  if (o === undefined) return undefined;
  const errorsBefore = diag.items.length;
  const ignoreUriCase = readBoolean(o['ignoreUriCase'], [...path, 'ignoreUriCase'], diag) === true;
  const sm = (key: string, opts: { ignoreCase?: boolean } = {}): StringMatcher | undefined =>
    o[key] === undefined || o[key] === null ? undefined : compileStringMatch(o[key], K, `${F}.${key}`, [...path, key], diag, opts, unknown);
  let needsJwt = false;
  const named = (key: string, opts: { emptyExactIsPresence?: boolean; lowerCaseNames?: boolean }): NamedMatcher[] => {
    const v = o[key];
    if (v === undefined || v === null) return [];
    if (!isObject(v)) {
      diag.error([...path, key], `must be a mapping of names to matches, got ${describe(v)}`, 'a mapping such as {end-user: {exact: jason}}');
      return [];
    }
    const out: NamedMatcher[] = [];
    for (const [name, m] of Object.entries(v)) {
      // Header names are case-insensitive; Istio lower-cases them.
      const n = opts.lowerCaseNames ? name.toLowerCase() : name;
      if (n.startsWith('@request.auth.claims')) {
        diag.warn([...path, key, name], 'JWT claim routing is not modeled: simulated requests carry no JWT, so this condition never holds', meshsimMessages.SimulationAssumption);
        needsJwt = true;
      }
      // Free-form key: the matcher itself is read with the StringMatch fields.
      const c = compileStringMatch(m ?? {}, K, `${F}.uri`, [...path, key, name], diag, opts, unknown);
      if (c !== undefined) out.push({ name: n, matcher: c });
    }
    return out;
  };
  const m: CompiledRouteMatch = {
    ...optional('name', readString(o['name'], [...path, 'name'], diag)),
    ...optional('uri', sm('uri', { ignoreCase: ignoreUriCase })),
    ...optional('scheme', sm('scheme')),
    ...optional('method', sm('method')),
    ...optional('authority', sm('authority')),
    headers: named('headers', { lowerCaseNames: true }),
    withoutHeaders: named('withoutHeaders', { lowerCaseNames: true }),
    queryParams: named('queryParams', { emptyExactIsPresence: true }),
    ...optional('port', readNumber(o['port'], [...path, 'port'], diag, { integer: true, min: 1, max: 65535 })),
    ...optional('sourceLabels', readStringMap(o['sourceLabels'], [...path, 'sourceLabels'], diag)),
    ...optional('sourceNamespace', readString(o['sourceNamespace'], [...path, 'sourceNamespace'], diag)),
    ...optional('gateways', readStringList(o['gateways'], [...path, 'gateways'], diag)),
    needsJwt: false,
    failClosed: false,
  };
  if (diag.items.slice(errorsBefore).some((d) => d.severity === 'error')) return undefined;
  for (const u of unknown) diag.warn(u, failClosedMessage(u, 'a VirtualService match block', 'this match block matches no request'), meshsimMessages.FailClosed);
  return { ...m, needsJwt, failClosed: unknown.length > 0 };
}

/** Whether the match block's gateways (or the VirtualService's) include the mesh. */
export function matchAppliesToMesh(m: CompiledRouteMatch, vsGateways: readonly string[]): boolean {
  return (m.gateways ?? vsGateways).includes('mesh');
}

/** Evaluates one match block against a request (runtime conditions and source selectors). */
export function routeMatches(m: CompiledRouteMatch, request: PolicyRequest): boolean {
  if (m.needsJwt || m.failClosed) return false;
  const q = request.path.indexOf('?');
  const path = q < 0 ? request.path : request.path.slice(0, q);
  if (m.uri !== undefined && !matchString(m.uri, path)) return false;
  if (m.scheme !== undefined && !matchString(m.scheme, request.headers[':scheme'] ?? 'http')) return false;
  if (m.method !== undefined && !matchString(m.method, request.method)) return false;
  if (m.authority !== undefined && !matchString(m.authority, request.headers[':authority'] ?? request.host)) return false;
  for (const h of m.headers) if (!matchString(h.matcher, request.headers[h.name])) return false;
  for (const h of m.withoutHeaders) {
    const v = request.headers[h.name];
    // Inverted match; a missing header counts as empty (§7.1), except for presence checks.
    if (h.matcher.kind === 'present' ? v !== undefined : matchString(h.matcher, v ?? '')) return false;
  }
  if (m.queryParams.length > 0) {
    const params = new URLSearchParams(q < 0 ? '' : request.path.slice(q + 1));
    for (const p of m.queryParams) if (!matchString(p.matcher, params.get(p.name) ?? undefined)) return false;
  }
  // A request without a port (the scenario did not model ports) satisfies any port condition.
  if (m.port !== undefined && request.port !== undefined && request.port !== m.port) return false;
  if (m.sourceNamespace !== undefined && request.source.namespace !== m.sourceNamespace) return false;
  if (m.sourceLabels !== undefined) {
    for (const [k, v] of Object.entries(m.sourceLabels)) if (request.source.labels[k] !== v) return false;
  }
  return true;
}

function optional<K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}
