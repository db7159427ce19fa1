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

interface ResolvedHost {
  readonly host: string;
  readonly vs: CompiledVirtualService | undefined;
  /** The decision without a VirtualService (no port on the request): immutable, so shared. */
  defaultDecision: RoutedDecision | undefined;
}

const noFault: FaultDecision = Object.freeze({ delaySeconds: 0 });

export class RouteTable {
  private readonly services: readonly CompiledVirtualService[];

  constructor(virtualServices: readonly CompiledVirtualService[], private readonly domain: string = defaultClusterDomain) {
    this.services = virtualServices.filter((v) => v.gateways.includes('mesh')).sort(olderFirst);
  }

  /** The VirtualService that routes `fqdn` for callers in `namespace`, if any. */
  virtualServiceFor(fqdn: string, namespace: string): CompiledVirtualService | undefined {
    let best: CompiledVirtualService | undefined;
    let bestScore = -1;
    for (const vs of this.services) {
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
      r = { host, vs: this.virtualServiceFor(host, namespace), defaultDecision: undefined };
      byHost.set(requestHost, r);
    }
    return r;
  }

  private serviceOf(fqdn: string): { readonly name: string; readonly namespace: string } | undefined {
    if (!this.kubernetesServices.has(fqdn)) this.kubernetesServices.set(fqdn, kubernetesService(fqdn, this.domain));
    return this.kubernetesServices.get(fqdn);
  }

  /** Routes one request; draws from `random` for weights, then fault, then mirrors. */
  route(request: PolicyRequest, random: RandomSource): RouteDecision {
    const resolved = this.resolveHost(request.host, request.source.namespace);
    const vs = resolved.vs;
    if (vs === undefined) {
      if (request.port !== undefined) return this.defaultRoute(resolved.host, request);
      return (resolved.defaultDecision ??= this.defaultRoute(resolved.host, request));
    }
    const id = `${vs.namespace}/${vs.name}`;
    const route = vs.http.find((r) => this.routeApplies(r, vs, request));
    if (route === undefined) return { kind: 'localReply', reason: 'NoRouteMatched', status: 404, virtualService: id };
    const a = route.action;
    if (a.kind === 'redirect') return { kind: 'localReply', reason: 'Redirect', status: a.status, virtualService: id, routeIndex: route.index };
    if (a.kind === 'directResponse') return { kind: 'localReply', reason: 'DirectResponse', status: a.status, virtualService: id, routeIndex: route.index };
    if (a.kind === 'delegate') return { kind: 'localReply', reason: 'DelegateNotModeled', status: 404, virtualService: id, routeIndex: route.index };
    const destinationIndex = a.destinations.chooseIndex(random);
    const destination = (a.destinations.entries[destinationIndex] as { value: RouteDestination }).value;
    const fault = route.fault === undefined ? noFault : decideFault(route.fault, random);
    const aborted = fault.abort !== undefined;
    const service = this.serviceOf(destination.host);
    return {
      kind: 'route',
      reason: 'VirtualServiceRoute',
      destination: destination.port === undefined && request.port !== undefined ? { ...destination, port: request.port } : destination,
      ...(service !== undefined ? { service } : {}),
      destinationIndex,
      virtualService: id,
      routeIndex: route.index,
      ...(route.name !== undefined ? { routeName: route.name } : {}),
      fault,
      bypassResilience: aborted,
      // Aborted requests never reach the router, so nothing is mirrored.
      mirrors: aborted ? [] : chooseMirrors(route.mirrors, random),
      ...(route.timeoutSeconds !== undefined ? { timeoutSeconds: route.timeoutSeconds } : {}),
      retry: route.retry,
    };
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
