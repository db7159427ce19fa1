import type { AnalysisContext } from '../analysisContext.js';

/** "the scenario has services a, b in namespace default": for messages about hosts that are not there. */
export function describeServices(ctx: AnalysisContext): string {
  const byNamespace = new Map<string, string[]>();
  for (const s of ctx.mesh.services) byNamespace.set(s.namespace, [...(byNamespace.get(s.namespace) ?? []), s.name]);
  if (byNamespace.size === 0) return `${ctx.mesh.source} has no services`;
  return `${ctx.mesh.source} has services ${[...byNamespace].map(([ns, names]) => `${abbreviate(names)} in namespace ${ns}`).join('; ')}`;
}

/** The first few names, then how many more. */
export function abbreviate(names: readonly string[], max = 8, separator = ', '): string {
  return names.length <= max ? names.join(separator) : `${names.slice(0, max).join(separator)} and ${names.length - max} more`;
}
