import type { Diagnostics, FieldPath } from '../diagnostics.js';
import type { LoadBalancerConfig } from './loadBalancerConfig.js';

/** Whether a DestinationRule's locality settings can take effect. */
export type LocalityLbActivation =
  /** Failover priorities (or distribute weights) will be programmed. */
  | 'Active'
  /** The mesh default only, or disabled: nothing to warn about. */
  | 'NotConfigured'
  /** failover / failoverPriority / enabled written, but no outlierDetection: Istio keeps every endpoint in P0. */
  | 'InactiveWithoutOutlierDetection';

/**
 * Istio assigns failover priorities only when the cluster has outlier detection
 * (docs/semantics/envoy-istio.md §6 [II-LB ApplyToCluster]; gotcha §10.7); its validation merely
 * warns. `distribute` works without it. Call with the DestinationRule's (merged) traffic
 * policy; warns at `path` (the localityLbSetting) when the setting would silently do nothing.
 */
export function checkLocalityLbPrerequisites(
  config: LoadBalancerConfig,
  hasOutlierDetection: boolean,
  path: FieldPath,
  diag: Diagnostics,
): LocalityLbActivation {
  const l = config.locality;
  if (!l.configured || !l.enabled) return 'NotConfigured';
  if (l.distribute.length > 0 || hasOutlierDetection) return 'Active';
  diag.warn(
    path,
    'locality failover needs outlierDetection in the same traffic policy; without it Istio puts every endpoint in one priority and balances across all localities',
  );
  return 'InactiveWithoutOutlierDetection';
}
