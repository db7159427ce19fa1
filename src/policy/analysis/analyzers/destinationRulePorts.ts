import type { Analyzer } from '../analyzer.js';
import { portNumber, type AnalysisContext } from '../analysisContext.js';
import { meshsimMessages } from '../messages.js';
import { portLevelSettings, trafficPolicies } from './trafficPolicies.js';

/**
 * Port-level settings of a DestinationRule for a port its service does not expose never
 * apply: no request goes to that port. Istio has no analyzer for it (only IST0101 for a
 * VirtualService destination port), so the code is meshsim's. Scenario services declare
 * no ports, so simulated requests carry none and port-level settings never apply in a
 * run: that is said too, as a field meshsim does not model.
 */
export const destinationRulePorts: Analyzer = {
  name: 'destinationrule.ports',
  description: 'DestinationRule port-level settings name ports the service exposes',
  messages: [meshsimMessages.UnknownServicePort, meshsimMessages.NotModeledField],
  inputs: ['DestinationRule'],
  needsMesh: true,
  analyze(ctx: AnalysisContext): void {
    for (const dr of ctx.istio('DestinationRule')) {
      const spec = ctx.spec(dr);
      if (typeof spec['host'] !== 'string' || spec['host'].includes('*')) continue;
      const target = ctx.lookupHost(spec['host'], ctx.namespaceOf(dr));
      if (target === undefined) continue;
      for (const tp of trafficPolicies(spec)) {
        for (const { settings, path } of portLevelSettings(tp)) {
          const port = portNumber(settings['port']);
          if (port === undefined) continue;
          const at = [...path, 'port', 'number'];
          if (target.ports === undefined) {
            if (target.kind === 'service') {
              ctx.report(dr, at, meshsimMessages.NotModeledField, `port-level settings for port ${port} never apply in the simulation: ${ctx.mesh.source}'s services declare no ports, so simulated requests carry none`);
            }
          } else if (!target.ports.some((p) => p.number === port)) {
            ctx.report(
              dr,
              at,
              meshsimMessages.UnknownServicePort,
              `port ${port} is not a port of ${spec['host']} (it exposes ${target.ports.map((p) => p.number).join(', ') || 'none'}), so these settings never apply`,
            );
          }
        }
      }
    }
  },
};
