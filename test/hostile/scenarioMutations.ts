/**
 * The fuzzer's generator: structural mutations of valid scenario files (issue 20).
 *
 * A case starts from one file of the corpus (the shipped scenarios and the test
 * fixtures whose first document is a Scenario), parsed into plain data, and applies a
 * few mutations: delete a node, duplicate a list item, retype a value, rename a key,
 * splice in a subtree taken from any file of the corpus (Istio samples included), or —
 * on the YAML text — truncate it, drop or repeat a line, or insert a character that
 * means something to YAML. fast-check draws the choices, so every case is replayed from
 * the seed and path it prints.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = ReadonlyArray<string | number>;

/** One corpus file: its documents as plain data, `istio:` paths made absolute. */
export interface CorpusFile {
  readonly file: string;
  readonly documents: Json[];
}

/** Folders whose YAML files seed the fuzzer (relative to the repository root). */
export const CORPUS_DIRS = [
  'scenarios',
  'scenarios/istio',
  'test/fixtures/scenarios/valid',
  'test/fixtures/scenarios/valid/bookinfo',
  'test/fixtures/proxy',
  'test/fixtures/dataplane',
  'test/fixtures/determinism',
  'test/fixtures/diff',
  'test/fixtures/check',
  'test/experiments/fixtures',
];

/** Every YAML file of CORPUS_DIRS that parses, as data. Scenario files are those whose first document has `kind: Scenario`. */
export function readCorpus(root: string): { scenarios: CorpusFile[]; all: CorpusFile[] } {
  const all: CorpusFile[] = [];
  for (const dir of CORPUS_DIRS) {
    const abs = join(root, dir);
    let names: string[];
    try {
      names = readdirSync(abs).filter((f) => /\.ya?ml$/.test(f) && statSync(join(abs, f)).isFile());
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      const file = join(abs, name);
      const docs = parseAllDocuments(readFileSync(file, 'utf8'));
      if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) continue;
      all.push({ file, documents: docs.map((d) => absoluteIstioPaths(d.toJS() as Json, dirname(file))) });
    }
  }
  const scenarios = all.filter((f) => isScenario(f.documents[0]));
  return { scenarios, all };
}

function isScenario(doc: Json | undefined): boolean {
  return doc !== null && typeof doc === 'object' && !Array.isArray(doc) && doc['kind'] === 'Scenario';
}

/** A scenario's `istio:` list with paths made absolute, so a mutant written elsewhere still finds the files. */
function absoluteIstioPaths(doc: Json, dir: string): Json {
  if (!isScenario(doc)) return doc;
  const scenario = doc as { [key: string]: Json };
  const istio = scenario['istio'];
  if (!Array.isArray(istio)) return doc;
  return { ...scenario, istio: istio.map((p) => (typeof p === 'string' && !isAbsolute(p) ? resolve(dir, p) : p)) };
}

export type Mutation =
  | { readonly op: 'delete'; readonly target: number }
  | { readonly op: 'duplicate'; readonly target: number }
  | { readonly op: 'retype'; readonly target: number; readonly value: Json }
  | { readonly op: 'tweak'; readonly target: number; readonly factor: number; readonly duration: string }
  | { readonly op: 'rename'; readonly target: number; readonly name: string }
  | { readonly op: 'splice'; readonly target: number; readonly donor: number; readonly from: number }
  | { readonly op: 'grow'; readonly target: number; readonly times: number }
  | { readonly op: 'derive'; readonly target: number; readonly from: number; readonly suffix: string }
  | { readonly op: 'text'; readonly edit: 'truncate' | 'drop-line' | 'repeat-line' | 'insert'; readonly at: number; readonly char: string };

/** Values a field may be retyped to: other types, edge numbers, and strings that look like units or keywords. */
const strangeValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.string({ maxLength: 12 }),
  fc.constantFrom<Json>(0, -1, 1e308, -1e308, 2 ** 53 + 2, 4294967297, 1e-300, 0.5, 1.5, 1e9, '', ' ', '0s', '-1s', '1e400ms', '1ms', '100h', '10000h', 'unlimited', 'auto', 'never', 'p99', '1e9/s', '64GiB', '1e30KiB', 'NaN', 'Infinity', '~', 'null', 'true', 'a/b', 'UPPER', 'x'.repeat(100), [], {}, null, true),
);

/** Keys a field may be renamed to: keys of the format (so a field lands where it does not belong) and near-misses. */
const keyName = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('name', 'service', 'services', 'calls', 'parallel', 'count', 'probability', 'replicas', 'versions', 'serviceTime', 'servicetime', 'dist', 'mean', 'kind', 'at', 'for', 'rate', 'zone', 'zones', 'to', 'istio', 'spec', 'http', 'route', 'destination', 'host', 'subset', 'weight', 'retries', 'timeout', '<<', 'apiVersion', 'metadata', 'check', 'slo'),
);

