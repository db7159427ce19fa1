import type { IstioResource } from '../../manifest.js';
import { olderFirst } from '../../resourceAge.js';
import type { Analyzer } from '../analyzer.js';
import { ageOf, selectorOf, type AnalysisContext } from '../analysisContext.js';
import { istioMessages, meshsimMessages } from '../messages.js';
import { formatLabels, labelsMatch, type Labels } from '../meshView.js';
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
      const older = policies.filter((q) => q !== p && olderFirst(q, p) < 0 && q.namespace === p.namespace && q.selector !== undefined);
      if (older.length === 0) continue;
      const selector = p.selector;
      if (!ctx.mesh.complete) {
        const same = older.find((q) => formatLabels(q.selector as Labels) === formatLabels(selector));
        if (same !== undefined) ctx.report(p.r, ['spec', 'selector'], istioMessages.IneffectivePolicy, `The policy has no impact: the older ${ctx.nameOf(same.r)} has the same selector, and only the oldest applies.`);
        continue;
      }
      const selected = ctx.mesh.workloads.filter((w) => w.namespace === p.namespace && labelsMatch(selector, w.labels));
      const lost = selected.flatMap((w) => {
        const winner = older.find((q) => labelsMatch(q.selector as Labels, w.labels));
        return winner === undefined ? [] : [{ workload: w.name, winner: ctx.nameOf(winner.r) }];
      });
      if (lost.length === 0) continue;
      const winners = [...new Set(lost.map((l) => l.winner))].join(', ');
      const names = abbreviate(lost.map((l) => l.workload));
      if (lost.length === selected.length) {
        ctx.report(p.r, ['spec', 'selector'], istioMessages.IneffectivePolicy, `The policy has no impact: every workload it selects (${names}) is also selected by the older ${winners}, and only the oldest applies.`);
      } else {
        ctx.report(
          p.r,
          ['spec', 'selector'],
          meshsimMessages.ConflictingPeerAuthentications,
          `on ${names} the older ${winners} also applies and wins; this policy applies only to ${abbreviate(selected.filter((w) => !lost.some((l) => l.workload === w.name)).map((w) => w.name))}`,
        );
      }
    }
  },
};
