import { mergeKey } from '../../destinationRuleMerge.js';
import { isObject } from '../../fieldReaders.js';
import type { IstioResource } from '../../manifest.js';
import { olderFirst } from '../../resourceAge.js';
import type { Analyzer } from '../analyzer.js';
import { ageOf, stringList, type AnalysisContext } from '../analysisContext.js';
import { meshsimMessages } from '../messages.js';

/**
 * DestinationRules for one host in one namespace are merged by pilot, oldest first
 * (src/policy/destinationRuleMerge.ts): what a later rule repeats is dropped without a
 * word — a subset name already defined, a second top-level trafficPolicy. Pilot only
 * counts duplicate subsets in a metric; Istio's analyzers say nothing, so the code is
 * meshsim's.
 */
export const destinationRuleMerge: Analyzer = {
  name: 'destinationrule.merge',
  description: 'DestinationRules merged for one host lose nothing',
  messages: [meshsimMessages.DestinationRuleMergeConflict],
  inputs: ['DestinationRule'],
  needsMesh: false,
  analyze(ctx: AnalysisContext): void {
    const groups = new Map<string, IstioResource[]>();
    for (const dr of ctx.istio('DestinationRule')) {
      const spec = ctx.spec(dr);
      if (typeof spec['host'] !== 'string') continue;
      const key = mergeKey(ctx.namespaceOf(dr), ctx.fqdn(spec['host'], ctx.namespaceOf(dr)), stringList(spec['exportTo']));
      groups.set(key, [...(groups.get(key) ?? []), dr]);
    }
    for (const rules of groups.values()) {
      if (rules.length < 2) continue;
      const aged = rules.map((r) => ({ r, resourceIndex: r.index, ...ageOf(r) })).sort(olderFirst);
      const subsetOwner = new Map<string, IstioResource>();
      let policyOwner: IstioResource | undefined;
      for (const { r } of aged) {
        const spec = ctx.spec(r);
        if (spec['trafficPolicy'] !== undefined && spec['trafficPolicy'] !== null) {
          if (policyOwner === undefined) policyOwner = r;
          else {
            ctx.report(
              r,
              ['spec', 'trafficPolicy'],
              meshsimMessages.DestinationRuleMergeConflict,
              `ignored: DestinationRules for host ${String(spec['host'])} in namespace ${ctx.namespaceOf(r)} are merged, and the older ${ctx.nameOf(policyOwner)} already sets the top-level trafficPolicy (the first one wins)`,
            );
          }
        }
        const subsets = spec['subsets'];
        (Array.isArray(subsets) ? subsets : []).forEach((s, k) => {
          if (!isObject(s) || typeof s['name'] !== 'string') return;
          const owner = subsetOwner.get(s['name']);
          if (owner === undefined) {
            subsetOwner.set(s['name'], r);
            return;
          }
          if (owner === r) return;
          ctx.report(
            r,
            ['spec', 'subsets', k, 'name'],
            meshsimMessages.DestinationRuleMergeConflict,
            `ignored: subset ${s['name']} is also defined by the older ${ctx.nameOf(owner)} for the same host; merged DestinationRules keep the first definition`,
          );
        });
      }
    }
  },
};
