import type { Analyzer } from '../analyzer.js';
import type { AnalysisContext } from '../analysisContext.js';
import { istioMessages } from '../messages.js';
import { describeServices } from './describeMesh.js';

/**
 * A DestinationRule whose host is no service of the mesh and no ServiceEntry host
 * applies to nothing (Istio destinationrule/subset.go, IST0174) — often a namespace
 * that differs from the services' (`helloworld.sample.svc.cluster.local` against a
 * `helloworld` in `default`). A wildcard host counts when it covers some service.
 */
export const unknownDestinationRuleHost: Analyzer = {
  name: 'destinationrule.unknownHost',
  description: 'every DestinationRule host is a service of the mesh or a ServiceEntry host',
  messages: [istioMessages.UnknownDestinationRuleHost],
  inputs: ['DestinationRule'],
  needsMesh: true,
  analyze(ctx: AnalysisContext): void {
    for (const dr of ctx.istio('DestinationRule')) {
      const host = ctx.spec(dr)['host'];
      if (typeof host !== 'string' || host === '*' || ctx.hostExists(host, ctx.namespaceOf(dr))) continue;
      ctx.report(dr, ['spec', 'host'], istioMessages.UnknownDestinationRuleHost, `The host ${host} defined in the DestinationRule does not match any services in the mesh (${describeServices(ctx)}).`);
    }
  },
};
