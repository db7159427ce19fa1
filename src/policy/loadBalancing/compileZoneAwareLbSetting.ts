import type { Diagnostics, FieldPath } from '../diagnostics.js';
import { describe, isObject, readBoolean, readList, readNumber } from '../fieldReaders.js';
import { camelFields } from './camelFields.js';
import { compileFailover, compileFailoverPriority } from './compileLocalityLbSetting.js';
import type { FailoverPriorityLabel, LocalityFailover, ZoneAwareLbConfig } from './loadBalancerConfig.js';
import { DEFAULT_MIN_CLUSTER_SIZE } from './zoneAwareRouting.js';
import { istioMessages, meshsimMessages } from '../analysis/messages.js';

/** Topology labels zone-aware LB handles itself; Istio refuses them in its failoverPriority [II-VALA]. */
const TOPOLOGY_LABELS = new Set(['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone']);

/**
 * Compiles `loadBalancer.zoneAwareLbSetting` (2026 API, §6 [IA-DR][II-LB loadbalancer.go]):
 * `enabled` (absent means on; false still overrides the mesh locality setting),
 * `failover` (regions), `failoverPriority` (labels other than region/zone/subzone) and
 * `minClusterSize` (Envoy default 6). Istio needs ISTIO_META_ENABLE_SELF_DISCOVERY=true on
 * the caller for Envoy to know its own cluster; meshsim assumes it is set.
 */
export function compileZoneAwareLbSetting(raw: unknown, path: FieldPath, diag: Diagnostics, hasOutlierDetection = true): ZoneAwareLbConfig | undefined {
  if (!isObject(raw)) {
    diag.error(path, `must be a mapping, got ${describe(raw)}`, 'a mapping such as {enabled: true}');
    return undefined;
  }
  let enabled = true;
  let failover: LocalityFailover[] = [];
  let failoverPriority: FailoverPriorityLabel[] = [];
  let minClusterSize = DEFAULT_MIN_CLUSTER_SIZE;
  for (const { key, name, value } of camelFields(raw).values()) {
    const p = [...path, key];
    if (name === 'enabled') enabled = readBoolean(value, p, diag) ?? true;
    else if (name === 'failover') failover = readList(value, p, diag, (x, xp) => compileFailover(x, xp, diag)) ?? [];
    else if (name === 'failoverPriority') {
      failoverPriority = readList(value, p, diag, (x, xp) => compileFailoverPriority(x, xp, diag)) ?? [];
      failoverPriority.forEach((l, i) => {
        if (TOPOLOGY_LABELS.has(l.key)) diag.error([...p, i], `zone-aware failoverPriority must not use topology label ${l.key}; region and zone routing are automatic`, 'labels such as topology.istio.io/network');
      });
    } else if (name === 'minClusterSize') {
      // UInt32Value: 0 is a value (zone routing whenever the local cluster is known).
      const v = readNumber(isObject(value) && 'value' in value ? value['value'] : value, p, diag, { integer: true, min: 0, max: 2 ** 32 - 1 });
      if (v !== undefined) minClusterSize = v;
    } else diag.warn(p, `unknown field "${key}" for zoneAwareLbSetting; ignored (a cluster would prune it)`, meshsimMessages.UnknownField);
  }
  if ((failover.length > 0 || failoverPriority.length > 0) && !hasOutlierDetection) {
    diag.warn(path, 'failover needs outlierDetection in the same traffic policy: without ejections P0 never fails over (Istio warns the same)', istioMessages.SchemaWarning);
  }
  if (enabled) diag.warn(path, 'zoneAwareLbSetting needs ISTIO_META_ENABLE_SELF_DISCOVERY=true on callers; meshsim assumes it is set', meshsimMessages.SimulationAssumption);
  return Object.freeze({ enabled, failover, failoverPriority, minClusterSize });
}
