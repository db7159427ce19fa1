import type { Endpoint } from '../endpoint.js';
import type { Locality } from '../request.js';
import type { LocalityDistribution } from './loadBalancerConfig.js';

/** "region/zone/subzone" — the key locality groups (Envoy LocalityLbEndpoints) are known by. */
export function localityKey(l: Locality): string {
  return `${l.region}/${l.zone}/${l.subzone}`;
}

/**
 * Istio util.LocalityMatch: a pattern "region[/zone[/subzone]]" where a part that is
 * "*" or missing matches anything (docs/semantics/envoy-istio.md §6 [II-LB]); "*" alone matches all.
 */
export function localityMatches(locality: Locality, pattern: string): boolean {
  const [region = '', zone = '', subzone = ''] = pattern.split('/');
  const part = (rule: string, actual: string): boolean => rule === '*' || rule === '' || rule === actual;
  return (region === '*' || region === locality.region) && part(zone, locality.zone) && part(subzone, locality.subzone);
}

export interface DistributedLocalities {
  /** Locality key → Envoy locality weight; localities absent here get no traffic. */
  readonly weights: ReadonlyMap<string, number>;
  /** The `from` rule that applied, or undefined when none matched the caller (then nothing changes). */
  readonly rule?: LocalityDistribution;
}

/**
 * Istio applyLocalityWeights (§6 [II-LB applyLocalityWeights][II-EB refreshWeight]): for the
 * first `from` matching the caller, each destination pattern's weight is split over the
 * localities it matches in proportion to their original weight (sum of endpoint weights):
 * `ceil(orig · weight / Σorig)`. Localities matched by no pattern are dropped.
 * Patterns are tried in the order written and a locality goes to the first that matches;
 * Istio iterates a Go map here, so with overlapping patterns its choice is unspecified
 * (compileLoadBalancer warns about overlaps).
 */
export function distributeLocalityWeights(
  caller: Locality,
  endpoints: readonly Endpoint[],
  rules: readonly LocalityDistribution[],
): DistributedLocalities | undefined {
  const rule = rules.find((r) => localityMatches(caller, r.from));
  if (rule === undefined) return undefined;
  const original = new Map<string, { locality: Locality; weight: number }>();
  for (const e of endpoints) {
    const k = localityKey(e.locality);
    const g = original.get(k);
    if (g === undefined) original.set(k, { locality: e.locality, weight: e.weight });
    else g.weight += e.weight;
  }
  const unmatched = new Set(original.keys());
  const weights = new Map<string, number>();
  for (const [pattern, weight] of rule.to) {
    const matched: Array<[string, number]> = [];
    let total = 0;
    for (const k of unmatched) {
      const g = original.get(k) as { locality: Locality; weight: number };
      if (localityMatches(g.locality, pattern)) {
        matched.push([k, g.weight]);
        total += g.weight;
      }
    }
    for (const [k, orig] of matched) {
      unmatched.delete(k);
      const w = (orig * weight) / total;
      if (w > 0) weights.set(k, Math.ceil(w));
    }
  }
  return { weights, rule };
}
