import type { RandomSource } from './randomSource.js';
import type { PolicyRequest } from './request.js';
import { chooseMirrors } from './mirroring.js';
import { decideFault, type FaultDecision } from './faultInjection.js';
import { defaultClusterDomain, hostMatches, hostSpecificity, kubernetesService, resolveRequestHost } from './hostNames.js';
import { olderFirst } from './resourceAge.js';
import { ISTIO_DEFAULT_RETRY_POLICY, type RetryPolicyConfig } from './retryPolicy.js';
import type { RouteDestination } from './routeDestination.js';
import { matchAppliesToMesh, routeMatches } from './routeMatch.js';
import { exportedTo, type CompiledHttpRoute, type CompiledVirtualService } from './virtualService.js';

/**
 * Outbound routing as a client sidecar does it (§7, §9 step 1): pick the VirtualService
 * for the addressed host, take the first route with a matching block, choose a weighted
 * destination, then roll the fault filter (delay, then abort) and the mirrors.
 *
 * VirtualService selection (documented choice): a VirtualService applies to sidecar
 * traffic when its top-level gateways include `mesh` (the default) and it is exported
 * to the caller's namespace; among those whose hosts cover the request host, the most
 * specific host wins (exact beats wildcard, longer suffix beats shorter), then the oldest
 * (creationTimestamp, then input order), as pilot does for conflicting VirtualServices.
 * Match-level `gateways` further restrict single match blocks.
 */
export interface RoutedDecision {
  readonly kind: 'route';
  readonly reason: 'VirtualServiceRoute' | 'DefaultRoute';
  /** Where the request goes: FQDN host, subset, port. */
  readonly destination: RouteDestination;
  /** Kubernetes service name/namespace of the destination host, when it is one. */
  readonly service?: { readonly name: string; readonly namespace: string };
  /** Index of the weighted destination chosen within the route (0 for a single one). */
  readonly destinationIndex: number;
  readonly virtualService?: string;
  readonly routeIndex?: number;
  readonly routeName?: string;
  /** Fault filter outcome (delaySeconds 0 and no abort when the route has no fault). */
  readonly fault: FaultDecision;
  /** True when the fault filter aborted: no upstream call, no retries, no outlier detection, no circuit breakers (§7.4). */
  readonly bypassResilience: boolean;
  /** Mirror copies to send (fire-and-forget, responses ignored); empty when aborted. */
  readonly mirrors: readonly RouteDestination[];
  /** Route timeout in seconds; undefined = disabled (Istio's 0s default, §2). */
  readonly timeoutSeconds?: number;
  readonly retry: RetryPolicyConfig;
}

export interface LocalReplyDecision {
  readonly kind: 'localReply';
  /** NoRouteMatched: the host has a VirtualService but no route matched (Envoy 404, flag NR). */
  readonly reason: 'NoRouteMatched' | 'Redirect' | 'DirectResponse' | 'DelegateNotModeled';
  readonly status: number;
  readonly virtualService: string;
  readonly routeIndex?: number;
}

export type RouteDecision = RoutedDecision | LocalReplyDecision;

/**
 * A caller's memo of the last host it routed to (RouteTable.route's `memo`): where that
 * host resolved. A caller keeps one per target, so the common call skips the lookup by
 * host — one table for the whole mesh, found cold in a large one. Opaque to callers.
 */
export class RouteMemo {
  host: string | undefined = undefined;
  namespace: string | undefined = undefined;
  resolved: ResolvedHost | undefined = undefined;
}

interface ResolvedHost {
  readonly host: string;
  readonly vs: CompiledVirtualService | undefined;
  /** The decision without a VirtualService (no port on the request): immutable, so shared. */
  defaultDecision: RoutedDecision | undefined;
  /**
   * Decisions of the VirtualService's routes that draw nothing but the weighted
   * destination (no fault, no mirror), by route index then destination index: the
   * same for every request that picks them, so built once and shared (a decision
   * and its id string were allocated per request).
   */
  readonly plain: (RoutedDecision | undefined)[][];
  /**
   * The decision of every request without a port, when the VirtualService's first route
   * catches everything and draws nothing (one destination, no fault, no mirror): set at
   * the first such request, it spares the next ones the walk through the VirtualService's
   * routes, matches and destinations — a handful of objects per service, all cold in a
   * mesh of thousands of services.
   */
  fixed: RoutedDecision | undefined;
}

