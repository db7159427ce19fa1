import type { Diagnostic } from '../policy/diagnostics.js';
import { kubernetesService, resolveConfigHost } from '../policy/hostNames.js';
import type { IstioResource } from '../policy/manifest.js';
import { listNames } from './messageLog.js';
import { MESH_NAMESPACE } from './scenario.js';

/**
 * Istio resources whose hosts name no service of the scenario: valid Istio, but in this
 * mesh they apply to nothing — usually a namespace or a name that differs from the
 * scenario's (the istio.io failover task's `helloworld.sample.svc.cluster.local`
 * against a `helloworld` in `default`). Said as a warning, never silently ignored.
 */
export function unknownHostWarnings(resources: ReadonlyArray<IstioResource>, services: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const check = (r: IstioResource, host: unknown, path: ReadonlyArray<string | number>): void => {
    if (typeof host !== 'string' || host.includes('*')) return;
    const namespace = typeof r.metadata?.namespace === 'string' && r.metadata.namespace !== '' ? r.metadata.namespace : MESH_NAMESPACE;
    const svc = kubernetesService(resolveConfigHost(host, namespace));
    if (svc !== undefined && svc.namespace === MESH_NAMESPACE && services.has(svc.name)) return;
    out.push({
      severity: 'warning',
      resource: r.index,
      path,
      message: `host "${host}" is no service of this scenario, so the ${r.kind} applies to nothing (the scenario's services live in namespace ${MESH_NAMESPACE}: ${listNames(services)})`,
    });
  };
  for (const r of resources) {
    const spec = (r.spec ?? {}) as Record<string, unknown>;
    if (r.kind === 'DestinationRule') check(r, spec['host'], ['spec', 'host']);
    if (r.kind === 'VirtualService' && Array.isArray(spec['hosts'])) {
      const gateways = spec['gateways'];
      // A VirtualService bound only to gateways is not about mesh traffic.
      if (Array.isArray(gateways) && gateways.length > 0 && !gateways.includes('mesh')) continue;
      (spec['hosts'] as unknown[]).forEach((h, i) => check(r, h, ['spec', 'hosts', i]));
    }
  }
  return out;
}
