import { labelsMatch, type Labels, type MeshView, type ServiceView, type WorkloadView } from './meshView.js';

/**
 * The mesh's workloads indexed by namespace and by label, so that selecting the
 * workloads of a selector costs the size of its rarest label's list, not the size of
 * the mesh: analyzers select once per subset, policy and service, and a manifest of
 * thousands of services would otherwise take quadratic time.
 */
export class WorkloadIndex {
  private readonly byNamespace = new Map<string, WorkloadView[]>();
  /** `namespace \0 key=value` (and `\0 key=value` for every namespace) → workloads. */
  private readonly byLabel = new Map<string, WorkloadView[]>();
  private readonly all: readonly WorkloadView[];

  constructor(mesh: MeshView) {
    this.all = mesh.workloads;
    for (const w of mesh.workloads) {
      push(this.byNamespace, w.namespace, w);
      for (const [k, v] of Object.entries(w.labels)) {
        push(this.byLabel, `${w.namespace}\u0000${k}=${v}`, w);
        push(this.byLabel, `\u0000${k}=${v}`, w);
      }
    }
  }

  /** Workloads carrying every label of `selector`, in `namespace` (undefined: anywhere). */
  select(selector: Labels, namespace?: string): WorkloadView[] {
    const scope = namespace ?? '';
    let candidates: readonly WorkloadView[] | undefined = namespace === undefined ? this.all : (this.byNamespace.get(namespace) ?? []);
    for (const [k, v] of Object.entries(selector)) {
      const list = this.byLabel.get(`${scope}\u0000${k}=${v}`) ?? [];
      if (list.length < candidates.length) candidates = list;
    }
    return candidates.filter((w) => (namespace === undefined || w.namespace === namespace) && labelsMatch(selector, w.labels));
  }

  /** Whether `namespace` has any workload. */
  has(namespace: string): boolean {
    return (this.byNamespace.get(namespace)?.length ?? 0) > 0;
  }

  /** The workloads behind a service, narrowed by `extra` labels (a subset's); none for a service without selector. */
  ofService(service: ServiceView, extra: Labels = {}): WorkloadView[] {
    return service.selector === undefined ? [] : this.select({ ...service.selector, ...extra }, service.namespace);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
