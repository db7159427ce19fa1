/**
 * `meshsim validate FILE…`: checks scenario files and plain Istio/Kubernetes manifests.
 *
 * A file whose first document has `kind: Scenario` is loaded like `meshsim run` would
 * (all its errors and warnings, its Istio resources analyzed against its services). The
 * other YAML files are read as manifests and judged together, as `istioctl analyze`
 * judges the files it is given: compiled, then analyzed against the mesh their
 * Kubernetes Services and workloads declare. Every resource is listed with how meshsim
 * treats it.
 */
import { manifestMeshView } from '../policy/analysis/manifestMeshView.js';
import type { Diagnostic } from '../policy/diagnostics.js';
import { InputError, sortMessages, type LocatedMessage } from './inputError.js';
import { addDiagnostics, addDocuments, analyzedDiagnostics, emptyCollection, kindStatus, type CollectedResources } from './istioResources.js';
import { loadParsedScenario } from './loadScenario.js';
import type { ScenarioCheck } from './scenarioCheck.js';
import { MessageLog } from './messageLog.js';
import { resourceKey, unmuted, type Suppression } from './suppression.js';
import { expandValidateInputs, inputName, readValidateInput } from './validateInputs.js';
import { parseYamlDocuments, type ParsedFile } from './yamlDocuments.js';

export interface ValidationResult {
  /** Errors, warnings and infos of all files, each file's sorted by line. */
  readonly messages: LocatedMessage[];
  /** One human line per file (plus one per resource for manifest files). */
  readonly summaries: string[];
}

/** A manifest file of the joint set: its resources are `first` to `end - 1` of the collection. */
interface ManifestFile {
  readonly file: string;
  readonly parsed: ParsedFile;
  readonly first: number;
  readonly end: number;
}

export interface ValidateOptions {
  /** Checks of each resolved scenario (scenarioCheck.ts) whose warnings join the file's. */
  readonly checks?: ReadonlyArray<ScenarioCheck>;
  /** Read the YAML files of directories below the ones given too (`-R`). */
  readonly recursive?: boolean;
  /** Warnings and infos to leave out (`--suppress`); the per-resource counts leave them out too. */
  readonly suppress?: Suppression;
}

const NOTHING_MUTED: Suppression = { mutes: () => false };

/**
 * Validates each file (`-` is standard input; a directory stands for its YAML files);
 * never throws for bad input (it becomes messages).
 */
export function validateFiles(args: ReadonlyArray<string>, options: ValidateOptions = {}): ValidationResult {
  const suppress = options.suppress ?? NOTHING_MUTED;
  const expanded = expandValidateInputs(args, options.recursive === true);
  const files = expanded.files.map(inputName);
  const results = new Map<string, ValidationResult>();
  const manifests = emptyCollection();
  const manifestFiles: ManifestFile[] = [];
  for (const [i, file] of files.entries()) {
    let parsed: ParsedFile;
    try {
      parsed = parseYamlDocuments(file, readValidateInput(expanded.files[i] as string));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      results.set(file, { messages: err.messages, summaries: [`${file}: ${countErrors(err.messages)}`] });
      continue;
    }
    const first = parsed.documents[0]?.value;
    if (typeof first === 'object' && first !== null && (first as Record<string, unknown>)['kind'] === 'Scenario') {
      results.set(file, validateScenario(file, parsed, options.checks ?? []));
      continue;
    }
    const start = manifests.resources.length;
    addDocuments(manifests, parsed.documents);
    manifestFiles.push({ file, parsed, first: start, end: manifests.resources.length });
  }
  for (const [file, result] of validateManifests(manifests, manifestFiles, suppress)) results.set(file, result);
  const messages: LocatedMessage[] = [...expanded.messages];
  const summaries: string[] = [];
  for (const file of new Set(files)) {
    const r = results.get(file);
    if (r === undefined) continue;
    messages.push(...sortMessages(unmuted(r.messages, suppress)));
    summaries.push(...r.summaries);
  }
  return { messages, summaries };
}

function validateScenario(file: string, parsed: ParsedFile, checks: ReadonlyArray<ScenarioCheck>): ValidationResult {
  try {
    const { scenario, warnings } = loadParsedScenario(file, parsed.documents, parsed.warnings, {}, checks);
    const services = plural(scenario.services.length, 'service');
    const traffic = plural(scenario.traffic.length, 'traffic source');
    const istio = plural(scenario.istio.length, 'Istio resource');
    return { messages: warnings, summaries: [`${file}: scenario ${scenario.name}, ${services}, ${traffic}, ${istio} — OK`] };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { messages: err.messages, summaries: [`${file}: ${countErrors(err.messages)}`] };
  }
}

/**
 * Judges all manifest files as one set; one result per file, each with its own bounded
 * log. Diagnostics about the set as a whole go with the first file.
 */
function validateManifests(collected: CollectedResources, files: readonly ManifestFile[], suppress: Suppression): Map<string, ValidationResult> {
  const out = new Map<string, ValidationResult>();
  const fallback = files.find((f) => f.parsed.documents[0] !== undefined)?.parsed.documents[0]?.source;
  const keyOf = (index: number): string | undefined => {
    const r = collected.resources[index];
    return r === undefined ? undefined : resourceKey(r.kind, r.metadata.name, r.metadata.namespace);
  };
  const diagnostics: Diagnostic[] = (fallback === undefined ? [] : analyzedDiagnostics(collected, manifestMeshView(collected.resources))).filter(
    (d) => d.severity === 'error' || !suppress.mutes(d.code, keyOf(d.resource)),
  );
  files.forEach((f, i) => {
    const mine = diagnostics.filter((d) => (d.resource >= f.first && d.resource < f.end) || (d.resource < 0 && i === 0));
    const log = new MessageLog();
    log.push(f.parsed.warnings);
    log.push(collected.messages.filter((m) => m.file === f.file));
    if (fallback !== undefined) addDiagnostics(log, mine, collected.origins, fallback);
    const summaries = [`${f.file}: ${plural(f.end - f.first, 'Istio/Kubernetes resource')} — ${log.errors === 0 ? 'OK' : plural(log.errors, 'error')}`];
    const counts = new Map<number, Record<Diagnostic['severity'], number>>();
    for (const d of mine) {
      const c = counts.get(d.resource) ?? { error: 0, warning: 0, info: 0 };
      c[d.severity]++;
      counts.set(d.resource, c);
    }
    for (const r of collected.resources.slice(f.first, f.end)) {
      const status = kindStatus(r.kind);
      const name = r.metadata.name === '' ? '(unnamed)' : r.metadata.name;
      const c = counts.get(r.index);
      const said = (['error', 'warning', 'info'] as const).flatMap((level) => (c !== undefined && c[level] > 0 ? [plural(c[level], level)] : []));
      summaries.push(`  ${r.kind}/${name}: ${status.status}${said.length > 0 ? ` (${said.join(', ')})` : ''}`);
    }
    out.set(f.file, { messages: log.messages(), summaries });
  });
  return out;
}

/** Errors among `messages`, those a summary stands for included. */
function countErrors(messages: ReadonlyArray<LocatedMessage>): string {
  let n = 0;
  for (const m of messages) if (m.severity === 'error') n += m.leftOut ?? 1;
  return plural(n, 'error');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
