/**
 * Kubernetes objects → the topology half of a scenario: one service per Service (its
 * name is the host callers use), one version per Deployment/StatefulSet the Service
 * selects (named by the pods' `version` label), replicas per zone, app memory; the
 * Istio resources found beside them, kept as written; the data plane the namespaces
 * ask for; and the most likely entry point for traffic.
 *
 * What manifests do not say (service times, the call graph, traffic) is left to the
 * scenario writer's placeholders.
 */
import type { LocatedMessage } from '../scenarios/inputError.js';
import { messageAt } from '../scenarios/locate.js';
import { toDnsLabel, uniqueLabel } from './dnsLabel.js';
import { formatBytes, formatCpu } from './kubernetesQuantity.js';
import { readWorkload, selects, stringRecord, WORKLOAD_KINDS, type Workload } from './kubernetesWorkloads.js';
import type { ManifestObject } from './manifestDocuments.js';
import { splitEvenly } from './zonePlacement.js';

export type Replicas = number | Record<string, number>;

export interface DraftVersion {
  readonly name: string;
  readonly replicas: Replicas;
  readonly memory: string | undefined;
  /** Comment lines: where this version came from. */
  readonly notes: string[];
}

export interface DraftService {
  readonly name: string;
  /** Set when the service has a single unversioned workload. */
  readonly replicas: Replicas | undefined;
  readonly memory: string | undefined;
  readonly versions: DraftVersion[] | undefined;
  readonly notes: string[];
}

export interface KubernetesTopology {
  readonly services: DraftService[];
  readonly zones: { name: string; region?: string }[];
  /** Istio resources, in input order, to be written after the Scenario as they are. */
  readonly istio: ManifestObject[];
  /** Where traffic most likely enters, and why that service was chosen. */
  readonly entry: { readonly service: string; readonly why: string } | undefined;
  readonly dataPlane: { readonly kind: 'sidecar' | 'ambient'; readonly why: string };
  readonly warnings: LocatedMessage[];
}

/** Kinds read for something other than workloads and Services. */
const NAMESPACE_KIND = 'Namespace';
/** Kinds with no bearing on traffic in a simulation: skipped without a warning. */
const INERT_KINDS = new Set([
  'ServiceAccount', 'ConfigMap', 'Secret', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding',
  'CustomResourceDefinition', 'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'PriorityClass', 'LimitRange', 'ResourceQuota',
]);
/** Kinds that matter to traffic but are not imported: warned about, with why. */
const NOT_IMPORTED: Readonly<Record<string, string>> = {
  DaemonSet: 'its replica count is the node count, which manifests do not say',
  ReplicaSet: 'import the Deployment that owns it',
  Pod: 'import the Deployment or StatefulSet that owns it',
  Job: 'batch workloads are not simulated',
  CronJob: 'batch workloads are not simulated',
  HorizontalPodAutoscaler: "autoscaling is not simulated; replicas are the workload's spec.replicas",
  PodDisruptionBudget: 'disruptions are not simulated',
  Ingress: 'ingress is not simulated; traffic enters at the service under traffic:',
  NetworkPolicy: 'Kubernetes network policy is not simulated',
  Endpoints: 'endpoints follow from the workloads',
  EndpointSlice: 'endpoints follow from the workloads',
};

const isIstio = (o: ManifestObject) => /(^|\.)istio\.io\//.test(o.apiVersion);
const namespaceOf = (o: ManifestObject) => o.namespace ?? 'default';

