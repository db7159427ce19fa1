import { Diagnostics, type Diagnostic } from './diagnostics.js';
import type { RandomSource } from './randomSource.js';
import type { PolicyRequest } from './request.js';
import { AuthorizationIndex, compileAuthorizationPolicy, type AuthzDecision, type AuthzWorkload, type CompiledAuthorizationPolicy } from './authorizationPolicy.js';
import { compileDestinationRule, type CompiledDestinationRule, type DestinationPolicy } from './destinationRule.js';
import { DestinationRuleIndex } from './destinationRuleIndex.js';
import { defaultClusterDomain, kubernetesService, resolveRequestHost } from './hostNames.js';
import { isModeledKind, modeledApiVersions, type IstioResource } from './manifest.js';
import { connectionOutcome, type ConnectionOutcome } from './mtlsOutcome.js';
import { notModeledKind } from './notModeledKinds.js';
import { compilePeerAuthentication, PeerAuthenticationIndex, type CompiledPeerAuthentication, type EffectivePeerAuthentication } from './peerAuthentication.js';
import { authorizationL7Fields, destinationRuleL7Fields, virtualServiceL7Fields, type L7Dependency } from './l7Dependencies.js';
import { RouteTable, type RouteDecision, type RouteMemo } from './routeTable.js';
import { compileVirtualService, type CompiledVirtualService } from './virtualService.js';
import { meshsimMessages } from './analysis/messages.js';

/**
 * The entry point: compiles a set of Istio resources once into an immutable
 * CompiledPolicy whose methods are pure functions of (config, request, random draws).
 * Every resource yields diagnostics tagged with its index; kinds meshsim does not model
 * (Gateway, ServiceEntry, Kubernetes objects, ...) and unknown kinds produce a warning.
 */
export interface CompilePolicyOptions {
  /** Istio root namespace (mesh-wide policies); default istio-system [II-MESH]. */
  readonly rootNamespace?: string;
  /** Namespace of resources without metadata.namespace, and of callers when none is given; default `default`. */
  readonly defaultNamespace?: string;
  /** Cluster domain for short names; default cluster.local. */
  readonly clusterDomain?: string;
}

export interface CompilePolicyResult {
  readonly policy: CompiledPolicy;
  readonly diagnostics: Diagnostic[];
}

/** The destination side of a new connection, for connectionOutcome. */
export interface ConnectionTarget {
  /** Namespace of the calling workload (selects its DestinationRule). */
  readonly clientNamespace: string;
  /** Destination host as addressed or routed (short name or FQDN). */
  readonly host: string;
  readonly subset?: string;
  /** Service port (selects DestinationRule port-level tls). */
  readonly port?: number;
  /** The server workload that accepts the connection. */
  readonly server: {
    readonly labels: Readonly<Record<string, string>>;
    readonly namespace: string;
    /** Workload (target) port (selects PeerAuthentication port-level mTLS). */
    readonly port?: number;
    /** False for a workload without a sidecar; default true. */
    readonly hasSidecar?: boolean;
  };
}

export class CompiledPolicy {
  private readonly routes: RouteTable;
  private readonly destinationRules: DestinationRuleIndex;
  private readonly peerAuth: PeerAuthenticationIndex;
  private readonly authz: AuthorizationIndex;
  /** The DestinationRules in force (a replaced one is not), compiled, in resource order. */
  readonly destinationRuleList: readonly CompiledDestinationRule[];

  constructor(
    parts: {
      virtualServices: readonly CompiledVirtualService[];
      destinationRules: readonly CompiledDestinationRule[];
      peerAuthentications: readonly CompiledPeerAuthentication[];
      authorizationPolicies: readonly CompiledAuthorizationPolicy[];
    },
    readonly rootNamespace: string,
    readonly defaultNamespace: string,
    readonly clusterDomain: string,
  ) {
    this.destinationRuleList = parts.destinationRules;
    this.routes = new RouteTable(parts.virtualServices, clusterDomain);
    this.destinationRules = new DestinationRuleIndex(parts.destinationRules, rootNamespace);
    this.peerAuth = new PeerAuthenticationIndex(parts.peerAuthentications, rootNamespace);
    this.authz = new AuthorizationIndex(parts.authorizationPolicies, rootNamespace);
  }

  /**
   * Routes one request at the caller's sidecar: VirtualService match, weighted
   * destination, fault injection, mirrors, route timeout (seconds) and retry policy.
   * Draws from `random` in that order (weights, fault delay, fault abort, mirrors).
   */
  route(request: PolicyRequest, random: RandomSource, memo?: RouteMemo): RouteDecision {
    return this.routes.route(request, random, memo);
  }

  /**
   * The merged DestinationRule policy (connection pool, outlier detection, load
   * balancer, client TLS, retry budget) a client in `clientNamespace` applies toward
   * `host`'s `subset` on `port`; Istio defaults when no DestinationRule applies.
   */
  destinationPolicy(host: string, opts: { subset?: string; port?: number; clientNamespace?: string } = {}): DestinationPolicy {
    const ns = opts.clientNamespace ?? this.defaultNamespace;
    const fqdn = resolveRequestHost(host, ns, this.clusterDomain);
    return this.destinationRules.policy(fqdn, ns, kubernetesService(fqdn, this.clusterDomain)?.namespace, opts.subset, opts.port);
  }