const virtualServiceId = (vs: CompiledVirtualService): string => `${vs.namespace}/${vs.name}`;

const noFault: FaultDecision = Object.freeze({ delaySeconds: 0 });

export class RouteTable {
  /** VirtualServices by exact host (lower case), each list oldest first. */
  private readonly byExactHost = new Map<string, CompiledVirtualService[]>();
  /** VirtualServices with a wildcard host, oldest first. */
  private readonly withWildcard: CompiledVirtualService[] = [];

  constructor(virtualServices: readonly CompiledVirtualService[], private readonly domain: string = defaultClusterDomain) {
    const services = virtualServices.filter((v) => v.gateways.includes('mesh')).sort(olderFirst);
    // Indexed by host: scanning every VirtualService for every host was quadratic in the
    // mesh (~9M host comparisons for 3,000 services, each with its VirtualService).
    for (const vs of services) {
      for (const h of new Set(vs.hosts.map((x) => x.toLowerCase()))) {
        if (h.startsWith('*')) continue;
        const list = this.byExactHost.get(h);
        if (list === undefined) this.byExactHost.set(h, [vs]);
        else list.push(vs);
      }
      if (vs.hosts.some((h) => h.startsWith('*'))) this.withWildcard.push(vs);
    }
  }

  /**
   * The VirtualService that routes `fqdn` for callers in `namespace`, if any. An exact
   * host outranks every wildcard, and exact hosts tie (the same name), so the oldest
   * exported one with the exact host wins; only without one do the wildcards compete.
   */
  virtualServiceFor(fqdn: string, namespace: string): CompiledVirtualService | undefined {
    for (const vs of this.byExactHost.get(fqdn.toLowerCase()) ?? []) if (exportedTo(vs.exportTo, vs.namespace, namespace)) return vs;
    let best: CompiledVirtualService | undefined;
    let bestScore = -1;
    for (const vs of this.withWildcard) {
      if (!exportedTo(vs.exportTo, vs.namespace, namespace)) continue;
      for (const h of vs.hosts) {
        const score = hostMatches(h, fqdn) ? hostSpecificity(h) : -1;
        // Strictly greater: on a tie the older VirtualService (earlier in the sorted list) keeps it.
        if (score > bestScore) {
          best = vs;
          bestScore = score;
        }
      }
    }
    return best;
  }

  /**
   * Memo of (caller namespace, addressed host) → FQDN, VirtualService and the default
   * decision: both are pure functions of the immutable config, and resolving host
   * names was a tenth of a simulated call's cost.
   */
  private readonly resolved = new Map<string, Map<string, ResolvedHost>>();
  private readonly kubernetesServices = new Map<string, { readonly name: string; readonly namespace: string } | undefined>();

  private resolveHost(requestHost: string, namespace: string): ResolvedHost {
    let byHost = this.resolved.get(namespace);
    if (byHost === undefined) {
      byHost = new Map();
      this.resolved.set(namespace, byHost);
    }
    let r = byHost.get(requestHost);
    if (r === undefined) {
      const host = resolveRequestHost(requestHost, namespace, this.domain);
      r = { host, vs: this.virtualServiceFor(host, namespace), defaultDecision: undefined, plain: [], fixed: undefined };
      byHost.set(requestHost, r);
    }
    return r;
  }

  private serviceOf(fqdn: string): { readonly name: string; readonly namespace: string } | undefined {
    if (!this.kubernetesServices.has(fqdn)) this.kubernetesServices.set(fqdn, kubernetesService(fqdn, this.domain));
    return this.kubernetesServices.get(fqdn);
  }

