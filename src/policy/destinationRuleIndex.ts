import { mergeDestinationPolicy, type CompiledDestinationRule, type DestinationPolicy } from './destinationRule.js';
import { mergeDestinationRules } from './destinationRuleMerge.js';
import { hostMatches, hostSpecificity } from './hostNames.js';
import { olderFirst } from './resourceAge.js';
import { exportedTo } from './virtualService.js';

/**
 * Which DestinationRule a client applies to a destination host. Pilot looks in the
 * client's namespace first, then the namespace of the service, then the root namespace
 * (mesh-wide defaults), and nowhere else; within a namespace the most specific host
 * wins (exact beats wildcard), then the oldest. Rules of the service or root namespace
 * not exported to the client are skipped.
 * Several DestinationRules for one host in one namespace are first merged as pilot
 * merges them (destinationRuleMerge.ts).
 */
export class DestinationRuleIndex {
  private readonly rules: readonly CompiledDestinationRule[];

  constructor(rules: readonly CompiledDestinationRule[], private readonly rootNamespace: string) {
    this.rules = mergeDestinationRules([...rules].sort(olderFirst));
  }

  /** The DestinationRule for `fqdn` as seen from `clientNamespace`, if any. */
  lookup(fqdn: string, clientNamespace: string, serviceNamespace?: string): CompiledDestinationRule | undefined {
    // The client's own namespace sees its rules whatever their exportTo (pilot namespaceLocal).
    const local = this.best(fqdn, clientNamespace, (r) => r.namespace === clientNamespace, false);
    if (local !== undefined) return local;
    for (const ns of [serviceNamespace, this.rootNamespace]) {
      if (ns === undefined) continue;
      const found = this.best(fqdn, clientNamespace, (r) => r.namespace === ns, true);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** The merged policy toward (host, subset, port); defaults when no DestinationRule applies. */
  policy(fqdn: string, clientNamespace: string, serviceNamespace: string | undefined, subset?: string, port?: number): DestinationPolicy {
    return mergeDestinationPolicy(this.lookup(fqdn, clientNamespace, serviceNamespace), subset, port);
  }

  private best(fqdn: string, clientNamespace: string, keep: (r: CompiledDestinationRule) => boolean, checkExport: boolean): CompiledDestinationRule | undefined {
    let best: CompiledDestinationRule | undefined;
    let score = -1;
    for (const r of this.rules) {
      if (!keep(r) || (checkExport && !exportedTo(r.exportTo, r.namespace, clientNamespace)) || !hostMatches(r.host, fqdn)) continue;
      const s = hostSpecificity(r.host);
      if (s > score) {
        best = r;
        score = s;
      }
    }
    return best;
  }
}
