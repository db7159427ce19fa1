/**
 * Deployments and StatefulSets → the workloads a scenario simulates: how many replicas,
 * which pod labels (Services select on them; `version` names the version), how much
 * memory the app asks for, and where its pods may run.
 */
import type { LocatedMessage } from '../scenarios/inputError.js';
import { messageAt } from '../scenarios/locate.js';
import { parseQuantity } from './kubernetesQuantity.js';
import type { ManifestObject } from './manifestDocuments.js';
import { readZonePlacement, type ZonePlacement } from './zonePlacement.js';

export interface Workload {
  readonly object: ManifestObject;
  /** Labels of the pod template (what Service selectors match). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** spec.replicas (Kubernetes' default is 1). */
  readonly replicas: number;
  /** The `version` label (Istio's convention; app.kubernetes.io/version otherwise). */
  readonly version: string | undefined;
  /** Memory the app's containers request (limits where no request is set), bytes; sidecars left out. */
  readonly memoryBytes: number | undefined;
  /** CPU the app's containers request, cores (the scenario has no input for it: a comment). */
  readonly cpuCores: number | undefined;
  readonly placement: ZonePlacement;
}

export const WORKLOAD_KINDS: readonly string[] = ['Deployment', 'StatefulSet'];

/** Containers the mesh injects: their resources are the data plane's, priced by meshsim's own model. */
const MESH_CONTAINERS: readonly string[] = ['istio-proxy', 'istio-init', 'istio-validation'];

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);

/** Reads one Deployment or StatefulSet. */
export function readWorkload(object: ManifestObject, warnings: LocatedMessage[]): Workload {
  const spec = asObject(object.value['spec']) ?? {};
  const template = asObject(spec['template']) ?? {};
  const podSpec = asObject(template['spec']) ?? {};
  const podLabels = stringRecord(asObject(template['metadata'])?.['labels']);
  let replicas = 1;
  const raw = spec['replicas'];
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) replicas = raw;
  else if (raw !== undefined && raw !== null)
    warnings.push(messageAt(object.source, ['spec', 'replicas'], `replicas ${JSON.stringify(raw)} is not a count; using Kubernetes' default of 1`, { severity: 'warning', expected: 'a non-negative integer' }));
  const version = podLabels['version'] ?? podLabels['app.kubernetes.io/version'];
  const resources = containerResources(object, podSpec, warnings);
  const placement = readZonePlacement(object, podSpec, ['spec', 'template', 'spec'], warnings);
  return { object, podLabels, replicas, version, ...resources, placement };
}

function containerResources(object: ManifestObject, podSpec: Obj, warnings: LocatedMessage[]): { memoryBytes: number | undefined; cpuCores: number | undefined } {
  let memory: number | undefined;
  let cpu: number | undefined;
  const containers = Array.isArray(podSpec['containers']) ? podSpec['containers'] : [];
  containers.forEach((c, i) => {
    const container = asObject(c) ?? {};
    if (MESH_CONTAINERS.includes(String(container['name']))) return;
    const resources = asObject(container['resources']) ?? {};
    const pick = (resource: string): { value: number; from: string } | undefined => {
      for (const kind of ['requests', 'limits']) {
        const text = asObject(resources[kind])?.[resource];
        if (text === undefined) continue;
        const value = parseQuantity(text);
        if (value !== undefined) return { value, from: kind };
        warnings.push(messageAt(object.source, ['spec', 'template', 'spec', 'containers', i, 'resources', kind, resource], `${JSON.stringify(text)} is not a Kubernetes quantity; ignored`, { severity: 'warning', expected: 'a quantity such as 128Mi or 250m' }));
      }
      return undefined;
    };
    const m = pick('memory');
    if (m !== undefined) memory = (memory ?? 0) + m.value;
    const p = pick('cpu');
    if (p !== undefined) cpu = (cpu ?? 0) + p.value;
  });
  return { memoryBytes: memory, cpuCores: cpu };
}

export function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(asObject(v) ?? {})) if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
  return out;
}

/** Whether every key/value of `selector` is among `labels` (an empty selector selects nothing, as for Services). */
export function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}
