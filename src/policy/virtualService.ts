import type { Diagnostics, FieldPath } from './diagnostics.js';
import type { IstioResource } from './manifest.js';
import { compileFault, type FaultConfig } from './faultInjection.js';
import { readList, readNumber, readString, readStringList } from './fieldReaders.js';
import { resolveConfigHost } from './hostNames.js';
import { compileMirrors, type MirrorTarget } from './mirroring.js';
import { compileRetryPolicy, forWeightedRoute, type RetryPolicyConfig } from './retryPolicy.js';
import { compileDestination, type RouteDestination } from './routeDestination.js';
import { compileRouteMatch, type CompiledRouteMatch } from './routeMatch.js';
import { readFields } from './supportMatrix.js';
import { compileRouteTimeout } from './timeouts.js';
import { WeightedChoice } from './weightedChoice.js';

/**
 * VirtualService compilation (§7 [IA-VS][II-ROUTE][II-VAL]). Routes keep their order:
 * the first route with a matching block wins; a route without match blocks is a
 * catch-all. Route destinations become a WeightedChoice (relative weights, zero weights
 * dropped, a lone destination takes everything).
 */
export type RouteAction =
  | { readonly kind: 'route'; readonly destinations: WeightedChoice<RouteDestination> }
  | { readonly kind: 'redirect'; readonly status: number }
  | { readonly kind: 'directResponse'; readonly status: number }
  /** Delegation is not resolved (not modeled): requests matching it get 404 like an empty route. */
  | { readonly kind: 'delegate' };

export interface CompiledHttpRoute {
  readonly index: number;
  readonly name?: string;
  /** Empty: matches every request (catch-all). */
  readonly matches: readonly CompiledRouteMatch[];
  readonly action: RouteAction;
  readonly fault?: FaultConfig;
  readonly mirrors: readonly MirrorTarget[];
  /** Route timeout in seconds; undefined = Istio's disabled (0s) route timeout (§2). */
  readonly timeoutSeconds?: number;
  readonly retry: RetryPolicyConfig;
}

export interface CompiledVirtualService {
  readonly name: string;
  readonly namespace: string;
  readonly resourceIndex: number;
  readonly creationTimestamp?: string;
  /** Fully qualified host patterns (may be `*` or `*.suffix`). */
  readonly hosts: readonly string[];
  /** `mesh` when unset: the VirtualService applies to sidecars. */
  readonly gateways: readonly string[];
  /** Namespaces that see it: undefined = all (`*`). */
  readonly exportTo?: readonly string[];
  readonly http: readonly CompiledHttpRoute[];
}

const K = 'VirtualService';

/** Compiles one VirtualService; undefined when it cannot be applied (errors reported). */
export function compileVirtualService(res: IstioResource, namespace: string, diag: Diagnostics, domain?: string): CompiledVirtualService | undefined {
  const spec = readFields(K, 'spec', res.spec ?? {}, ['spec'], diag);
  if (spec === undefined) return undefined;
  const hosts = readStringList(spec['hosts'], ['spec', 'hosts'], diag) ?? [];
  if (hosts.length === 0) {
    // Only a delegate VirtualService may omit hosts [IA-VS]; delegation is not resolved.
    diag.notModeled(['spec', 'hosts'], 'a VirtualService without hosts is a delegate, used only through http[].delegate, which meshsim does not resolve');
    return undefined;
  }
  const gateways = readStringList(spec['gateways'], ['spec', 'gateways'], diag);
  const appliesToMesh = gateways === undefined || gateways.length === 0 || gateways.includes('mesh');
  const star = hosts.indexOf('*');
  if (appliesToMesh && star >= 0) {
    // Istio validation [II-VAL]: a mesh-bound VirtualService cannot claim every host.
    diag.error(['spec', 'hosts', star], 'wildcard host * is not allowed for virtual services bound to the mesh gateway', 'a service host or a domain wildcard such as *.example.com');
    return undefined;
  }
  const exportTo = readStringList(spec['exportTo'], ['spec', 'exportTo'], diag);
  const http = readList(spec['http'], ['spec', 'http'], diag, (raw, p) => compileHttpRoute(raw, p, namespace, diag, domain)) ?? [];
  // Routes no request can reach (after a catch-all, or repeating an earlier match) are
  // reported by analysis/analyzers/unreachableRoutes.ts as IST0130/IST0131.
  return {
    name: res.metadata.name,
    namespace,
    resourceIndex: res.index,
    ...(res.metadata.creationTimestamp !== undefined ? { creationTimestamp: res.metadata.creationTimestamp } : {}),
    hosts: hosts.map((h) => resolveConfigHost(h, namespace, domain)),
    gateways: gateways === undefined || gateways.length === 0 ? ['mesh'] : gateways,
    ...(exportTo !== undefined && exportTo.length > 0 ? { exportTo } : {}),
    http,
  };
}