/** Durations a duration may become: zero, tiny, long. */
const duration = fc.constantFrom('0s', '1us', '0.1ms', '1ms', '50ms', '1s', '30s', '10m', '2h');

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // Keeps the file's shape but moves a number or a duration to an edge: what the engine, not the loader, must survive.
  { weight: 4, arbitrary: fc.record({ op: fc.constant('tweak' as const), target: fc.nat(), factor: fc.constantFrom(0, 0.001, 0.5, 2, 10, 1000, 1e6), duration }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), target: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicate' as const), target: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('retype' as const), target: fc.nat(), value: strangeValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('rename' as const), target: fc.nat(), name: keyName }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('splice' as const), target: fc.nat(), donor: fc.nat(), from: fc.nat() }) },
  // Many copies of a list item or a mapping's entry, renamed so each is new: services by the thousand chained below the original, floods of fields.
  { weight: 1, arbitrary: fc.record({ op: fc.constant('grow' as const), target: fc.nat(), times: fc.constantFrom(3, 30, 300, 6000) }) },
  // A string becomes another string of the file with a suffix: names that collide once joined, duplicates, dangling references.
  { weight: 2, arbitrary: fc.record({ op: fc.constant('derive' as const), target: fc.nat(), from: fc.nat(), suffix: fc.constantFrom('', '/replica', '/work', '/default', '→x', '-2', 'X', '.v1', ' ') }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('text' as const),
      edit: fc.constantFrom('truncate' as const, 'drop-line' as const, 'repeat-line' as const, 'insert' as const),
      at: fc.nat(),
      char: fc.constantFrom(':', '-', ' ', '\t', '{', '}', '[', ']', ',', '#', '&a ', '*a', '!!binary ', '%', '|', '>', '"', "'", '\n', '---\n', '\u00e9', '\ufeff'),
    }),
  },
);

/**
 * Every path in a value, parents before children, in document order (the whole file's
 * documents are [0], [1], …). Iterative, and without spreading a subtree's paths into
 * push(): a grown document has hundreds of thousands of paths, more than a call's arguments.
 */
function paths(value: Json): Path[] {
  const out: Path[] = [];
  const stack: Array<{ path: Path; node: Json }> = [{ path: [], node: value }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { path, node } = top;
    out.push(path);
    const children: Array<[string | number, Json]> = Array.isArray(node)
      ? node.map((v, i): [number, Json] => [i, v])
      : node !== null && typeof node === 'object'
        ? Object.entries(node)
        : [];
    for (let i = children.length - 1; i >= 0; i--) {
      const [key, child] = children[i] as [string | number, Json];
      stack.push({ path: [...path, key], node: child });
    }
  }
  return out;
}

function get(root: Json, path: Path): Json {
  let node: Json = root;
  for (const p of path) node = (node as Record<string | number, Json>)[p] as Json;
  return node;
}

function set(root: Json, path: Path, value: Json): void {
  const parent = get(root, path.slice(0, -1)) as Record<string | number, Json>;
  parent[path[path.length - 1] as string | number] = value;
}

/** Applies the structural mutations to the documents (never removing a whole document). */
export function mutateDocuments(documents: Json[], mutations: ReadonlyArray<Mutation>, donors: ReadonlyArray<CorpusFile>): Json[] {
  let docs = structuredClone(documents);
  for (const m of mutations) docs = mutateOnce(docs, m, donors);
  return docs;
}

