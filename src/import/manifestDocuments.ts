/**
 * Reads Kubernetes manifest files as `kubectl apply -f` would take them: several YAML
 * documents per file (Helm output's `# Source:` comments and empty documents between
 * `---` included), `kind: List` wrappers unpacked into their items. Each object keeps
 * the YAML document (and, for List items, the node) it came from, so messages about it
 * are FILE:LINE:COL and Istio resources can be copied out with their comments.
 *
 * Anything that is not a Kubernetes object — a scalar, a mapping without apiVersion and
 * kind, a meshsim Scenario — is an error: importing it would silently drop it.
 */
import { Document, isMap, isSeq, type Node } from 'yaml';
import { InputError, type LocatedMessage } from '../scenarios/inputError.js';
import { messageAt, type FieldPath, type SourceDocument } from '../scenarios/locate.js';
import { readSourceText } from '../scenarios/sourceText.js';
import { parseYamlDocuments } from '../scenarios/yamlDocuments.js';

/** One Kubernetes object of the input, with where it was read. */
export interface ManifestObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  /** The object as plain data. */
  readonly value: Readonly<Record<string, unknown>>;
  /** Where it was read: a document whose root is this object (a List item gets its own, positions kept). */
  readonly source: SourceDocument;
}

export interface ManifestSet {
  readonly objects: ManifestObject[];
  readonly warnings: LocatedMessage[];
}

const EXPECTED_OBJECT = 'a Kubernetes object with apiVersion, kind and metadata.name';

/** Reads every file; throws InputError naming each file (and place) that is not a Kubernetes manifest. */
export function readManifests(files: ReadonlyArray<string>): ManifestSet {
  const objects: ManifestObject[] = [];
  const warnings: LocatedMessage[] = [];
  const errors: LocatedMessage[] = [];
  for (const file of files) {
    try {
      const parsed = parseYamlDocuments(file, readSourceText(file));
      warnings.push(...parsed.warnings);
      for (const d of parsed.documents) {
        if (d.value === null || d.value === undefined) continue;
        collect(d.source, [], d.value, d.source.doc.contents as Node | null, objects, errors);
      }
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      errors.push(...err.messages.map(withExpected));
    }
  }
  if (errors.length > 0) throw new InputError([...errors, ...warnings]);
  return { objects, warnings };
}

/** Syntax errors from the YAML parser get told what the file should have been. */
function withExpected(m: LocatedMessage): LocatedMessage {
  return m.expected === undefined && m.severity === 'error' ? { ...m, expected: 'a Kubernetes manifest (YAML)' } : m;
}

function collect(source: SourceDocument, path: FieldPath, value: unknown, node: Node | null, into: ManifestObject[], errors: LocatedMessage[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors.push(messageAt(source, path, `this document is ${Array.isArray(value) ? 'a list' : 'a scalar'}, not a Kubernetes object`, { expected: EXPECTED_OBJECT }));
    return;
  }
  const v = value as Record<string, unknown>;
  const apiVersion = v['apiVersion'];
  const kind = v['kind'];
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    const missing = typeof apiVersion !== 'string' ? 'apiVersion' : 'kind';
    errors.push(messageAt(source, path, `missing "${missing}": this is not a Kubernetes object`, { expected: EXPECTED_OBJECT }));
    return;
  }
  if (apiVersion.startsWith('meshsim/')) {
    errors.push(messageAt(source, [...path, 'kind'], `this is a meshsim ${kind}, not a Kubernetes manifest`, { expected: `${EXPECTED_OBJECT} (a scenario is the output of import k8s, not its input)` }));
    return;
  }
  if (kind === 'List' || (kind.endsWith('List') && Array.isArray(v['items']))) {
    const items = v['items'];
    if (!Array.isArray(items)) {
      errors.push(messageAt(source, [...path, 'items'], 'a List without an items list', { expected: 'items: a list of Kubernetes objects' }));
      return;
    }
    const itemNodes = isMap(node) ? node.get('items', true) : undefined;
    items.forEach((item, i) => {
      const itemNode = isSeq(itemNodes) ? (itemNodes.items[i] as Node | undefined) ?? null : null;
      collect(source, [...path, 'items', i], item, itemNode, into, errors);
    });
    return;
  }
  const metadata = typeof v['metadata'] === 'object' && v['metadata'] !== null ? (v['metadata'] as Record<string, unknown>) : {};
  const name = metadata['name'];
  if (typeof name !== 'string' || name === '') {
    errors.push(messageAt(source, [...path, 'metadata'], `${kind} without metadata.name`, { expected: EXPECTED_OBJECT }));
    return;
  }
  const namespace = typeof metadata['namespace'] === 'string' ? metadata['namespace'] : undefined;
  const own = path.length === 0 ? source : ownDocument(source, node);
  into.push({ apiVersion, kind, name, namespace, value: v, source: own });
}

/** A List item as a document of its own; its nodes keep their offsets, so positions still point into the file. */
function ownDocument(source: SourceDocument, node: Node | null): SourceDocument {
  const alone = new Document();
  alone.contents = node;
  return { file: source.file, doc: alone, lineCounter: source.lineCounter };
}
