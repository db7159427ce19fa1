import type { CompiledPolicy } from '../compilePolicy.js';
import type { Diagnostic } from '../diagnostics.js';
import type { IstioResource } from '../manifest.js';
import { AnalysisContext, type AnalysisOptions } from './analysisContext.js';
import type { Analyzer } from './analyzer.js';
import { allAnalyzers } from './analyzers/index.js';
import { meshsimMessages } from './messages.js';
import type { MeshView } from './meshView.js';

/**
 * The analysis pass, after compilation: runs every analyzer over the resources a
 * cluster would hold — those validation accepts, the last of each name, and none that
 * is ignored (an unserved apiVersion) — against the mesh they apply to. Analyzers that
 * need the mesh are skipped when the input declares none, with one note saying which.
 */
export interface AnalysisInput {
  readonly resources: readonly IstioResource[];
  /** What compilePolicy said of them, and what it built. */
  readonly compiled: { readonly policy: CompiledPolicy; readonly diagnostics: readonly Diagnostic[] };
  readonly mesh: MeshView;
  readonly options?: AnalysisOptions;
  /** Default: all of them. */
  readonly analyzers?: readonly Analyzer[];
}

/** Codes whose resource a cluster would not hold as written. */
const NOT_APPLIED = new Set([meshsimMessages.ResourceReplaced.code, meshsimMessages.UnservedApiVersion.code]);

export function analyzeResources(input: AnalysisInput): Diagnostic[] {
  const rejected = new Set(input.compiled.diagnostics.filter((d) => d.severity === 'error' || NOT_APPLIED.has(d.code)).map((d) => d.resource));
  const applied = input.resources.filter((r) => !rejected.has(r.index));
  const ctx = new AnalysisContext(applied, input.mesh, input.compiled.policy, input.options);
  const skipped: string[] = [];
  for (const analyzer of input.analyzers ?? allAnalyzers) {
    if (analyzer.needsMesh && !input.mesh.complete) {
      if (analyzer.inputs.some((kind) => ctx.istio(kind).length > 0)) skipped.push(analyzer.name);
      continue;
    }
    analyzer.analyze(ctx);
  }
  if (skipped.length > 0) {
    ctx.report(
      undefined,
      [],
      meshsimMessages.MeshNotDeclared,
      `the input declares no Kubernetes Services or workloads, so references to hosts, workloads and namespaces, and to subsets of hosts without a DestinationRule in the input, were not checked (${skipped.join(', ')}); validate them with the manifests that define the mesh, or in a scenario`,
    );
  }
  return ctx.diagnostics;
}
