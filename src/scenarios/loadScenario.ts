/**
 * `loadScenario(file)`: the one entry point from a scenario file to a typed Scenario.
 *
 * Reads the file (refusing binary, empty and huge files), parses its YAML documents
 * with positions, checks the first is `apiVersion: meshsim/v1, kind: Scenario`,
 * validates it against the schema, gathers the Istio resources after it and under
 * `istio:`, and resolves names, defaults, cycles and the event budget. All problems
 * found are thrown together as one InputError (the first MAX_ERRORS_SHOWN of them and a
 * count of the rest); warnings come back with the scenario.
 */
import { InputError, type LocatedMessage } from './inputError.js';
import { addDiagnostics, addDocuments, addIstioFiles, analyzedDiagnostics, emptyCollection, policyDiagnostics } from './istioResources.js';
import { messageAt, type FieldPath, type SourceDocument } from './locate.js';
import { MessageLog } from './messageLog.js';
import { resolveScenario, type ProblemReport, type ScenarioOverrides } from './resolveScenario.js';
import type { Scenario } from './scenario.js';
import type { ScenarioCheck } from './scenarioCheck.js';
import { scenarioMeshView } from './scenarioMeshView.js';
import { scenarioSchema } from './scenarioSchema.js';
import { readSourceText } from './sourceText.js';
import { parseYamlDocuments, type ParsedDocument } from './yamlDocuments.js';
import { addIssueMessages } from './zodIssues.js';
import type { MessageType } from '../policy/analysis/messages.js';

export type { ScenarioOverrides } from './resolveScenario.js';

export interface LoadedScenario {
  readonly scenario: Scenario;
  /** Sorted by file, line, column. */
  readonly warnings: LocatedMessage[];
}

export const SCENARIO_API_VERSION = 'meshsim/v1';

/**
 * Loads and validates a scenario file. Overrides (CLI flags; durations in seconds)
 * replace the file's simulation settings before the event budget is checked; `checks`
 * (scenarioCheck.ts) add their warnings, located, to the file's.
 * Throws InputError with every error found (and the warnings found on the way).
 */
export function loadScenario(file: string, overrides: ScenarioOverrides = {}, checks: ReadonlyArray<ScenarioCheck> = []): LoadedScenario {
  const parsed = parseYamlDocuments(file, readSourceText(file));
  return loadParsedScenario(file, parsed.documents, parsed.warnings, overrides, checks);
}

/** The rest of loadScenario, for callers that already parsed the file (validateFiles). */
export function loadParsedScenario(
  file: string,
  documents: ReadonlyArray<ParsedDocument>,
  parserWarnings: ReadonlyArray<LocatedMessage>,
  overrides: ScenarioOverrides = {},
  checks: ReadonlyArray<ScenarioCheck> = [],
): LoadedScenario {
  const first = documents[0] as ParsedDocument;
  // Every error and warning goes through one bounded log: a file with 100,000 problems
  // is refused with the first of them, in time linear in the file.
  const log = new MessageLog();
  log.push(parserWarnings);
  const fail = (): never => {
    throw new InputError(log.messages());
  };

  log.push(checkHeader(first));
  if (log.errors > 0) fail();

  const result = scenarioSchema.safeParse(first.value);
  const istio = emptyCollection();
  addDocuments(istio, documents.slice(1));
  if (!result.success) {
    addIssueMessages(log, first.source, first.value, result.error.issues);
    // Inline Istio documents are still judged, so one pass reports every error.
    log.push(istio.messages.filter((m) => m.severity === 'error'));
    addDiagnostics(log, policyDiagnostics(istio), istio.origins, first.source, true);
    fail();
  }
  const raw = result.data!;
  addIstioFiles(istio, first.source, raw.istio ?? []);
  log.push(istio.messages);

  const report = reporter(first.source, log);
  const scenario = resolveScenario(raw, file, istio.resources, report, overrides);
  // The caller's checks run on a scenario that resolved without error only.
  if (scenario !== undefined && log.errors === 0) for (const check of checks) for (const f of check(scenario)) report.warn(f.path, f.message, f.type, f.expected);
  // With the scenario resolved, its Istio resources are analyzed against its mesh
  // (src/policy/analysis): an error there — a route to a subset no DestinationRule
  // defines — stops the run as any other error does.
  const diagnostics = scenario === undefined ? policyDiagnostics(istio) : analyzedDiagnostics(istio, scenarioMeshView(scenario));
  addDiagnostics(log, diagnostics, istio.origins, first.source);
  if (log.errors > 0 || scenario === undefined) fail();
  return { scenario: scenario as Scenario, warnings: log.messages() };
}

/** The first document must be a mapping with `apiVersion: meshsim/v1` and `kind: Scenario`. */
export function checkHeader(first: ParsedDocument): LocatedMessage[] {
  const value = first.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [messageAt(first.source, [], 'the first document is not a mapping', { expected: `a scenario starting with apiVersion: ${SCENARIO_API_VERSION} and kind: Scenario` })];
  }
  const v = value as Record<string, unknown>;
  const out: LocatedMessage[] = [];
  // A document of another kind (an Istio resource first) is named by its kind alone.
  const otherKind = 'kind' in v && v['kind'] !== 'Scenario';
  if (v['apiVersion'] !== SCENARIO_API_VERSION && !otherKind) {
    out.push(
      'apiVersion' in v
        ? messageAt(first.source, ['apiVersion'], `unsupported apiVersion ${JSON.stringify(v['apiVersion'])}`, { expected: SCENARIO_API_VERSION })
        : messageAt(first.source, [], 'missing required field "apiVersion"', { expected: `apiVersion: ${SCENARIO_API_VERSION}` }),
    );
  }
  if (v['kind'] !== 'Scenario') {
    out.push(
      'kind' in v
        ? messageAt(first.source, ['kind'], `the first document must be the scenario, but its kind is ${JSON.stringify(v['kind'])}`, { expected: 'kind: Scenario (Istio resources go after it, or under istio:)' })
        : messageAt(first.source, [], 'missing required field "kind"', { expected: 'kind: Scenario' }),
    );
  }
  return out;
}

function reporter(source: SourceDocument, log: MessageLog): ProblemReport {
  return {
    error: (path: FieldPath, message: string, expected?: string) => {
      log.add('error', () => messageAt(source, path, message, expected === undefined ? {} : { expected }));
    },
    warn: (path: FieldPath, message: string, type: MessageType, expected?: string) => {
      log.add(type.level, () => messageAt(source, path, message, { severity: type.level, code: type.code, ...(expected === undefined ? {} : { expected }) }));
    },
  };
}
