import type { IstioResource } from '../../manifest.js';
import { olderFirst } from '../../resourceAge.js';
import type { Analyzer } from '../analyzer.js';
import { ageOf, selectorOf, type AnalysisContext } from '../analysisContext.js';
import { istioMessages, meshsimMessages } from '../messages.js';
import { formatLabels, type WorkloadView } from '../meshView.js';
import { abbreviate } from './describeMesh.js';

/**
 * PeerAuthentications that lose to another: pilot (authn ComposePeerAuthentication)
 * keeps one policy per level — the oldest mesh-wide one (root namespace, no selector),
 * the oldest of a namespace, the oldest workload policy selecting a workload — and
 * ignores selector policies in the root namespace. A policy that never applies has no
 * impact (IST0167, Istio's code for it; Istio's analyzers do not make this check);
 * workload policies that lose on some of their workloads only are reported with
 * meshsim's MSH0204.
 */
export const peerAuthenticationConflicts: Analyzer = {
  name: 'peerauthentication.conflicts',
  description: 'no PeerAuthentication is overridden by an older one at its level',
  messages: [istioMessages.IneffectivePolicy, meshsimMessages.ConflictingPeerAuthentications],
  inputs: ['PeerAuthentication'],
  needsMesh: false,
  analyze(ctx: AnalysisContext): void {
    const policies = ctx
      .istio('PeerAuthentication')
      .map((r) => ({ r, resourceIndex: r.index, namespace: ctx.namespaceOf(r), selector: selectorOf(ctx, r), ...ageOf(r) }))
      .sort(olderFirst);
    const levelWinner = new Map<string, IstioResource>();
    const claimedBy = new Map<WorkloadView, IstioResource>();
    const sameSelector = new Map<string, IstioResource>();
    for (const p of policies) {
      if (p.selector === undefined) {
        const level = p.namespace === ctx.rootNamespace ? 'mesh-wide' : `namespace-wide in namespace ${p.namespace}`;
        const winner = levelWinner.get(p.namespace);
        if (winner === undefined) levelWinner.set(p.namespace, p.r);
        else ctx.report(p.r, ['metadata', 'name'], istioMessages.IneffectivePolicy, `The policy has no impact: ${ctx.nameOf(winner)} is an older ${level} PeerAuthentication, and only the oldest applies.`);
        continue;
      }
      if (p.namespace === ctx.rootNamespace) {
        ctx.report(
          p.r,
          ['spec', 'selector'],
          istioMessages.IneffectivePolicy,
          `The policy has no impact: a PeerAuthentication with a selector in the root namespace ${ctx.rootNamespace} is ignored (a mesh-wide policy takes no selector; a workload policy belongs in the workloads' namespace).`,
        );
        continue;
      }
      // In age order, each workload is claimed by the first (oldest) policy that selects it.
      const selector = p.selector;
      if (!ctx.mesh.complete) {
        const key = `${p.namespace}\u0000${formatLabels(selector)}`;
        const same = sameSelector.get(key);
        if (same === undefined) sameSelector.set(key, p.r);
        else ctx.report(p.r, ['spec', 'selector'], istioMessages.IneffectivePolicy, `The policy has no impact: the older ${ctx.nameOf(same)} has the same selector, and only the oldest applies.`);
        continue;
      }
      const selected = ctx.workloads.select(selector, p.namespace);
      const lost: { workload: string; winner: string }[] = [];
      const kept: string[] = [];
      for (const w of selected) {
        const winner = claimedBy.get(w);
        if (winner === undefined) {
          claimedBy.set(w, p.r);
          kept.push(w.name);
        } else lost.push({ workload: w.name, winner: ctx.nameOf(winner) });
      }
      if (lost.length === 0) continue;
      const winners = [...new Set(lost.map((l) => l.winner))].join(', ');
      const names = abbreviate(lost.map((l) => l.workload));
      if (kept.length === 0) {
        ctx.report(p.r, ['spec', 'selector'], istioMessages.IneffectivePolicy, `The policy has no impact: every workload it selects (${names}) is also selected by the older ${winners}, and only the oldest applies.`);
      } else {
        ctx.report(p.r, ['spec', 'selector'], meshsimMessages.ConflictingPeerAuthentications, `on ${names} the older ${winners} also applies and wins; this policy applies only to ${abbreviate(kept)}`);
      }
    }
  },
};