function compileHttpRoute(raw: unknown, path: FieldPath, namespace: string, diag: Diagnostics, domain?: string): CompiledHttpRoute | undefined {
  const o = readFields(K, 'spec.http[]', raw, path, diag);
  if (o === undefined) return undefined;
  const index = path[path.length - 1] as number;
  const name = readString(o['name'], [...path, 'name'], diag);
  const matches = readList(o['match'], [...path, 'match'], diag, (m, p) => compileRouteMatch(m, p, diag)) ?? [];
  const action = compileAction(o, path, namespace, diag, domain);
  if (action === undefined) return undefined;
  const fault = o['fault'] === undefined || o['fault'] === null ? undefined : compileFault(o['fault'], [...path, 'fault'], diag);
  const retry = compileRetryPolicy(o['retries'] ?? undefined, [...path, 'retries'], diag);
  const timeoutSeconds = o['timeout'] === undefined || o['timeout'] === null ? undefined : compileRouteTimeout(o['timeout'], [...path, 'timeout'], diag);
  return {
    index,
    ...(name !== undefined ? { name } : {}),
    matches,
    action,
    ...(fault !== undefined ? { fault } : {}),
    mirrors: compileMirrors(o, path, namespace, diag),
    // 0s disables the route timeout (Istio's default) [§2].
    ...(timeoutSeconds !== undefined && timeoutSeconds > 0 ? { timeoutSeconds } : {}),
    retry: Array.isArray(o['route']) && o['route'].length > 1 ? forWeightedRoute(retry) : retry,
  };
}

/** Exactly one of route / redirect / directResponse / delegate (Istio validation [II-VAL]). */
function compileAction(o: Record<string, unknown>, path: FieldPath, namespace: string, diag: Diagnostics, domain?: string): RouteAction | undefined {
  const present = (['route', 'redirect', 'directResponse', 'delegate'] as const).filter((k) => o[k] !== undefined && o[k] !== null);
  if (present.length === 0) {
    diag.error(path, 'has no route, redirect, directResponse or delegate', 'route: [{destination: {host: reviews}}]');
    return undefined;
  }
  if (present.length > 1) {
    diag.error([...path, present[1] as string], `cannot be combined with ${present[0]}`, 'exactly one of route, redirect, directResponse, delegate');
    return undefined;
  }
  switch (present[0]) {
    case 'redirect': {
      const r = readFields(K, 'spec.http[].redirect', o['redirect'], [...path, 'redirect'], diag);
      return r === undefined ? undefined : compileRedirect(r, [...path, 'redirect'], diag);
    }
    case 'directResponse': {
      const r = readFields(K, 'spec.http[].directResponse', o['directResponse'], [...path, 'directResponse'], diag);
      const status = r === undefined ? undefined : readNumber(r['status'], [...path, 'directResponse', 'status'], diag, { integer: true, min: 200, max: 599 });
      if (status === undefined) {
        if (r !== undefined && r['status'] === undefined) diag.error([...path, 'directResponse', 'status'], 'is required', 'an HTTP status such as 503');
        return undefined;
      }
      return { kind: 'directResponse', status };
    }
    case 'delegate':
      // Already reported as not modeled by readFields (support matrix).
      return { kind: 'delegate' };
    default:
      return compileRoutes(o['route'], [...path, 'route'], namespace, diag, domain);
  }
}

