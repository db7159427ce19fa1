import { isObject } from '../../fieldReaders.js';
import type { Analyzer } from '../analyzer.js';
import { stringList, type AnalysisContext } from '../analysisContext.js';
import { istioMessages } from '../messages.js';

/**
 * Source namespaces an AuthorizationPolicy rule names must exist (Istio authz/
 * authorizationpolicies.go analyzeNamespaceNotFound): a rule that allows or denies a
 * namespace nobody calls from is a typo more often than not. Patterns `*`, `prefix*` and
 * `*suffix` are matched as Istio does. The namespaces that exist are the mesh's and
 * those of the input's resources.
 */
export const authorizationNamespaces: Analyzer = {
  name: 'authorizationpolicy.namespaces',
  description: 'source namespaces of AuthorizationPolicy rules exist',
  messages: [istioMessages.ReferencedResourceNotFound],
  inputs: ['AuthorizationPolicy'],
  needsMesh: true,
  analyze(ctx: AnalysisContext): void {
    const namespaces = new Set([...ctx.mesh.namespaces, ...ctx.resources.map((r) => ctx.namespaceOf(r))]);
    for (const ap of ctx.istio('AuthorizationPolicy')) {
      const rules = ctx.spec(ap)['rules'];
      (Array.isArray(rules) ? rules : []).forEach((rule, i) => {
        const from = isObject(rule) ? rule['from'] : undefined;
        (Array.isArray(from) ? from : []).forEach((f, j) => {
          const source = isObject(f) && isObject(f['source']) ? f['source'] : {};
          for (const field of ['namespaces', 'notNamespaces'] as const) {
            (stringList(source[field]) ?? []).forEach((ns, k) => {
              if ([...namespaces].some((n) => namespaceMatches(n, ns))) return;
              ctx.report(ap, ['spec', 'rules', i, 'from', j, 'source', field, k], istioMessages.ReferencedResourceNotFound, `Referenced namespace not found: "${ns}" (namespaces: ${[...namespaces].sort().join(', ')})`);
            });
          }
        });
      });
    }
  },
};

/** Istio's namespace pattern: `*`, `prefix*`, `*suffix`, or the name (case-insensitive). */
function namespaceMatches(namespace: string, pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return namespace.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return namespace.startsWith(pattern.slice(0, -1));
  return namespace.toLowerCase() === pattern.toLowerCase();
}