/** Builds the topology from every object of the input. */
export function kubernetesTopology(objects: ReadonlyArray<ManifestObject>): KubernetesTopology {
  const warnings: LocatedMessage[] = [];
  const warn = (o: ManifestObject, path: (string | number)[], message: string, expected?: string) =>
    warnings.push(messageAt(o.source, path, message, { severity: 'warning', ...(expected === undefined ? {} : { expected }) }));

  const workloads: Workload[] = [];
  const k8sServices: ManifestObject[] = [];
  const istio: ManifestObject[] = [];
  const namespaces: ManifestObject[] = [];
  for (const o of objects) {
    if (isIstio(o)) istio.push(o);
    else if (WORKLOAD_KINDS.includes(o.kind)) workloads.push(readWorkload(o, warnings));
    else if (o.kind === 'Service') k8sServices.push(o);
    else if (o.kind === NAMESPACE_KIND) namespaces.push(o);
    else if (INERT_KINDS.has(o.kind)) continue;
    else if (NOT_IMPORTED[o.kind] !== undefined) warn(o, [], `${o.kind} ${o.name} is not imported: ${NOT_IMPORTED[o.kind]}`);
    else warn(o, [], `unknown kind ${o.kind} (apiVersion ${o.apiVersion}) ${o.name} is not imported`, 'Deployment, StatefulSet, Service, Namespace or an Istio resource');
  }

  const groups = groupByService(k8sServices, workloads, warn);
  const taken = new Set<string>();
  const allZones: { name: string; region?: string }[] = [];
  const addZone = (name: string, region: string | undefined) => {
    const existing = allZones.find((z) => z.name === name);
    if (existing === undefined) allZones.push(region === undefined ? { name } : { name, region });
    else if (existing.region === undefined && region !== undefined) existing.region = region;
  };
  for (const w of workloads) for (const z of w.placement.zones ?? []) addZone(z, w.placement.region);
  for (const w of workloads) for (const z of w.placement.excluded) addZone(z, w.placement.region);
  if (allZones.length === 0 && workloads.some((w) => w.placement.spread))
    warnings.push(
      ...workloads
        .filter((w) => w.placement.spread)
        .slice(0, 1)
        .map((w) => messageAt(w.object.source, ['spec', 'template', 'spec', 'topologySpreadConstraints'], 'pods are spread over zones, but no manifest names a zone: replicas are spread over the scenario\'s zones in order', { severity: 'warning', expected: 'your cluster\'s zones listed under zones: in the scenario' })),
    );

  const services: DraftService[] = [];
  const idOf = new Map<string, string>();
  for (const g of groups) {
    const base = toDnsLabel(g.name);
    const name = uniqueLabel(base, taken);
    if (name !== g.name) warn(g.origin, ['metadata', 'name'], `named ${name} in the scenario (${name === base ? 'scenario names are DNS labels' : `${base} is taken by another namespace`})`);
    idOf.set(`${g.namespace}/${g.name}`, name);
    services.push(draftService(name, g, allZones.map((z) => z.name), warn));
  }

  return { services, zones: allZones, istio, entry: entryPoint(istio, k8sServices, idOf), dataPlane: dataPlaneOf(namespaces, workloads, istio), warnings };
}

interface ServiceGroup {
  readonly name: string;
  readonly namespace: string;
  /** The Service (or, for a workload no Service selects, the workload) it comes from. */
  readonly origin: ManifestObject;
  readonly workloads: Workload[];
  readonly ports: string;
}

type Warn = (o: ManifestObject, path: (string | number)[], message: string, expected?: string) => void;

/**
 * Which workloads each Service serves. A workload selected by several Services belongs
 * to the one selecting the most workloads (per-version Services such as bookinfo's
 * `reviews-v1` are views of `reviews`, not extra pods); a workload no Service selects
 * becomes a service of its own, named by its `app` label.
 */
