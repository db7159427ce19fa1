import type { IstioResource } from '../../manifest.js';
import { hostsOverlap } from '../../hostNames.js';
import type { Analyzer } from '../analyzer.js';
import { stringList, type AnalysisContext } from '../analysisContext.js';
import { istioMessages } from '../messages.js';
import { appliesToMesh } from '../routeDestinations.js';

/**
 * Two VirtualServices bound to the mesh that claim the same host for the same
 * namespaces: pilot keeps one and drops the other's routes, depending on age — Istio
 * calls it undefined behavior and asks to merge them (virtualservice/
 * conflictingmeshgatewayhosts.go). Hosts are compared as FQDNs within the scope their
 * exportTo gives them; a host exported everywhere also conflicts with a matching
 * (wildcard-aware) host of a narrower scope.
 */
export const conflictingVirtualServiceHosts: Analyzer = {
  name: 'virtualservice.conflictingMeshGatewayHosts',
  description: 'no two mesh VirtualServices claim the same host for the same namespaces',
  messages: [istioMessages.ConflictingMeshGatewayVirtualServiceHosts],
  inputs: ['VirtualService'],
  needsMesh: false,
  analyze(ctx: AnalysisContext): void {
    interface Claim {
      readonly vs: IstioResource;
      readonly hostIndex: number;
      readonly fqdn: string;
    }
    const byScope = new Map<string, Map<string, Claim[]>>();
    for (const vs of ctx.istio('VirtualService')) {
      const spec = ctx.spec(vs);
      if (!appliesToMesh(spec)) continue;
      const namespace = ctx.namespaceOf(vs);
      const exportTo = stringList(spec['exportTo']) ?? [];
      const scopes = exportTo.length === 0 || exportTo.includes('*') ? ['*'] : [...new Set(exportTo.map((e) => (e === '.' ? namespace : e)))];
      (stringList(spec['hosts']) ?? []).forEach((host, hostIndex) => {
        const fqdn = ctx.fqdn(host, namespace);
        for (const scope of scopes) {
          const hosts = byScope.get(scope) ?? new Map<string, Claim[]>();
          byScope.set(scope, hosts);
          hosts.set(fqdn, [...(hosts.get(fqdn) ?? []), { vs, hostIndex, fqdn }]);
        }
      });
    }
    const everywhere = byScope.get('*') ?? new Map<string, Claim[]>();
    const reported = new Set<IstioResource>();
    for (const [scope, hosts] of byScope) {
      for (const [fqdn, claims] of hosts) {
        const all = scope === '*' ? claims : [...claims, ...[...everywhere].filter(([h]) => hostsOverlap(h, fqdn)).flatMap(([, c]) => c)];
        const names = [...new Set(all.map((c) => ctx.nameOf(c.vs)))].sort();
        if (names.length < 2) continue;
        for (const c of all) {
          if (reported.has(c.vs)) continue;
          reported.add(c.vs);
          ctx.report(
            c.vs,
            ['spec', 'hosts', c.hostIndex],
            istioMessages.ConflictingMeshGatewayVirtualServiceHosts,
            `The VirtualServices ${names.join(',')} associated with mesh gateway define the same host ${c.fqdn} which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.`,
          );
        }
      }
    }
  },
};

