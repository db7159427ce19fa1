/**
 * The last step every behaviour import shares: take the scenario to merge into (or a
 * new one whose header says what the source cannot tell), merge, and load the result
 * the way `meshsim run` will — so an import never hands back a file that does not load.
 */
import { readSourceText } from '../scenarios/sourceText.js';
import { basename, extname } from 'node:path';
import { parseAllDocuments, parseDocument, type Document } from 'yaml';
import { loadParsedScenario } from '../scenarios/loadScenario.js';
import { parseYamlDocuments } from '../scenarios/yamlDocuments.js';
import { toDnsLabel } from './dnsLabel.js';
import type { ImportOutcome } from './importKubernetes.js';
import { PLACEHOLDER, YAML_OUTPUT } from './scenarioComments.js';
import { mergeIntoScenario, type MergedService, type MergedTraffic } from './scenarioMerge.js';

export interface MergeTarget {
  /** The scenario to merge into (already loaded once by the caller); undefined: a new one. */
  readonly into: string | undefined;
  /** The path the result will be written to (relative `istio:` paths resolve from it). */
  readonly outFile: string;
  /** The imported file, named in a new scenario's header and giving its name. */
  readonly source: string;
  /** `import traces`, `import prometheus`: for the header. */
  readonly command: string;
  /** What the data is called in notes: "the traces", "the metrics". */
  readonly origin: string;
  /** What the source derives, for the header. */
  readonly derived: string;
}

/** Merges and loads; the notes are the merge's, plus which services the source did not mention. */
export function mergeIntoScenarioFile(target: MergeTarget, services: ReadonlyArray<MergedService>, traffic: ReadonlyArray<MergedTraffic>): Omit<ImportOutcome, 'warnings'> & { loadWarnings: ImportOutcome['warnings'] } {
  const docs = parseAllDocuments(target.into !== undefined ? readSourceText(target.into) : skeleton(target)) as Document[];
  const scenarioDoc = docs[0] as Document;
  const notes = mergeIntoScenario(scenarioDoc, services, traffic, target.origin);
  if (target.into !== undefined) {
    const imported = new Set(services.map((s) => s.name));
    for (const s of ((scenarioDoc.toJS() as { services?: { name: string }[] }).services ?? []).map((x) => x.name))
      if (!imported.has(s)) notes.push(`${s}: not in ${target.origin}: its serviceTime and calls are left as written`);
  }
  const text = docs.map((d) => d.toString(YAML_OUTPUT)).join('');
  const parsed = parseYamlDocuments(target.outFile, text);
  const loaded = loadParsedScenario(target.outFile, parsed.documents, parsed.warnings);
  return { text, notes, loadWarnings: loaded.warnings };
}

/** A new scenario: what the source cannot say is marked. */
function skeleton(target: MergeTarget): string {
  const name = toDnsLabel(basename(target.source, extname(target.source)), 'imported');
  const doc = parseDocument(
    [
      `# Imported by \`meshsim ${target.command}\` from ${target.source}.`,
      `# Derived: ${target.derived}.`,
      `# ${PLACEHOLDER} marks what it cannot say: replicas, concurrency, zones and the data plane`,
      '# (start from `meshsim import k8s` and merge into that file with --into to have them).',
      'apiVersion: meshsim/v1',
      'kind: Scenario',
      'metadata:',
      `  name: ${name}`,
      'simulation: {duration: 60s, warmup: 5s, seed: 1}',
      `dataPlane: none # ${PLACEHOLDER}: the data plane is not in the data (its times include whatever ran)`,
      '',
    ].join('\n'),
  );
  return doc.toString(YAML_OUTPUT);
}