function groupByService(k8sServices: ManifestObject[], workloads: Workload[], warn: Warn): ServiceGroup[] {
  const selected = k8sServices.map((s) => {
    const spec = (s.value['spec'] ?? {}) as Record<string, unknown>;
    const selector = stringRecord(spec['selector']);
    return { s, spec, matches: workloads.filter((w) => namespaceOf(w.object) === namespaceOf(s) && selects(selector, w.podLabels)) };
  });
  const owner = new Map<Workload, (typeof selected)[number]>();
  for (const w of workloads) {
    const candidates = selected.filter((x) => x.matches.includes(w));
    const best = candidates.reduce<(typeof selected)[number] | undefined>((b, x) => (b === undefined || x.matches.length > b.matches.length ? x : b), undefined);
    if (best !== undefined) owner.set(w, best);
  }
  const groups: ServiceGroup[] = [];
  for (const x of selected) {
    const mine = x.matches.filter((w) => owner.get(w) === x);
    if (mine.length === 0) {
      const why =
        x.spec['selector'] === undefined
          ? 'it has no selector (ExternalName or hand-made Endpoints): nothing in the manifests serves it'
          : x.matches.length > 0
            ? `its pods are simulated as part of ${owner.get(x.matches[0]!)?.s.name ?? 'another service'}, so calls to it cannot be told apart`
            : 'its selector matches no Deployment or StatefulSet in the manifests';
      warn(x.s, x.spec['selector'] === undefined ? ['spec'] : ['spec', 'selector'], `Service ${x.s.name} is not simulated: ${why}`);
      continue;
    }
    groups.push({ name: x.s.name, namespace: namespaceOf(x.s), origin: x.s, workloads: mine, ports: portsText(x.spec['ports']) });
  }
  for (const w of workloads) {
    if (owner.has(w)) continue;
    const name = w.podLabels['app'] ?? w.podLabels['app.kubernetes.io/name'] ?? w.object.name;
    warn(w.object, ['spec', 'template', 'metadata', 'labels'], `no Service selects ${w.object.kind} ${w.object.name}: simulated as a service named ${toDnsLabel(name)}, which callers reach by that name`);
    const same = groups.find((g) => g.name === name && g.namespace === namespaceOf(w.object) && g.origin.kind !== 'Service');
    if (same !== undefined) same.workloads.push(w);
    else groups.push({ name, namespace: namespaceOf(w.object), origin: w.object, workloads: [w], ports: '' });
  }
  return groups;
}

function draftService(name: string, g: ServiceGroup, allZones: string[], warn: Warn): DraftService {
  const origin = g.origin.kind === 'Service' ? `from Service ${g.namespace}/${g.name}${g.ports === '' ? '' : ` (ports ${g.ports})`}` : 'no Service selects it';
  const versioned = g.workloads.length > 1 || g.workloads[0]?.version !== undefined;
  if (!versioned) {
    const w = g.workloads[0]!;
    return { name, replicas: replicasOf(w, allZones), memory: memoryOf(w), versions: undefined, notes: [origin, workloadNote(w)] };
  }
  const taken = new Set<string>();
  const versions = g.workloads.map((w): DraftVersion => {
    const wanted = w.version ?? w.object.name;
    const versionName = uniqueLabel(toDnsLabel(wanted, 'v1'), taken);
    if (w.version === undefined) warn(w.object, ['spec', 'template', 'metadata', 'labels'], `${w.object.kind} ${w.object.name} has no version label: version named ${versionName}`, 'a version label on the pod template (DestinationRule subsets select on it)');
    else if (versionName !== w.version) warn(w.object, ['spec', 'template', 'metadata', 'labels', 'version'], `version ${w.version} is named ${versionName} in the scenario (DNS label); DestinationRule subsets must select version: ${versionName}`);
    return { name: versionName, replicas: replicasOf(w, allZones), memory: memoryOf(w), notes: [workloadNote(w)] };
  });
  return { name, replicas: undefined, memory: undefined, versions, notes: [origin] };
}

function replicasOf(w: Workload, allZones: string[]): Replicas {
  const p = w.placement;
  const allowed = p.zones ?? (p.excluded.length > 0 ? allZones.filter((z) => !p.excluded.includes(z)) : undefined);
  if (allowed === undefined || w.replicas === 0 || allowed.length === 0) return w.replicas;
  return splitEvenly(w.replicas, allowed);
}

function memoryOf(w: Workload): string | undefined {
  return w.memoryBytes === undefined ? undefined : formatBytes(w.memoryBytes);
}

