import type { Diagnostics, FieldPath } from '../diagnostics.js';
import { describe, isObject, readBoolean, readList } from '../fieldReaders.js';
import { camelFields } from './camelFields.js';
import { compileFailover } from './compileLocalityLbSetting.js';
import type { LocalityFailover, ZoneAwareLbConfig } from './loadBalancerConfig.js';
import { DEFAULT_MIN_CLUSTER_SIZE } from './zoneAwareRouting.js';

/**
 * Compiles `loadBalancer.zoneAwareLbSetting` (newer Istio API, §6 [IA-DR][II-LB]): `enabled`
 * and `failover` (regions, as in localityLbSetting). Undefined when not enabled. Envoy's
 * min_cluster_size keeps its default 6; other fields are reported, not guessed at.
 * Istio needs ISTIO_META_ENABLE_SELF_DISCOVERY=true on the caller for Envoy to know its
 * own cluster; meshsim assumes it is set (the caller's zone spread comes from the scenario).
 */
export function compileZoneAwareLbSetting(raw: unknown, path: FieldPath, diag: Diagnostics): ZoneAwareLbConfig | undefined {
  if (!isObject(raw)) {
    diag.error(path, `must be a mapping, got ${describe(raw)}`, 'a mapping such as {enabled: true}');
    return undefined;
  }
  let enabled = false;
  let failover: LocalityFailover[] = [];
  for (const { key, name, value } of camelFields(raw).values()) {
    const p = [...path, key];
    if (name === 'enabled') enabled = readBoolean(value, p, diag) ?? false;
    else if (name === 'failover') failover = readList(value, p, diag, (x, xp) => compileFailover(x, xp, diag)) ?? [];
    else diag.notModeled(p, `zoneAwareLbSetting.${name} is not in meshsim's reference; Envoy defaults apply (min_cluster_size ${DEFAULT_MIN_CLUSTER_SIZE})`);
  }
  if (!enabled) return undefined;
  diag.warn(path, 'zoneAwareLbSetting needs ISTIO_META_ENABLE_SELF_DISCOVERY=true on callers; meshsim assumes it is set');
  return Object.freeze({ failover, minClusterSize: DEFAULT_MIN_CLUSTER_SIZE });
}
