import { isObject } from '../../fieldReaders.js';
import type { Analyzer } from '../analyzer.js';
import { labelMap, type AnalysisContext } from '../analysisContext.js';
import { istioMessages } from '../messages.js';
import { formatLabels } from '../meshView.js';
import { routeDestinations } from '../routeDestinations.js';
import { abbreviate } from './describeMesh.js';

/**
 * A DestinationRule subset whose labels select no workload of its service: a cluster
 * with no endpoints, so requests sent to it fail with 503 UH (Istio destinationrule/
 * subset.go, IST0173). The service's own selector is merged with the subset labels, and
 * only the service's namespace is searched (Istio's analyzer, lacking the selector for
 * Kubernetes services, matches subset labels against every pod of the cluster).
 *
 * Level: istioctl reports every such subset as an Error, yet istio.io notes that
 * bookinfo's destination-rule-all.yaml trips it for subsets no deployment uses (ratings
 * v2-mysql), harmlessly. meshsim keeps Error for a subset some route or mirror of the
 * input targets — requests will fail — and reports the others as warnings, so a
 * DestinationRule that lists more versions than are deployed does not stop a run.
 */
export const subsetWorkloads: Analyzer = {
  name: 'destinationrule.subsetWorkloads',
  description: 'every DestinationRule subset selects a workload of its service',
  messages: [istioMessages.DestinationRuleSubsetNotSelectPods],
  inputs: ['DestinationRule'],
  needsMesh: true,
  analyze(ctx: AnalysisContext): void {
    const routed = new Set<string>();
    for (const vs of ctx.istio('VirtualService')) {
      for (const d of routeDestinations(ctx.spec(vs))) if (d.subset !== undefined) routed.add(`${ctx.fqdn(d.host, ctx.namespaceOf(vs))}|${d.subset}`);
    }
    for (const dr of ctx.istio('DestinationRule')) {
      const spec = ctx.spec(dr);
      const host = spec['host'];
      const subsets = spec['subsets'];
      if (typeof host !== 'string' || host.includes('*') || !Array.isArray(subsets)) continue;
      const target = ctx.lookupHost(host, ctx.namespaceOf(dr));
      if (target?.kind !== 'service') continue;
      const service = target.service;
      const fqdn = ctx.fqdn(host, ctx.namespaceOf(dr));
      subsets.forEach((subset, k) => {
        if (!isObject(subset) || typeof subset['name'] !== 'string') return;
        const labels = labelMap(subset['labels']) ?? {};
        if (ctx.workloads.ofService(service, labels).length > 0) return;
        const name = subset['name'];
        const isRouted = routed.has(`${fqdn}|${name}`);
        const selector = formatLabels({ ...(service.selector ?? {}), ...labels });
        const versions = [...new Set(ctx.workloads.ofService(service).map((w) => formatLabels(w.labels)))];
        const found = versions.length === 0 ? `${service.name} has no workloads` : `no workload of ${service.name} carries ${selector} (they carry ${abbreviate(versions, 4, '; ')})`;
        const consequence = isRouted ? 'a route sends requests to it, and they fail' : 'no route of the input sends requests to it, so none fail (istioctl analyze rates this an error regardless)';
        ctx.report(
          dr,
          ['spec', 'subsets', k, subset['labels'] === undefined ? 'name' : 'labels'],
          isRouted ? istioMessages.DestinationRuleSubsetNotSelectPods : { ...istioMessages.DestinationRuleSubsetNotSelectPods, level: 'warning' },
          `The Subset ${name} defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream): ${found}; ${consequence}`,
        );
      });
    }
  },
};
