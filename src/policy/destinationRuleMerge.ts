import type { CompiledDestinationRule, CompiledSubset } from './destinationRule.js';

/**
 * Istio merges the DestinationRules of one namespace that name the same host (pilot
 * PushContext.mergeDestinationRule, Istio 1.22+ with ENABLE_ENHANCED_DESTINATIONRULE_MERGE
 * on by default): rules with equal exportTo become one, oldest first —
 * subsets are concatenated and the first definition of a subset name wins; the
 * top-level trafficPolicy is the oldest rule's that has one. Rules whose exportTo differ
 * stay separate. (Rules with a workloadSelector would merge only with equal selectors;
 * meshsim does not model workloadSelector, so it never sees one.)
 */

/** Rules merged together share this key: namespace, host and exportTo as a set. */
export function mergeKey(namespace: string, host: string, exportTo: readonly string[] | undefined): string {
  const visibility = [...new Set(exportTo ?? [])].sort().join(',');
  return `${namespace}\u0000${host}\u0000${visibility}`;
}

/**
 * Merges `rules` (sorted oldest first) as pilot does; each merged rule keeps the oldest
 * rule's identity (name, index, age), which is what pilot reports as its origin.
 */
export function mergeDestinationRules(rules: readonly CompiledDestinationRule[]): CompiledDestinationRule[] {
  const merged = new Map<string, CompiledDestinationRule>();
  for (const r of rules) {
    const key = mergeKey(r.namespace, r.host, r.exportTo);
    const first = merged.get(key);
    if (first === undefined) {
      merged.set(key, r);
      continue;
    }
    const subsets = new Map<string, CompiledSubset>(first.subsets);
    for (const [name, s] of r.subsets) if (!subsets.has(name)) subsets.set(name, s);
    const trafficPolicy = first.trafficPolicy ?? r.trafficPolicy;
    merged.set(key, { ...first, subsets, ...(trafficPolicy !== undefined ? { trafficPolicy } : {}) });
  }
  return [...merged.values()];
}
