import seedrandom from 'seedrandom';
import { parseAllDocuments } from 'yaml';
import { compilePolicy, type CompilePolicyOptions, type CompilePolicyResult } from '../../src/policy/compilePolicy.js';
import { toIstioResource, type IstioResource } from '../../src/policy/manifest.js';
import type { RandomSource } from '../../src/policy/randomSource.js';
import type { PolicyRequest, PolicySource } from '../../src/policy/request.js';

/** Parses multi-document YAML into resources, in order. */
export function resourcesFromYaml(text: string): IstioResource[] {
  const out: IstioResource[] = [];
  for (const doc of parseAllDocuments(text)) {
    const r = toIstioResource(doc.toJS(), out.length);
    if (r !== undefined) out.push(r);
  }
  return out;
}

export function compileYaml(text: string, options: CompilePolicyOptions = {}): CompilePolicyResult {
  return compilePolicy(resourcesFromYaml(text), options);
}

/** A request with defaults: GET / to `host` from a workload in `default`. */
export function request(overrides: Partial<Omit<PolicyRequest, 'source'>> & { source?: Partial<PolicySource> } = {}): PolicyRequest {
  const { source, ...rest } = overrides;
  return {
    host: 'reviews',
    method: 'GET',
    path: '/',
    headers: {},
    ...rest,
    source: { labels: { app: 'productpage' }, namespace: 'default', ...source },
  };
}

/** A seeded uniform source (alea, as the simulator uses). */
export function seeded(seed: string | number): RandomSource {
  const r = seedrandom.alea(String(seed));
  return { next: () => r() };
}

/** Replays fixed draws (then fails loudly): for exact, draw-by-draw assertions. */
export function scripted(...draws: number[]): RandomSource & { used: () => number } {
  let i = 0;
  return {
    next: () => {
      if (i >= draws.length) throw new Error(`scripted random source exhausted after ${draws.length} draws`);
      return draws[i++] as number;
    },
    used: () => i,
  };
}

export function errorsOf(r: CompilePolicyResult): string[] {
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.path.join('.')}: ${d.message}`);
}
export function warningsOf(r: CompilePolicyResult): string[] {
  return r.diagnostics.filter((d) => d.severity === 'warning').map((d) => `${d.path.join('.')}: ${d.message}`);
}

/** A PeerAuthentication document followed by `---` (mode undefined: empty spec). */
export const peerAuthenticationYaml = (name: string, ns: string, mode: string | undefined, extra = ''): string => `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ${name}, namespace: ${ns}}
spec:
${mode === undefined ? '  {}' : `  mtls: {mode: ${mode}}`}
${extra}
---`;
