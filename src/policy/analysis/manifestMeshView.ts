import { isObject } from '../fieldReaders.js';
import type { IstioResource } from '../manifest.js';
import { labelMap, servicePorts } from './analysisContext.js';
import { unknownMesh, type MeshView, type ServiceView, type WorkloadView } from './meshView.js';

/**
 * The mesh that Kubernetes manifests declare: their Services (selector, ports), the
 * workloads of their Pods and pod templates (Deployments, StatefulSets, ...), and their
 * namespaces. `istioctl analyze` reads the same objects from files or the cluster. A set
 * of manifests with no Service and no workload declares no mesh: the view is then
 * incomplete and nothing is concluded from what it lacks.
 */
export function manifestMeshView(resources: readonly IstioResource[], defaultNamespace = 'default'): MeshView {
  const services: ServiceView[] = [];
  const workloads: WorkloadView[] = [];
  const namespaces = new Set<string>();
  for (const r of resources) {
    const namespace = typeof r.metadata?.namespace === 'string' && r.metadata.namespace !== '' ? r.metadata.namespace : defaultNamespace;
    const spec = isObject(r.spec) ? r.spec : {};
    const core = r.apiVersion === 'v1';
    if (core && r.kind === 'Namespace') {
      namespaces.add(r.metadata.name);
      continue;
    }
    namespaces.add(namespace);
    if (core && r.kind === 'Service') {
      const selector = spec['type'] === 'ExternalName' ? undefined : labelMap(spec['selector']);
      const ports = servicePorts(spec['ports'], 'port') ?? [];
      services.push({ name: r.metadata.name, namespace, ...(selector !== undefined && Object.keys(selector).length > 0 ? { selector } : {}), ports });
      continue;
    }
    const labels = workloadLabels(r, spec);
    if (labels !== undefined) workloads.push({ name: `${r.kind.toLowerCase()}/${r.metadata.name}`, namespace, labels });
  }
  if (services.length === 0 && workloads.length === 0) return unknownMesh;
  return { services, workloads, namespaces, complete: true, source: 'the input' };
}

const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job']);

/** Labels of the pods a workload object runs: a Pod's own, a controller's pod template's. */
function workloadLabels(r: IstioResource, spec: Record<string, unknown>): Record<string, string> | undefined {
  if (r.kind === 'Pod' && r.apiVersion === 'v1') return labelMap(r.metadata?.labels) ?? {};
  let template: unknown;
  if (POD_TEMPLATE_KINDS.has(r.kind)) template = spec['template'];
  else if (r.kind === 'CronJob') {
    const job = isObject(spec['jobTemplate']) ? spec['jobTemplate']['spec'] : undefined;
    template = isObject(job) ? job['template'] : undefined;
  } else return undefined;
  const metadata = isObject(template) ? template['metadata'] : undefined;
  return labelMap(isObject(metadata) ? metadata['labels'] : undefined) ?? {};
}
