import type { AnalysisContext } from '../analysisContext.js';

const described = new WeakMap<AnalysisContext, string>();

/** "the scenario has services a, b in namespace default": for messages about hosts that are not there (built once per analysis). */
export function describeServices(ctx: AnalysisContext): string {
  let text = described.get(ctx);
  if (text === undefined) {
    text = describe(ctx);
    described.set(ctx, text);
  }
  return text;
}

function describe(ctx: AnalysisContext): string {
  const byNamespace = new Map<string, string[]>();
  for (const s of ctx.mesh.services) {
    const names = byNamespace.get(s.namespace);
    if (names === undefined) byNamespace.set(s.namespace, [s.name]);
    else names.push(s.name);
  }
  if (byNamespace.size === 0) return `${ctx.mesh.source} has no services`;
  return `${ctx.mesh.source} has services ${[...byNamespace].map(([ns, names]) => `${abbreviate(names)} in namespace ${ns}`).join('; ')}`;
}

/** The first few names, then how many more. */
export function abbreviate(names: readonly string[], max = 8, separator = ', '): string {
  return names.length <= max ? names.join(separator) : `${names.slice(0, max).join(separator)} and ${names.length - max} more`;
}
