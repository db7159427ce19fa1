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
  /** Rules with an exact host, by host, oldest first; an exact host beats any wildcard. */
  private readonly exact = new Map<string, CompiledDestinationRule[]>();
  /** Rules with a wildcard host, oldest first. */
  private readonly wildcards: CompiledDestinationRule[] = [];

  constructor(rules: readonly CompiledDestinationRule[], private readonly rootNamespace: string) {
    for (const r of mergeDestinationRules([...rules].sort(olderFirst))) {
      if (r.host.startsWith('*')) this.wildcards.push(r);
      else {
        const key = r.host.toLowerCase();
        const list = this.exact.get(key);
        if (list === undefined) this.exact.set(key, [r]);
        else list.push(r);
      }
    }
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
    const usable = (r: CompiledDestinationRule): boolean => keep(r) && (!checkExport || exportedTo(r.exportTo, r.namespace, clientNamespace));
    // The oldest usable rule for the exact host wins outright (looked up, not scanned:
    // analysis asks once per route of thousands of VirtualServices).
    const exact = this.exact.get(fqdn.toLowerCase())?.find(usable);
    if (exact !== undefined) return exact;
    let best: CompiledDestinationRule | undefined;
    let score = -1;
    for (const r of this.wildcards) {
      if (!usable(r) || !hostMatches(r.host, fqdn)) continue;
      const s = hostSpecificity(r.host);
      if (s > score) {
        best = r;
        score = s;
      }
    }
    return best;
  }
}
