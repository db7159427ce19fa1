import type { CompiledPolicy } from '../compilePolicy.js';
import type { Diagnostic, FieldPath } from '../diagnostics.js';
import { isObject } from '../fieldReaders.js';
import { defaultClusterDomain, hostMatches, hostsOverlap, kubernetesService, resolveConfigHost } from '../hostNames.js';
import type { IstioResource } from '../manifest.js';
import { exportedTo } from '../virtualService.js';
import type { MessageType } from './messages.js';
import type { Labels, MeshView, ServicePortView, ServiceView } from './meshView.js';
import { WorkloadIndex } from './workloadIndex.js';

/**
 * What every analyzer works with: the resources a cluster would hold (those Istio
 * would accept, the last of each name), the mesh they apply to, and a reporter. Reads
 * raw specs, as Istio's analyzers read the stored protos; every accessor tolerates any
 * shape, since a resource may be of a kind meshsim does not compile.
 */
export interface AnalysisOptions {
  /** Istio root namespace; default istio-system. */
  readonly rootNamespace?: string;
  /** Namespace of resources without one; default `default`. */
  readonly defaultNamespace?: string;
  readonly clusterDomain?: string;
}

/** What a destination host names: a service of the mesh, or a ServiceEntry host. */
export type HostTarget =
  | { readonly kind: 'service'; readonly service: ServiceView; readonly ports?: readonly ServicePortView[] }
  | { readonly kind: 'serviceEntry'; readonly resource: IstioResource; readonly ports?: readonly ServicePortView[] };

const ISTIO_GROUPS = ['networking.istio.io', 'security.istio.io'];

export class AnalysisContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly rootNamespace: string;
  readonly defaultNamespace: string;
  readonly domain: string;
  private readonly byKind = new Map<string, IstioResource[]>();
  private readonly services = new Map<string, ServiceView>();
  /** The mesh's workloads, indexed for selection. */
  readonly workloads: WorkloadIndex;

  constructor(
    /** The resources a cluster would hold: accepted by validation, the last of each name. */
    readonly resources: readonly IstioResource[],
    readonly mesh: MeshView,
    /** Those resources compiled: what the simulated proxies decide with. */
    readonly policy: CompiledPolicy,
    options: AnalysisOptions = {},
  ) {
    this.rootNamespace = options.rootNamespace ?? 'istio-system';
    this.defaultNamespace = options.defaultNamespace ?? 'default';
    this.domain = options.clusterDomain ?? defaultClusterDomain;
    for (const s of mesh.services) if (!this.services.has(`${s.namespace}/${s.name}`)) this.services.set(`${s.namespace}/${s.name}`, s);
    this.workloads = new WorkloadIndex(mesh);
    for (const r of resources) {
      const key = kindKey(r);
      const list = this.byKind.get(key) ?? [];
      list.push(r);
      this.byKind.set(key, list);
    }
  }

  /** Istio resources of a kind (networking.istio.io or security.istio.io), in input order. */
  istio(kind: string): readonly IstioResource[] {
    return this.byKind.get(`istio/${kind}`) ?? [];
  }

  /** Kubernetes Gateway API gateways (gateway.networking.k8s.io). */
  kubernetesGateways(): readonly IstioResource[] {
    return this.byKind.get('gateway.networking.k8s.io/Gateway') ?? [];
  }

  namespaceOf(r: IstioResource): string {
    const ns = r.metadata?.namespace;
    return typeof ns === 'string' && ns !== '' ? ns : this.defaultNamespace;
  }

  /** `namespace/name`, as Istio's messages name a resource. */
  nameOf(r: IstioResource): string {
    return `${this.namespaceOf(r)}/${r.metadata?.name ?? ''}`;
  }

  /** The spec as an object ({} when it is not one). */
  spec(r: IstioResource): Record<string, unknown> {
    return isObject(r.spec) ? r.spec : {};
  }

  /** A config host (short names resolve in `namespace`) as an FQDN. */
  fqdn(host: string, namespace: string): string {
    return resolveConfigHost(host, namespace, this.domain);
  }

  /**
   * The service or ServiceEntry host that `host` (written in `namespace`) names, as
   * Istio's analyzers look it up (util.GetDestinationHost): Kubernetes services of the
   * mesh, then ServiceEntry hosts exported to `namespace`, exact before wildcard.
   */
  lookupHost(host: string, namespace: string): HostTarget | undefined {
    const fqdn = this.fqdn(host, namespace);
    const k8s = kubernetesService(fqdn, this.domain);
    if (k8s !== undefined) {
      const service = this.services.get(`${k8s.namespace}/${k8s.name}`);
      if (service !== undefined) return { kind: 'service', service, ...(service.ports !== undefined ? { ports: service.ports } : {}) };
    }
    let wildcard: HostTarget | undefined;
    for (const se of this.istio('ServiceEntry')) {
      const spec = this.spec(se);
      const seNamespace = this.namespaceOf(se);
      const exportTo = stringList(spec['exportTo']);
      if (!exportedTo(exportTo === undefined || exportTo.length === 0 ? undefined : exportTo, seNamespace, namespace)) continue;
      const ports = servicePorts(spec['ports'], 'number');
      const target: HostTarget = { kind: 'serviceEntry', resource: se, ...(ports !== undefined ? { ports } : {}) };
      for (const h of stringList(spec['hosts']) ?? []) {
        const pattern = h.toLowerCase();
        if (pattern === fqdn) return target;
        if (pattern.startsWith('*') && wildcard === undefined && hostMatches(pattern, fqdn)) wildcard = target;
      }
    }
    return wildcard;
  }

  /**
   * Whether a config host pattern (possibly a wildcard) covers any service of the mesh
   * or ServiceEntry host visible from `namespace`.
   */
  hostExists(host: string, namespace: string): boolean {
    if (!host.includes('*')) return this.lookupHost(host, namespace) !== undefined;
    const pattern = this.fqdn(host, namespace);
    if (this.mesh.services.some((s) => hostsOverlap(pattern, `${s.name}.${s.namespace}.svc.${this.domain}`))) return true;
    return this.istio('ServiceEntry').some((se) => (stringList(this.spec(se)['hosts']) ?? []).some((h) => hostsOverlap(pattern, h)));
  }

  /** Records a diagnostic at `path` of `resource` (undefined: not tied to one). */
  report(resource: IstioResource | undefined, path: FieldPath, type: MessageType, message: string): void {
    this.diagnostics.push({ severity: type.level, code: type.code, resource: resource?.index ?? -1, path, message });
  }
}

