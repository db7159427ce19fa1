/**
 * `meshsim validate FILE…`: checks scenario files and plain Istio/Kubernetes manifests.
 *
 * A file whose first document has `kind: Scenario` is loaded like `meshsim run` would
 * (all its errors and warnings); any other YAML file is read as manifests and every
 * resource in it is listed with how meshsim treats it.
 */
import { InputError, sortMessages, type LocatedMessage } from './inputError.js';
import { addDiagnostics, addDocuments, emptyCollection, kindStatus, policyDiagnostics } from './istioResources.js';
import { loadParsedScenario } from './loadScenario.js';
import { MessageLog } from './messageLog.js';
import { readSourceText } from './sourceText.js';
import { parseYamlDocuments } from './yamlDocuments.js';

export interface ValidationResult {
  /** Errors and warnings of all files, each file's sorted by line. */
  readonly messages: LocatedMessage[];
  /** One human line per file (plus one per resource for manifest files). */
  readonly summaries: string[];
}

/** Validates each file; never throws for bad input (it becomes messages). */
export function validateFiles(files: ReadonlyArray<string>): ValidationResult {
  const messages: LocatedMessage[] = [];
  const summaries: string[] = [];
  for (const file of files) {
    const result = validateOne(file);
    messages.push(...sortMessages(result.messages));
    summaries.push(...result.summaries);
  }
  return { messages, summaries };
}

function validateOne(file: string): ValidationResult {
  let parsed;
  try {
    parsed = parseYamlDocuments(file, readSourceText(file));
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { messages: err.messages, summaries: [`${file}: ${countErrors(err.messages)}`] };
  }
  const first = parsed.documents[0]?.value;
  const isScenario = typeof first === 'object' && first !== null && (first as Record<string, unknown>)['kind'] === 'Scenario';
  if (isScenario) {
    try {
      const { scenario, warnings } = loadParsedScenario(file, parsed.documents, parsed.warnings);
      const services = plural(scenario.services.length, 'service');
      const traffic = plural(scenario.traffic.length, 'traffic source');
      const istio = plural(scenario.istio.length, 'Istio resource');
      return { messages: warnings, summaries: [`${file}: scenario ${scenario.name}, ${services}, ${traffic}, ${istio} — OK`] };
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      return { messages: err.messages, summaries: [`${file}: ${countErrors(err.messages)}`] };
    }
  }
  const collected = emptyCollection();
  addDocuments(collected, parsed.documents);
  const diagnostics = policyDiagnostics(collected);
  const log = new MessageLog();
  log.push(parsed.warnings);
  log.push(collected.messages);
  const firstSource = parsed.documents[0]?.source;
  if (firstSource !== undefined) addDiagnostics(log, diagnostics, collected.origins, firstSource);
  const messages = log.messages();
  const summaries = [`${file}: ${plural(collected.resources.length, 'Istio/Kubernetes resource')} — ${log.errors === 0 ? 'OK' : plural(log.errors, 'error')}`];
  // Diagnostics not tied to a resource count with the first.
  const counts = collected.resources.map(() => ({ errors: 0, warnings: 0 }));
  for (const d of diagnostics) {
    const c = counts[d.resource] ?? counts[0];
    if (c !== undefined) c[d.severity === 'error' ? 'errors' : 'warnings']++;
  }
  for (const r of collected.resources) {
    const status = kindStatus(r.kind);
    const name = r.metadata.name === '' ? '(unnamed)' : r.metadata.name;
    const { errors, warnings } = counts[r.index] ?? { errors: 0, warnings: 0 };
    const said = [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : ''].filter((x) => x !== '');
    summaries.push(`  ${r.kind}/${name}: ${status.status}${said.length > 0 ? ` (${said.join(', ')})` : ''}`);
  }
  return { messages, summaries };
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
