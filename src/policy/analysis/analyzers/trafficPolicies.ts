import type { FieldPath } from '../../diagnostics.js';
import { isObject } from '../../fieldReaders.js';

/** A traffic policy of a DestinationRule, with its path: the top-level one and each subset's. */
export interface TrafficPolicyAt {
  readonly policy: Record<string, unknown>;
  readonly path: FieldPath;
}

export function trafficPolicies(spec: Record<string, unknown>): TrafficPolicyAt[] {
  const out: TrafficPolicyAt[] = [];
  if (isObject(spec['trafficPolicy'])) out.push({ policy: spec['trafficPolicy'], path: ['spec', 'trafficPolicy'] });
  const subsets = spec['subsets'];
  (Array.isArray(subsets) ? subsets : []).forEach((s, k) => {
    if (isObject(s) && isObject(s['trafficPolicy'])) out.push({ policy: s['trafficPolicy'], path: ['spec', 'subsets', k, 'trafficPolicy'] });
  });
  return out;
}

/** The portLevelSettings entries of a traffic policy, with their paths. */
export function portLevelSettings(at: TrafficPolicyAt): { readonly settings: Record<string, unknown>; readonly path: FieldPath }[] {
  const list = at.policy['portLevelSettings'];
  return (Array.isArray(list) ? list : []).flatMap((s, i) => (isObject(s) ? [{ settings: s, path: [...at.path, 'portLevelSettings', i] }] : []));
}