function mutateOnce(docs: Json[], m: Mutation, donors: ReadonlyArray<CorpusFile>): Json[] {
  if (m.op === 'text') return docs;
  const inner = paths(docs).filter((p) => p.length > 1);
  const pick = (candidates: Path[], n: number): Path | undefined => candidates[n % Math.max(1, candidates.length)];
  if (m.op === 'duplicate') {
    const lists = paths(docs).filter((p) => p.length > 1 && Array.isArray(get(docs, p)) && (get(docs, p) as Json[]).length > 0);
    const path = pick(lists, m.target);
    if (path === undefined) return docs;
    const list = get(docs, path) as Json[];
    list.push(structuredClone(list[m.target % list.length] as Json));
    return docs;
  }
  const path = pick(inner, m.target);
  if (path === undefined) return docs;
  const parent = get(docs, path.slice(0, -1));
  const key = path[path.length - 1] as string | number;
  switch (m.op) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete (parent as Record<string, Json>)[key];
      return docs;
    case 'retype':
      set(docs, path, m.value);
      return docs;
    case 'tweak': {
      // The first number or duration at or after the drawn path.
      const leaves = inner.filter((p) => typeof get(docs, p) === 'number' || isDuration(get(docs, p)));
      const leaf = leaves.find((p) => inner.indexOf(p) >= inner.indexOf(path)) ?? leaves[0];
      if (leaf === undefined) return docs;
      const value = get(docs, leaf);
      set(docs, leaf, typeof value === 'number' ? tweakNumber(value, m.factor) : m.duration);
      return docs;
    }
    case 'splice': {
      const donor = donors[m.donor % Math.max(1, donors.length)];
      if (donor === undefined) return docs;
      const from = pick(paths(donor.documents).filter((p) => p.length > 1), m.from);
      if (from !== undefined) set(docs, path, structuredClone(get(donor.documents, from)));
      return docs;
    }
    case 'grow': {
      // Named list items (services, versions, zones, traffic sources, subsets) first; else any entry.
      const named = inner.filter((p) => typeof p[p.length - 1] === 'number' && typeof (get(docs, p) as Record<string, Json> | null)?.['name'] === 'string');
      const at = m.target % 2 === 0 ? pick(named, m.target >> 1) ?? path : path;
      const container = get(docs, at.slice(0, -1));
      const entry = at[at.length - 1] as string | number;
      if (Array.isArray(container)) {
        const item = container[entry as number] as Json;
        for (let k = 1; k <= m.times; k++) container.push(renamedCopy(item, k, m.times));
      } else {
        const obj = container as Record<string, Json>;
        for (let k = 1; k <= m.times; k++) obj[`${entry}${k}`] = structuredClone(obj[entry] as Json);
      }
      return docs;
    }
    case 'derive': {
      const strings = inner.filter((p) => typeof get(docs, p) === 'string');
      const to = pick(strings, m.target);
      const from = pick(strings, m.from);
      if (to !== undefined && from !== undefined) set(docs, to, `${get(docs, from) as string}${m.suffix}`);
      return docs;
    }
    case 'rename': {
      if (Array.isArray(parent)) return docs;
      const obj = parent as Record<string, Json>;
      const value = obj[key] as Json;
      delete obj[key];
      obj[m.name] = value;
      return docs;
    }
  }
}

/**
 * Copy `k` (of `times`) of a list item: its name becomes `name-k`, and the services it
 * calls become copy k + 1 (the last copy keeps the original callees). Copies of a
 * service that calls another so form a chain `times` deep below the original's callee.
 */
function renamedCopy(item: Json, k: number, times: number): Json {
  const name = item !== null && typeof item === 'object' && !Array.isArray(item) && typeof item['name'] === 'string' ? item['name'] : undefined;
  if (name === undefined) return structuredClone(item);
  const rewrite = (value: Json, key: string | undefined): Json => {
    if (typeof value === 'string') return key === 'service' && k < times ? `${name}-${k + 1}` : value;
    if (Array.isArray(value)) return value.map((v) => rewrite(v, undefined));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key2, v]) => [key2, rewrite(v, key2)]));
    return value;
  };
  const copy = Object.fromEntries(Object.entries(item as Record<string, Json>).map(([key, v]) => [key, rewrite(v, key)]));
  return { ...copy, name: `${name}-${k}` };
}

function isDuration(value: Json): boolean {
  return typeof value === 'string' && /^\d+(\.\d+)?(us|ms|s|m|h)$/.test(value);
}

/** A number scaled by `factor`, kept an integer when it was one (counts, replicas) and a fraction when it was one. */
function tweakNumber(value: number, factor: number): number {
  const scaled = value === 0 ? factor : value * factor;
  if (Number.isInteger(value)) return Math.round(scaled);
  return value <= 1 && value >= 0 ? Math.min(1, scaled) : scaled;
}

/** The documents as one YAML file (`---` between them), then the text mutations. */
export function renderFile(documents: ReadonlyArray<Json>, mutations: ReadonlyArray<Mutation>): string {
  let text = documents.map((d) => stringify(d)).join('---\n');
  for (const m of mutations) if (m.op === 'text') text = editText(text, m);
  return text;
}

function editText(text: string, m: Extract<Mutation, { op: 'text' }>): string {
  const offset = m.at % Math.max(1, text.length);
  if (m.edit === 'truncate') return text.slice(0, offset);
  if (m.edit === 'insert') return text.slice(0, offset) + m.char + text.slice(offset);
  const lines = text.split('\n');
  const i = m.at % lines.length;
  if (m.edit === 'drop-line') lines.splice(i, 1);
  else lines.splice(i, 0, lines[i] as string);
  return lines.join('\n');
}
