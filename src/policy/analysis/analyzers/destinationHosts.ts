import type { Analyzer } from '../analyzer.js';
import type { AnalysisContext } from '../analysisContext.js';
import { istioMessages } from '../messages.js';
import { routeDestinations } from '../routeDestinations.js';
import { describeServices } from './describeMesh.js';

/**
 * Every host a VirtualService routes or mirrors to must be a service of the mesh or a
 * ServiceEntry host; a port it names must be one the service exposes, and a service
 * with several ports needs one named (Istio virtualservice/destinationhosts.go).
 */
export const destinationHosts: Analyzer = {
  name: 'virtualservice.destinationHosts',
  description: 'route and mirror destinations name an existing host, and a port it exposes',
  messages: [istioMessages.ReferencedResourceNotFound, istioMessages.VirtualServiceDestinationPortSelectorRequired],
  inputs: ['VirtualService'],
  needsMesh: true,
  analyze(ctx: AnalysisContext): void {
    for (const vs of ctx.istio('VirtualService')) {
      const namespace = ctx.namespaceOf(vs);
      for (const d of routeDestinations(ctx.spec(vs))) {
        if (d.host.includes('*')) continue;
        const target = ctx.lookupHost(d.host, namespace);
        const what = d.mirror ? 'mirror host' : 'host';
        if (target === undefined) {
          ctx.report(vs, [...d.path, 'host'], istioMessages.ReferencedResourceNotFound, `Referenced ${what} not found: "${d.host}" (${describeServices(ctx)})`);
          continue;
        }
        const ports = target.ports;
        if (ports === undefined) continue;
        if (d.port === undefined) {
          if (ports.length > 1) {
            ctx.report(
              vs,
              [...d.path, 'host'],
              istioMessages.VirtualServiceDestinationPortSelectorRequired,
              `This VirtualService routes to a service "${d.host}" that exposes multiple ports [${ports.map((p) => p.number).join(' ')}]. Specifying a port in the destination is required to disambiguate.`,
            );
          }
        } else if (!ports.some((p) => p.number === d.port)) {
          ctx.report(
            vs,
            [...d.path, 'port', 'number'],
            istioMessages.ReferencedResourceNotFound,
            `Referenced ${what}:port not found: "${d.host}:${d.port}" (it exposes ${ports.map((p) => p.number).join(', ') || 'no ports'})`,
          );
        }
      }
    }
  },
};
