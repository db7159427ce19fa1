/**
 * Istio (and Kubernetes) resources that come with a scenario: the documents after
 * the Scenario document, and the files listed under `istio:`. Each resource remembers
 * the YAML document it came from, so policy diagnostics (a resource index and a path
 * inside the resource) become FILE:LINE:COL messages.
 */
import { statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { analyzeResources } from '../policy/analysis/analyzeResources.js';
import type { MeshView } from '../policy/analysis/meshView.js';
import { sharedPolicy } from '../policy/compilePolicy.js';
import type { Diagnostic } from '../policy/diagnostics.js';
import { isModeledKind, toIstioResource, type IstioResource } from '../policy/manifest.js';
import { notModeledKind } from '../policy/notModeledKinds.js';
import { InputError, type LocatedMessage } from './inputError.js';
import type { MessageLog } from './messageLog.js';
import { messageAt, type SourceDocument } from './locate.js';
import { MAX_FILE_BYTES, notRegular, readSourceText } from './sourceText.js';
import { parseYamlDocuments, type ParsedDocument } from './yamlDocuments.js';
import { resourceKey } from './suppression.js';

export interface CollectedResources {
  readonly resources: IstioResource[];
  /** origins[i] is the document resources[i] was read from. */
  readonly origins: SourceDocument[];
  readonly messages: LocatedMessage[];
}

/** Adds the resources of `documents` (empty documents skipped; a document without `kind` is an error). */
export function addDocuments(into: CollectedResources, documents: ReadonlyArray<ParsedDocument>): void {
  for (const d of documents) {
    if (d.value === null || d.value === undefined) continue;
    const resource = toIstioResource(d.value, into.resources.length);
    if (resource === undefined) {
      const isMapping = typeof d.value === 'object' && !Array.isArray(d.value);
      into.messages.push(
        messageAt(d.source, [], isMapping ? 'missing required field "kind": this is not a Kubernetes resource' : 'this document is not a Kubernetes resource (not a mapping)', {
          expected: 'a resource with apiVersion, kind, metadata and spec',
        }),
      );
      continue;
    }
    into.resources.push(resource);
    into.origins.push(d.source);
  }
}

/** Most files under `istio:` (each is read and parsed; a directory of manifests is rarely more). */
export const MAX_ISTIO_FILES = 1000;

/**
 * Reads the files listed under `istio:` (relative to the scenario file) into `into`,
 * at most MAX_FILE_BYTES of them together. A missing file, one that is not a regular
 * file, or one past the limits is an error at its list item in the scenario.
 */
export function addIstioFiles(into: CollectedResources, scenario: SourceDocument, paths: ReadonlyArray<string>): void {
  let bytesLeft = MAX_FILE_BYTES;
  if (paths.length > MAX_ISTIO_FILES) {
    into.messages.push(messageAt(scenario, ['istio', MAX_ISTIO_FILES], `${paths.length} files are listed`, { expected: `at most ${MAX_ISTIO_FILES} files (put the resources of several in one)` }));
    return;
  }
  paths.forEach((p, i) => {
    const resolved = isAbsolute(p) ? p : join(dirname(scenario.file), p);
    const refuse = (message: string, expected: string): void => void into.messages.push(messageAt(scenario, ['istio', i], message, { expected }));
    let stat;
    try {
      stat = statSync(resolved);
    } catch {
      return refuse(`file not found: ${resolved}`, 'a path to a YAML file, relative to the scenario file');
    }
    const kind = notRegular(stat);
    if (kind !== undefined) return refuse(`${resolved} is ${kind}, not a regular file`, 'a path to a YAML file, relative to the scenario file');
    if (stat.size > bytesLeft) {
      return refuse(`${resolved} (${stat.size} bytes) takes the istio: files over ${MAX_FILE_BYTES} bytes together`, `at most ${MAX_FILE_BYTES / (1024 * 1024)} MiB of Istio resources in all`);
    }
    try {
      const text = readSourceText(resolved, bytesLeft);
      bytesLeft -= Buffer.byteLength(text);
      const parsed = parseYamlDocuments(resolved, text);
      into.messages.push(...parsed.warnings);
      addDocuments(into, parsed.documents);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      into.messages.push(...err.messages);
    }
  });
}

export function emptyCollection(): CollectedResources {
  return { resources: [], origins: [], messages: [] };
}

/** A policy diagnostic → a located message at its resource's document. */
export function diagnosticToMessage(d: Diagnostic, origins: ReadonlyArray<SourceDocument>, fallback: SourceDocument): LocatedMessage {
  const origin = origins[d.resource];
  const located = messageAt(origin ?? fallback, origin === undefined ? [] : d.path, d.message, { severity: d.severity, code: d.code, ...(d.expected === undefined ? {} : { expected: d.expected }) });
  return origin === undefined ? located : { ...located, resource: documentResourceKey(origin) };
}

/** `Kind name.namespace` of the resource a document holds (suppression.ts). */
function documentResourceKey(origin: SourceDocument): string {
  const text = (path: string[]): string | undefined => {
    const v: unknown = origin.doc.getIn(path);
    return typeof v === 'string' ? v : undefined;
  };
  return resourceKey(text(['kind']) ?? '', text(['metadata', 'name']) ?? '', text(['metadata', 'namespace']));
}

/** Adds located diagnostics to `log` (built only if shown); `errorsOnly` skips warnings. */
export function addDiagnostics(log: MessageLog, diagnostics: ReadonlyArray<Diagnostic>, origins: ReadonlyArray<SourceDocument>, fallback: SourceDocument, errorsOnly = false): void {
  for (const d of diagnostics) {
    if (!errorsOnly || d.severity === 'error') log.add(d.severity, () => diagnosticToMessage(d, origins, fallback));
  }
}

/** How meshsim treats a resource's kind, for `validate` listings and warnings. */
export function kindStatus(kind: string): { readonly status: 'modeled' | 'not modeled' | 'unknown kind'; readonly why?: string } {
  if (isModeledKind(kind)) return { status: 'modeled' };
  const entry = notModeledKind(kind);
  if (entry !== undefined) return { status: 'not modeled', why: entry.why };
  return { status: 'unknown kind' };
}

/**
 * Compiles the resources with the policy compiler (src/policy/compilePolicy.ts) only to
 * judge them: its diagnostics (errors, not-modeled fields and kinds), in resource order,
 * to be located at the documents the resources were read from (diagnosticToMessage).
 * The compiled form is shared (sharedPolicy): the event budget and the run use it too.
 */
export function policyDiagnostics(collected: CollectedResources): readonly Diagnostic[] {
  return collected.resources.length === 0 ? [] : sharedPolicy(collected.resources).diagnostics;
}

/**
 * Judges the resources as `meshsim validate` does: compiles them, then runs the
 * analyzers of src/policy/analysis over them against the mesh they apply to. The
 * compiler's diagnostics first, then the analyzers', each in resource order.
 */
export function analyzedDiagnostics(collected: CollectedResources, mesh: MeshView): Diagnostic[] {
  if (collected.resources.length === 0) return [];
  const compiled = sharedPolicy(collected.resources);
  return [...compiled.diagnostics, ...analyzeResources({ resources: collected.resources, compiled, mesh })];
}