  /**
   * Endpoint labels that select `subset` of `host` (match them against Endpoint.labels);
   * undefined when no DestinationRule defines the subset (Envoy has no such cluster: 503).
   */
  subsetSelector(host: string, subset: string, clientNamespace: string = this.defaultNamespace): Readonly<Record<string, string>> | undefined {
    const fqdn = resolveRequestHost(host, clientNamespace, this.clusterDomain);
    return this.destinationRules.lookup(fqdn, clientNamespace, kubernetesService(fqdn, this.clusterDomain)?.namespace)?.subsets.get(subset)?.labels;
  }

  /** Effective PeerAuthentication mode of a server workload on its (target) port. */
  peerAuthentication(workloadLabels: Readonly<Record<string, string>>, namespace: string, port?: number): EffectivePeerAuthentication {
    return this.peerAuth.effective(workloadLabels, namespace, port);
  }

  /** Whether a new connection toward `target` is established, as mTLS, TLS or plaintext, and why. */
  connectionOutcome(target: ConnectionTarget): ConnectionOutcome & { readonly serverPolicy: EffectivePeerAuthentication } {
    const client = this.destinationPolicy(target.host, { clientNamespace: target.clientNamespace, ...(target.subset !== undefined ? { subset: target.subset } : {}), ...(target.port !== undefined ? { port: target.port } : {}) });
    const serverPolicy = this.peerAuthentication(target.server.labels, target.server.namespace, target.server.port);
    const outcome = connectionOutcome({
      ...(client.tls !== undefined ? { clientTls: client.tls } : {}),
      serverMode: serverPolicy.mode,
      ...(target.server.hasSidecar !== undefined ? { serverHasSidecar: target.server.hasSidecar } : {}),
    });
    // Object.assign, not a spread: a spread object gets a hidden class of its own in V8, and
    // every attempt reads this one (per host, per cluster: tens of thousands in a large mesh).
    return Object.assign({}, outcome, { serverPolicy });
  }

  /** AuthorizationPolicy decision at the server workload's sidecar (403 with the deciding policy when denied). */
  authorize(request: PolicyRequest, workload: AuthzWorkload): AuthzDecision {
    return this.authz.authorize(request, workload);
  }

  /** Whether any AuthorizationPolicy applies to the workload (without one, every request is allowed). */
  authorizationApplies(workload: AuthzWorkload): boolean {
    return this.authz.applicable(workload).length > 0;
  }

  /**
   * The decision at an L4-only enforcement point (ambient's server-side ztunnel): when a
   * policy that applies to the workload needs L7 attributes and no waypoint serves it,
   * ztunnel "will simply drop all traffic" (istio.io, ambient "Use Layer 4 security
   * policy", Istio 1.22) — so everything is denied; otherwise the L4 rules decide.
   */
  authorizeL4(request: PolicyRequest, workload: AuthzWorkload): AuthzDecision {
    const needsL7 = this.authz.applicable(workload).find((p) => authorizationL7Fields(p).length > 0);
    if (needsL7 !== undefined) {
      return { allowed: false, status: 403, reason: 'DeniedByPolicy', policy: `${needsL7.namespace}/${needsL7.name}`, audited: [], custom: [] };
    }
    return this.authz.authorize(request, workload);
  }

  /**
   * The resources and fields that need an L7 proxy for traffic from `clientNamespace`
   * to `host` served by `server`: what a path without one does not enforce.
   */
  l7Dependencies(host: string, server: AuthzWorkload, clientNamespace: string = this.defaultNamespace): L7Dependency[] {
    const fqdn = resolveRequestHost(host, clientNamespace, this.clusterDomain);
    const out: L7Dependency[] = [];
    const vs = this.routes.virtualServiceFor(fqdn, clientNamespace);
    if (vs !== undefined) {
      const fields = virtualServiceL7Fields(vs);
      if (fields.length > 0) out.push({ resource: `VirtualService ${vs.namespace}/${vs.name}`, resourceIndex: vs.resourceIndex, fields });
    }
    const dr = this.destinationRules.lookup(fqdn, clientNamespace, kubernetesService(fqdn, this.clusterDomain)?.namespace);
    if (dr !== undefined) {
      const fields = destinationRuleL7Fields(dr);
      if (fields.length > 0) out.push({ resource: `DestinationRule ${dr.namespace}/${dr.name}`, resourceIndex: dr.resourceIndex, fields });
    }
    for (const p of this.authz.applicable(server)) {
      const fields = authorizationL7Fields(p);
      if (fields.length > 0) out.push({ resource: `AuthorizationPolicy ${p.namespace}/${p.name}`, resourceIndex: p.resourceIndex, fields });
    }
    return out;
  }
}

