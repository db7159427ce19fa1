import type { MeshView, ServiceView, WorkloadView } from '../policy/analysis/meshView.js';
import { MESH_NAMESPACE, type Scenario } from './scenario.js';

/** Istio's root namespace, which exists in every mesh (mesh-wide policies live there). */
const ROOT_NAMESPACE = 'istio-system';

/**
 * The scenario as the analyzers see it: every service in namespace `default`,
 * selecting `app: <name>`; each version a workload labelled `app` and `version` (an
 * implicit version has no version label), as src/models/meshTopology.ts labels the
 * replicas; traffic sources are workloads labelled `app: <name>`. Services declare no
 * ports. The scenario is the whole mesh.
 */
export function scenarioMeshView(scenario: Pick<Scenario, 'services' | 'traffic'>): MeshView {
  const services: ServiceView[] = scenario.services.map((s) => ({ name: s.name, namespace: MESH_NAMESPACE, selector: { app: s.name } }));
  const workloads: WorkloadView[] = scenario.services.flatMap((s) =>
    s.versions
      .filter((v) => v.replicaZones.length > 0)
      .map((v): WorkloadView => {
        const labels: Record<string, string> = s.implicitVersion ? { app: s.name } : { app: s.name, version: v.name };
        return { name: s.implicitVersion ? s.name : `${s.name}-${v.name}`, namespace: MESH_NAMESPACE, labels };
      }),
  );
  for (const t of scenario.traffic) workloads.push({ name: t.name, namespace: MESH_NAMESPACE, labels: { app: t.name } });
  return { services, workloads, namespaces: new Set([MESH_NAMESPACE, ROOT_NAMESPACE]), complete: true, source: 'the scenario' };
}
