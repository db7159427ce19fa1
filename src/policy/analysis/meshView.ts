/**
 * What the analyzers know of the mesh the resources apply to: its services (with their
 * selectors and, when known, ports), its workloads (with their labels) and its
 * namespaces. A small typed view, so the policy layer never needs the scenario (built
 * from one in src/scenarios/scenarioMeshView.ts) or Kubernetes objects (built from
 * manifests in manifestMeshView.ts).
 */
export type Labels = Readonly<Record<string, string>>;

export interface WorkloadView {
  /** A name for messages (deployment or pod name; `reviews-v2` for a scenario version). */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
}

export interface ServicePortView {
  readonly number: number;
  readonly name?: string;
}

export interface ServiceView {
  readonly name: string;
  readonly namespace: string;
  /** Pod selector; undefined selects no workload (a service without selector, or ExternalName). */
  readonly selector?: Labels;
  /** The ports it exposes; undefined when not known (scenario services declare none). */
  readonly ports?: readonly ServicePortView[];
}

export interface MeshView {
  readonly services: readonly ServiceView[];
  readonly workloads: readonly WorkloadView[];
  /** Namespaces that exist. */
  readonly namespaces: ReadonlySet<string>;
  /**
   * True when the view is the whole mesh (a scenario is). False when it is only what an
   * input happens to declare: then nothing can be said of a host or workload that is not
   * in it, and the checks that need one are skipped.
   */
  readonly complete: boolean;
  /** How messages name where services come from: "the scenario", "the input". */
  readonly source: string;
}

/** A view that knows nothing (manifests without Services or workloads). */
export const unknownMesh: MeshView = { services: [], workloads: [], namespaces: new Set(), complete: false, source: 'the input' };

/** Kubernetes label selection: every selector label present with the same value (an empty selector selects all). */
export function labelsMatch(selector: Labels, labels: Labels): boolean {
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return false;
  return true;
}

/** Renders labels as a Kubernetes selector string: app=reviews,version=v9. */
export function formatLabels(labels: Labels): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