function workloadNote(w: Workload): string {
  const cpu = w.cpuCores === undefined ? '' : `; cpu ${formatCpu(w.cpuCores)} requested (not an input: meshsim derives app CPU from service time and load)`;
  const where = w.placement.zones !== undefined ? `; pinned to ${w.placement.zones.join(', ')} (node selector or affinity)` : w.placement.spread ? '; spread over zones' : '';
  return `${w.object.kind} ${namespaceOf(w.object)}/${w.object.name}: ${w.replicas} replica${w.replicas === 1 ? '' : 's'}${where}${cpu}`;
}

function portsText(ports: unknown): string {
  if (!Array.isArray(ports)) return '';
  return ports
    .map((p) => {
      const port = (p ?? {}) as Record<string, unknown>;
      const name = typeof port['name'] === 'string' ? `${port['name']} ` : '';
      return `${name}${String(port['port'])}/${typeof port['protocol'] === 'string' ? port['protocol'] : 'TCP'}`;
    })
    .join(', ');
}

/**
 * The service traffic most likely enters at: the first destination of a VirtualService
 * bound to a gateway (what an ingress routes to), else a LoadBalancer or NodePort
 * Service. Undefined when the manifests do not say.
 */
function entryPoint(istio: ManifestObject[], k8sServices: ManifestObject[], idOf: Map<string, string>): { service: string; why: string } | undefined {
  for (const vs of istio.filter((o) => o.kind === 'VirtualService')) {
    const spec = (vs.value['spec'] ?? {}) as Record<string, unknown>;
    const gateways = Array.isArray(spec['gateways']) ? spec['gateways'].filter((g) => g !== 'mesh') : [];
    if (gateways.length === 0) continue;
    for (const route of Array.isArray(spec['http']) ? spec['http'] : []) {
      for (const d of Array.isArray((route as Record<string, unknown>)?.['route']) ? ((route as Record<string, unknown>)['route'] as unknown[]) : []) {
        const host = String(((d as Record<string, unknown>)?.['destination'] as Record<string, unknown> | undefined)?.['host'] ?? '');
        const [short, ns] = host.split('.');
        const id = idOf.get(`${ns ?? namespaceOf(vs)}/${short}`);
        if (id !== undefined) return { service: id, why: `VirtualService ${vs.name} routes gateway ${String(gateways[0])} to it` };
      }
    }
  }
  for (const s of k8sServices) {
    const type = ((s.value['spec'] ?? {}) as Record<string, unknown>)['type'];
    const id = idOf.get(`${namespaceOf(s)}/${s.name}`);
    if ((type === 'LoadBalancer' || type === 'NodePort') && id !== undefined) return { service: id, why: `Service ${s.name} is of type ${type}` };
  }
  return undefined;
}

function dataPlaneOf(namespaces: ManifestObject[], workloads: Workload[], istio: ManifestObject[]): { kind: 'sidecar' | 'ambient'; why: string } {
  for (const n of namespaces) {
    const labels = stringRecord((n.value['metadata'] as Record<string, unknown>)['labels']);
    if (labels['istio.io/dataplane-mode'] === 'ambient') return { kind: 'ambient', why: `Namespace ${n.name} is labeled istio.io/dataplane-mode=ambient` };
    if (labels['istio-injection'] === 'enabled' || labels['istio.io/rev'] !== undefined) return { kind: 'sidecar', why: `Namespace ${n.name} has sidecar injection enabled` };
  }
  const injected = workloads.find((w) => w.podLabels['sidecar.istio.io/inject'] === 'true');
  if (injected !== undefined) return { kind: 'sidecar', why: `${injected.object.name}'s pods ask for sidecar injection` };
  return { kind: 'sidecar', why: istio.length > 0 ? 'assumed: Istio resources are present and sidecars are Istio\'s default' : 'assumed (sidecars are Istio\'s default): nothing in the manifests says' };
}
