import type { Analyzer } from '../analyzer.js';
import { stringList, type AnalysisContext } from '../analysisContext.js';
import { meshsimMessages } from '../messages.js';
import { appliesToMesh } from '../routeDestinations.js';
import { describeServices } from './describeMesh.js';

/**
 * A mesh VirtualService host that is no service of the mesh and no ServiceEntry host:
 * no sidecar ever sends a request for it, so the VirtualService applies to nothing
 * there. Istio has no analyzer for this (a host may be an external name); meshsim knows
 * the whole mesh of a scenario, so it says so. Gateway-only VirtualServices are about
 * ingress traffic and are left alone.
 */
export const virtualServiceHosts: Analyzer = {
  name: 'virtualservice.meshHosts',
  description: 'the hosts of a mesh VirtualService are services of the mesh',
  messages: [meshsimMessages.HostNotInMesh],
  inputs: ['VirtualService'],
  needsMesh: true,
  analyze(ctx: AnalysisContext): void {
    for (const vs of ctx.istio('VirtualService')) {
      const spec = ctx.spec(vs);
      if (!appliesToMesh(spec)) continue;
      (stringList(spec['hosts']) ?? []).forEach((host, i) => {
        if (host === '*' || ctx.hostExists(host, ctx.namespaceOf(vs))) return;
        ctx.report(vs, ['spec', 'hosts', i], meshsimMessages.HostNotInMesh, `host "${host}" is no service of ${ctx.mesh.source}, so the VirtualService applies to nothing there (${describeServices(ctx)})`);
      });
    }
  },
};
