import type { IstioResource } from '../../manifest.js';
import type { Analyzer } from '../analyzer.js';
import { selectorOf, type AnalysisContext } from '../analysisContext.js';
import { istioMessages } from '../messages.js';
import { formatLabels } from '../meshView.js';

/**
 * AuthorizationPolicies and PeerAuthentications that select no workload (Istio authz/
 * authorizationpolicies.go, IST0127): a selector no workload carries, or a
 * namespace-wide policy in a namespace without workloads. A root-namespace policy with a
 * selector is looked up mesh-wide, as Istio applies it. Istio checks
 * AuthorizationPolicies only; PeerAuthentications select workloads the same way, so
 * meshsim checks them too. Policies attached with targetRef(s) (gateways, waypoints)
 * select no workload by design and are skipped.
 */
export const policyWorkloads: Analyzer = {
  name: 'security.policyWorkloads',
  description: 'AuthorizationPolicies and PeerAuthentications select some workload',
  messages: [istioMessages.NoMatchingWorkloadsFound],
  inputs: ['AuthorizationPolicy', 'PeerAuthentication'],
  needsMesh: true,
  analyze(ctx: AnalysisContext): void {
    for (const r of [...ctx.istio('AuthorizationPolicy'), ...ctx.istio('PeerAuthentication')]) {
      const spec = ctx.spec(r);
      if (spec['targetRef'] !== undefined || spec['targetRefs'] !== undefined) continue;
      check(ctx, r);
    }
  },
};

function check(ctx: AnalysisContext, r: IstioResource): void {
  const namespace = ctx.namespaceOf(r);
  const root = namespace === ctx.rootNamespace;
  const selector = selectorOf(ctx, r);
  if (selector === undefined) {
    if (root || ctx.workloads.has(namespace)) return;
    ctx.report(r, ['metadata', 'name'], istioMessages.NoMatchingWorkloadsFound, `No matching workloads for this resource: namespace ${namespace} has no workloads`);
    return;
  }
  if (ctx.workloads.select(selector, root ? undefined : namespace).length > 0) return;
  const where = root ? 'the mesh' : `namespace ${namespace}`;
  ctx.report(
    r,
    ['spec', 'selector', 'matchLabels'],
    istioMessages.NoMatchingWorkloadsFound,
    `No matching workloads for this resource with the following labels: ${formatLabels(selector)} (no workload of ${where} carries them)`,
  );
}