function kindKey(r: IstioResource): string {
  const group = r.apiVersion.includes('/') ? r.apiVersion.slice(0, r.apiVersion.indexOf('/')) : '';
  if (ISTIO_GROUPS.includes(group)) return `istio/${r.kind}`;
  return `${group}/${r.kind}`;
}

/** A list of strings, or undefined when the value is not one. */
export function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

/** Labels from a `{key: value}` mapping (values as strings); undefined when not a mapping. */
export function labelMap(v: unknown): Record<string, string> | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
  return out;
}

/** Ports of a Service (`port`) or a ServiceEntry (`number`); undefined when absent. */
export function servicePorts(v: unknown, numberField: 'port' | 'number'): ServicePortView[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: ServicePortView[] = [];
  for (const p of v) {
    if (!isObject(p)) continue;
    const n = Number(p[numberField]);
    if (!Number.isInteger(n)) continue;
    out.push({ number: n, ...(typeof p['name'] === 'string' ? { name: p['name'] } : {}) });
  }
  return out;
}

/** `port: {number: 9080}` of a destination or port selector; undefined when absent. */
export function portNumber(v: unknown): number | undefined {
  if (!isObject(v)) return undefined;
  const n = Number(v['number']);
  return Number.isInteger(n) ? n : undefined;
}

/** `spec.selector.matchLabels` of a policy; undefined when absent or empty (a namespace- or mesh-wide policy). */
export function selectorOf(ctx: AnalysisContext, r: IstioResource): Labels | undefined {
  const selector = ctx.spec(r)['selector'];
  const labels = isObject(selector) ? labelMap(selector['matchLabels']) : undefined;
  return labels === undefined || Object.keys(labels).length === 0 ? undefined : labels;
}

/** The resource's creationTimestamp, for olderFirst (resourceAge.ts). */
export function ageOf(r: IstioResource): { creationTimestamp?: string } {
  const t = r.metadata?.creationTimestamp;
  return typeof t === 'string' ? { creationTimestamp: t } : {};
}