  /**
   * Routes one request; draws from `random` for weights, then fault, then mirrors.
   * `memo`: the caller's RouteMemo, checked and refreshed (the decision is the same without it).
   */
  route(request: PolicyRequest, random: RandomSource, memo?: RouteMemo): RouteDecision {
    let resolved: ResolvedHost;
    if (memo !== undefined && memo.resolved !== undefined && memo.host === request.host && memo.namespace === request.source.namespace) resolved = memo.resolved;
    else {
      resolved = this.resolveHost(request.host, request.source.namespace);
      if (memo !== undefined) {
        memo.host = request.host;
        memo.namespace = request.source.namespace;
        memo.resolved = resolved;
      }
    }
    const vs = resolved.vs;
    if (vs === undefined) {
      if (request.port !== undefined) return this.defaultRoute(resolved.host, request);
      return (resolved.defaultDecision ??= this.defaultRoute(resolved.host, request));
    }
    if (resolved.fixed !== undefined && request.port === undefined) return resolved.fixed;
    let route: CompiledHttpRoute | undefined;
    for (const r of vs.http) {
      if (this.routeApplies(r, vs, request)) {
        route = r;
        break;
      }
    }
    if (route === undefined) return { kind: 'localReply', reason: 'NoRouteMatched', status: 404, virtualService: virtualServiceId(vs) };
    const a = route.action;
    if (a.kind === 'redirect') return { kind: 'localReply', reason: 'Redirect', status: a.status, virtualService: virtualServiceId(vs), routeIndex: route.index };
    if (a.kind === 'directResponse') return { kind: 'localReply', reason: 'DirectResponse', status: a.status, virtualService: virtualServiceId(vs), routeIndex: route.index };
    if (a.kind === 'delegate') return { kind: 'localReply', reason: 'DelegateNotModeled', status: 404, virtualService: virtualServiceId(vs), routeIndex: route.index };
    const destinationIndex = a.destinations.chooseIndex(random);
    const destination = (a.destinations.entries[destinationIndex] as { value: RouteDestination }).value;
    // The common path: nothing else to draw, and no request port to copy in.
    const plain = route.fault === undefined && route.mirrors.length === 0 && (destination.port !== undefined || request.port === undefined);
    // The first route, a catch-all with one destination: nothing about the request (but its port) changes the decision.
    const fixed = plain && request.port === undefined && route === vs.http[0] && route.matches.length === 0 && a.destinations.entries.length === 1;
    if (plain) {
      const byDestination = (resolved.plain[route.index] ??= []);
      const cached = byDestination[destinationIndex];
      if (cached !== undefined) {
        if (fixed) resolved.fixed = cached;
        return cached;
      }
    }
    const fault = route.fault === undefined ? noFault : decideFault(route.fault, random);
    const aborted = fault.abort !== undefined;
    const service = this.serviceOf(destination.host);
    const decision: RoutedDecision = {
      kind: 'route',
      reason: 'VirtualServiceRoute',
      destination: destination.port === undefined && request.port !== undefined ? { ...destination, port: request.port } : destination,
      ...(service !== undefined ? { service } : {}),
      destinationIndex,
      virtualService: virtualServiceId(vs),
      routeIndex: route.index,
      ...(route.name !== undefined ? { routeName: route.name } : {}),
      fault,
      bypassResilience: aborted,
      // Aborted requests never reach the router, so nothing is mirrored.
      mirrors: aborted ? [] : chooseMirrors(route.mirrors, random),
      ...(route.timeoutSeconds !== undefined ? { timeoutSeconds: route.timeoutSeconds } : {}),
      retry: route.retry,
    };
    if (plain) (resolved.plain[route.index] as (RoutedDecision | undefined)[])[destinationIndex] = decision;
    if (fixed) resolved.fixed = decision;
    return decision;
  }

  private routeApplies(r: CompiledHttpRoute, vs: CompiledVirtualService, request: PolicyRequest): boolean {
    if (r.matches.length === 0) return true; // catch-all
    return r.matches.some((m) => matchAppliesToMesh(m, vs.gateways) && routeMatches(m, request));
  }

  /** No VirtualService: the host's whole service, Istio's default retries, no timeout (§1.2, §2). */
  private defaultRoute(host: string, request: PolicyRequest): RoutedDecision {
    const service = this.serviceOf(host);
    return {
      kind: 'route',
      reason: 'DefaultRoute',
      destination: request.port === undefined ? { host } : { host, port: request.port },
      ...(service !== undefined ? { service } : {}),
      destinationIndex: 0,
      fault: noFault,
      bypassResilience: false,
      mirrors: [],
      retry: ISTIO_DEFAULT_RETRY_POLICY,
    };
  }
}
