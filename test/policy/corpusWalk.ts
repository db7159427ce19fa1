import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { analyzeResources } from '../../src/policy/analysis/analyzeResources.js';
import { manifestMeshView } from '../../src/policy/analysis/manifestMeshView.js';
import { sharedPath } from '../sharedFiles.js';
import { compilePolicy } from '../../src/policy/compilePolicy.js';
import type { Diagnostic } from '../../src/policy/diagnostics.js';
import { toIstioResource, type IstioResource } from '../../src/policy/manifest.js';

/** Where the shared Istio corpus sits beside the clone (tests read it through describeWithShared). */
export const CORPUS = 'istio-corpus';
export const corpusRoot = sharedPath(CORPUS);

export interface FileResult {
  readonly file: string;
  readonly resources: number;
  /** Compile errors: what Istio's validation would reject. */
  readonly errors: readonly Diagnostic[];
  readonly warnings: number;
  /** Everything compiling and analyzing the file reports (as `meshsim validate FILE` does). */
  readonly diagnostics: readonly Diagnostic[];
  /** YAML syntax errors (the file could not be parsed as written). */
  readonly yamlErrors: readonly string[];
}

export function listYamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listYamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

/**
 * Parses one file, compiles every document of it together and analyzes them against the
 * mesh the file declares (its Services and workloads, often none), as `meshsim validate
 * FILE` does.
 */
export function compileFile(path: string): FileResult {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  const yamlErrors: string[] = [];
  const resources: IstioResource[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      yamlErrors.push(...doc.errors.map((e) => e.message.split('\n')[0] ?? ''));
      continue;
    }
    const r = toIstioResource(doc.toJS(), resources.length);
    if (r !== undefined) resources.push(r);
  }
  const compiled = compilePolicy(resources);
  const { diagnostics } = compiled;
  const analysis = analyzeResources({ resources, compiled, mesh: manifestMeshView(resources) });
  return {
    file: relative(corpusRoot, path),
    resources: resources.length,
    errors: diagnostics.filter((d) => d.severity === 'error'),
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    diagnostics: [...diagnostics, ...analysis],
    yamlErrors,
  };
}