/** Compiles all resources; never throws on bad input (errors are diagnostics). */
export function compilePolicy(resources: readonly IstioResource[], options: CompilePolicyOptions = {}): CompilePolicyResult {
  const rootNamespace = options.rootNamespace ?? 'istio-system';
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const domain = options.clusterDomain ?? defaultClusterDomain;
  const diagnostics: Diagnostic[] = [];
  const parts = {
    virtualServices: [] as CompiledVirtualService[],
    destinationRules: [] as CompiledDestinationRule[],
    peerAuthentications: [] as CompiledPeerAuthentication[],
    authorizationPolicies: [] as CompiledAuthorizationPolicy[],
  };
  // Applying a resource with the same kind, namespace and name replaces the earlier one
  // (kubectl apply): only the last definition counts, as in a cluster.
  const identity = (r: IstioResource): string => `${r.kind}/${r.metadata?.namespace || defaultNamespace}/${r.metadata?.name ?? ''}`;
  const last = new Map<string, IstioResource>();
  for (const res of resources) if (isModeledKind(res.kind) && res.metadata?.name) last.set(identity(res), res);
  for (const res of resources) {
    const diag = new Diagnostics(res.index);
    const winner = last.get(identity(res));
    if (winner !== undefined && winner !== res) {
      diag.warn(['metadata', 'name'], `replaced by a later ${res.kind} with the same namespace and name (resource ${winner.index}), as kubectl apply would; this one has no effect`, meshsimMessages.ResourceReplaced);
    } else {
      compileOne(res, diag, parts, defaultNamespace, domain);
    }
    diagnostics.push(...diag.items);
  }
  return { policy: new CompiledPolicy(parts, rootNamespace, defaultNamespace, domain), diagnostics };
}

/**
 * compilePolicy with the default options, once per resource array: the loader's
 * analysis, its event budget and every replication the process runs share one
 * compiled form (a 3,000-service mesh compiled three times spent a second on it).
 * The array and its resources must not change after the first call — a Scenario's
 * `istio` does not. Callers must not change the diagnostics either.
 */
export function sharedPolicy(resources: readonly IstioResource[]): { readonly policy: CompiledPolicy; readonly diagnostics: readonly Diagnostic[] } {
  const held = compiledByResources.get(resources);
  if (held !== undefined && held.count === resources.length) return held.result;
  const result = compilePolicy(resources);
  compiledByResources.set(resources, { count: resources.length, result });
  return result;
}

/** sharedPolicy's memo; `count` catches an array grown since it was compiled. */
const compiledByResources = new WeakMap<readonly IstioResource[], { readonly count: number; readonly result: CompilePolicyResult }>();

function compileOne(
  res: IstioResource,
  diag: Diagnostics,
  parts: {
    virtualServices: CompiledVirtualService[];
    destinationRules: CompiledDestinationRule[];
    peerAuthentications: CompiledPeerAuthentication[];
    authorizationPolicies: CompiledAuthorizationPolicy[];
  },
  defaultNamespace: string,
  domain: string,
): void {
  const kind = res.kind;
  if (!isModeledKind(kind)) {
    const nm = notModeledKind(kind);
    if (nm !== undefined) diag.warn(['kind'], `${kind} is not modeled by meshsim (${nm.why}); the resource has no effect in the simulation`, meshsimMessages.NotModeledKind);
    else diag.warn(['kind'], `unknown kind "${kind}" (apiVersion ${res.apiVersion || 'missing'}); ignored`, meshsimMessages.UnknownKind);
    return;
  }
  if (!modeledApiVersions[kind].includes(res.apiVersion)) {
    diag.warn(['apiVersion'], `apiVersion "${res.apiVersion}" is not served for ${kind}; the resource is ignored (expected ${modeledApiVersions[kind].join(', ')})`, meshsimMessages.UnservedApiVersion);
    return;
  }
  if (typeof res.metadata?.name !== 'string' || res.metadata.name === '') {
    diag.error(['metadata', 'name'], 'is required', 'a resource name');
    return;
  }
  const namespace = typeof res.metadata.namespace === 'string' && res.metadata.namespace !== '' ? res.metadata.namespace : defaultNamespace;
  switch (kind) {
    case 'VirtualService': {
      const vs = compileVirtualService(res, namespace, diag, domain);
      if (vs !== undefined) parts.virtualServices.push(vs);
      return;
    }
    case 'DestinationRule': {
      const dr = compileDestinationRule(res, namespace, diag, domain);
      if (dr !== undefined) parts.destinationRules.push(dr);
      return;
    }
    case 'PeerAuthentication': {
      const pa = compilePeerAuthentication(res, namespace, diag);
      if (pa !== undefined) parts.peerAuthentications.push(pa);
      return;
    }
    case 'AuthorizationPolicy': {
      const ap = compileAuthorizationPolicy(res, namespace, diag);
      if (ap !== undefined) parts.authorizationPolicies.push(ap);
      return;
    }
  }
}