function compileRoutes(raw: unknown, path: FieldPath, namespace: string, diag: Diagnostics, domain?: string): RouteAction | undefined {
  const entries = readList(raw, path, diag, (r, p) => {
    const o = readFields(K, 'spec.http[].route[]', r, p, diag);
    if (o === undefined) return undefined;
    const destination = compileDestination(o['destination'], 'spec.http[].route[].destination', [...p, 'destination'], namespace, diag, domain);
    const weight = readNumber(o['weight'], [...p, 'weight'], diag, { integer: true, min: 0, max: 2 ** 31 - 1 });
    if (destination === undefined) return undefined;
    return { destination, weight, path: p };
  });
  if (entries === undefined || entries.length === 0) {
    diag.error(path, 'must list at least one destination', 'route: [{destination: {host: reviews}}]');
    return undefined;
  }
  if (entries.length === 1) {
    // A single destination takes all traffic whatever its weight [§7.2 II-ROUTE].
    const only = entries[0] as (typeof entries)[number];
    return { kind: 'route', destinations: new WeightedChoice([{ weight: 1, value: only.destination }]) };
  }
  // Relative weights; weight 0 (or unset) entries are dropped [§7.2].
  const kept = entries.filter((e) => (e.weight ?? 0) > 0);
  if (kept.length === 0) {
    diag.error(path, 'all destinations have weight 0, so no request can be routed', 'at least one destination with weight > 0');
    return undefined;
  }
  return { kind: 'route', destinations: new WeightedChoice(kept.map((e) => ({ weight: e.weight as number, value: e.destination }))) };
}

/** Whether a VirtualService in `vsNamespace` is visible to callers in `namespace` (exportTo). */
export function exportedTo(exportTo: readonly string[] | undefined, ownNamespace: string, namespace: string): boolean {
  if (exportTo === undefined) return true;
  return exportTo.some((e) => e === '*' || e === namespace || (e === '.' && ownNamespace === namespace));
}

/** Redirect codes Envoy has (RedirectAction.RedirectResponseCode); Istio maps 0 to 301. */
const ENVOY_REDIRECT_CODES = [301, 302, 303, 307, 308];

/**
 * A redirect as Istio's webhook checks it (validateHTTPRedirect): a target (uri,
 * prefixRewrite, authority, port or scheme), uri and prefixRewrite not both, any 3xx code
 * (0 = default 301). Pilot builds no action for a 3xx Envoy lacks (304, 317, ...), and
 * Envoy then refuses the whole route configuration: meshsim warns and answers the code.
 */
function compileRedirect(r: Record<string, unknown>, path: FieldPath, diag: Diagnostics): RouteAction {
  const code = readNumber(r['redirectCode'], [...path, 'redirectCode'], diag, { integer: true, min: 0, max: 399 });
  if (code !== undefined && code !== 0 && code < 300) diag.error([...path, 'redirectCode'], `${code} is not a valid redirect code`, 'a 3xx code such as 301 or 308');
  const set = (k: string): boolean => r[k] !== undefined && r[k] !== null && r[k] !== '';
  if (set('uri') && set('prefixRewrite')) diag.error(path, 'sets both uri and prefixRewrite', 'only one of uri or prefixRewrite');
  if (!['uri', 'prefixRewrite', 'authority', 'port', 'derivePort', 'scheme'].some(set)) diag.error(path, 'has no target', 'uri, prefixRewrite, authority, scheme or port');
  if (set('scheme') && r['scheme'] !== 'http' && r['scheme'] !== 'https') diag.error([...path, 'scheme'], `"${String(r['scheme'])}" is not a redirect scheme`, 'http or https');
  const status = code === undefined || code === 0 ? 301 : code;
  if (!ENVOY_REDIRECT_CODES.includes(status) && status >= 300) {
    diag.warn([...path, 'redirectCode'], `${status} is not one Envoy supports (301, 302, 303, 307, 308): Istio accepts it but builds the route without an action, which Envoy refuses with the whole route configuration; meshsim answers ${status}`);
  }
  return { kind: 'redirect', status };
}
