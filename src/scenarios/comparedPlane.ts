/**
 * What a data-plane comparison can run: one of the data planes, or the policy-only
 * reference — the sidecar data plane with `dataPlanes: {costs: none}`: every Istio
 * resource applied (routing, retries, timeouts, authorization), the proxies free (no
 * CPU, latency, memory or handshake). Deltas against it are what the proxies cost and
 * nothing of what the policies do; deltas against `none`, which enforces no resource,
 * mix both (issue 18).
 */
import { withoutProxyCosts } from './dataPlaneDefaults.js';
import type { DataPlaneKind, Scenario } from './scenario.js';

export const POLICY_ONLY = 'policy-only';

/** A data plane, or the policy-only reference. */
export type ComparedPlane = DataPlaneKind | typeof POLICY_ONLY;

/** The policy-only reference in words (table headline, warnings, help). */
export const POLICY_ONLY_MEANING = 'sidecar with costs: none — Istio resources applied, proxies free';

/** The scenario a compared plane runs: with `dataPlane: plane`, or for policy-only a sidecar mesh whose proxies cost nothing. */
export function scenarioForPlane(scenario: Scenario, plane: ComparedPlane): Scenario {
  if (plane !== POLICY_ONLY) return { ...scenario, dataPlane: plane };
  return { ...scenario, dataPlane: 'sidecar', dataPlanes: withoutProxyCosts(scenario.dataPlanes) };
}
