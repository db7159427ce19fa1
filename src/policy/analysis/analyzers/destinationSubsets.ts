import { isObject } from '../../fieldReaders.js';
import { hostMatches } from '../../hostNames.js';
import type { Analyzer } from '../analyzer.js';
import type { AnalysisContext } from '../analysisContext.js';
import { istioMessages } from '../messages.js';
import { routeDestinations } from '../routeDestinations.js';

/**
 * A subset a VirtualService routes or mirrors to must be defined by the DestinationRule
 * its callers apply to that host (Istio virtualservice/destinationrules.go). Without it
 * the proxy has no cluster for the route and every request sent there fails with a 503.
 *
 * The lookup is the simulated proxies' own (CompiledPolicy.subsetSelector, for a caller
 * in the VirtualService's namespace: DestinationRules merged, most specific host,
 * exportTo), so a wildcard-host DestinationRule counts where Istio's analyzer, which
 * compares host names literally, would miss it. When the input declares no mesh, only
 * hosts that some DestinationRule of the input covers are checked: the rest may have
 * theirs in the cluster.
 */
export const destinationSubsets: Analyzer = {
  name: 'virtualservice.destinationSubsets',
  description: 'route and mirror subsets are defined by the DestinationRule for their host',
  messages: [istioMessages.ReferencedResourceNotFound],
  inputs: ['VirtualService', 'DestinationRule'],
  needsMesh: false,
  analyze(ctx: AnalysisContext): void {
    // Rules by exact host, wildcards apart: looked up once per destination.
    const exact = new Map<string, RuleSubsets[]>();
    const wildcards: RuleSubsets[] = [];
    for (const dr of ctx.istio('DestinationRule')) {
      const spec = ctx.spec(dr);
      if (typeof spec['host'] !== 'string') continue;
      const host = ctx.fqdn(spec['host'], ctx.namespaceOf(dr));
      const subsets = Array.isArray(spec['subsets']) ? spec['subsets'].flatMap((s) => (isObject(s) && typeof s['name'] === 'string' ? [s['name']] : [])) : [];
      const rule = { name: ctx.nameOf(dr), host, subsets };
      if (host.startsWith('*')) wildcards.push(rule);
      else exact.set(host, [...(exact.get(host) ?? []), rule]);
    }
    for (const vs of ctx.istio('VirtualService')) {
      const namespace = ctx.namespaceOf(vs);
      for (const d of routeDestinations(ctx.spec(vs))) {
        if (d.subset === undefined || d.host.includes('*')) continue;
        const fqdn = ctx.fqdn(d.host, namespace);
        const covering = [...(exact.get(fqdn) ?? []), ...wildcards.filter((r) => hostMatches(r.host, fqdn))];
        if (!ctx.mesh.complete && covering.length === 0) continue;
        if (ctx.policy.subsetSelector(fqdn, d.subset, namespace) !== undefined) continue;
        const defined =
          covering.length === 0
            ? `no DestinationRule has subsets for ${d.host}`
            : covering.map((r) => `DestinationRule ${r.name} defines ${r.subsets.length === 0 ? 'no subsets' : r.subsets.join(', ')}`).join('; ');
        ctx.report(
          vs,
          [...d.path, 'subset'],
          istioMessages.ReferencedResourceNotFound,
          `Referenced ${d.mirror ? 'mirror' : 'host'}+subset in destinationrule not found: "${d.host}+${d.subset}" (${defined}); every request routed there fails with 503`,
        );
      }
    }
  },
};

interface RuleSubsets {
  readonly name: string;
  readonly host: string;
  readonly subsets: readonly string[];
}
