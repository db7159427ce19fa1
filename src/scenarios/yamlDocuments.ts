/**
 * Parses YAML text into documents that keep their source positions.
 *
 * The `yaml` package gives node ranges; a LineCounter turns offsets into line/column.
 * Syntax errors are reported with the parser's position. Alias expansion is bounded
 * (`maxAliasCount`): a "billion laughs" document is refused, not expanded.
 *
 * Positions are needed only where a message is located, and `yaml` reads about 0.5 MB/s
 * (a second for a 3,000-service scenario, five for one with its Istio resources): plain
 * YAML is read for its data by js-yaml (plainYaml.ts), and `yaml` parses the text only
 * when a document's nodes are first asked for (SourceDocument.doc / lineCounter).
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Document } from 'yaml';
import { InputError, messageAtStart, type LocatedMessage } from './inputError.js';
import type { SourceDocument } from './locate.js';
import { MessageLog } from './messageLog.js';
import { readPlainYaml } from './plainYaml.js';
import { meshsimMessages } from '../policy/analysis/messages.js';

/**
 * Most alias expansions allowed per document (yaml's own counter: each alias costs the
 * number of aliases inside what it points to). 100 is the package default; it lets a
 * scenario reuse a distribution by anchor dozens of times and stops exponential growth
 * after a few levels.
 */
export const MAX_ALIAS_COUNT = 100;

export interface ParsedDocument {
  readonly source: SourceDocument;
  /** The document as plain data (null for an empty document between `---` markers). */
  readonly value: unknown;
}

export interface ParsedFile {
  readonly documents: ParsedDocument[];
  /** Warnings from the parser (unresolved tags and the like). */
  readonly warnings: LocatedMessage[];
}

/** Parses every document of `text`. Throws InputError listing the syntax errors (or the alias bomb). */
export function parseYamlDocuments(file: string, text: string): ParsedFile {
  const plain = readPlainYaml(text);
  if (plain !== undefined) {
    const sources = lazySources(file, text, plain.length);
    return { documents: plain.map((value, i) => ({ source: sources[i] as SourceDocument, value })), warnings: [] };
  }
  const { docs: parsed, lineCounter } = parseWithPositions(text);
  const errors = new MessageLog();
  const warnings: LocatedMessage[] = [];
  const at = (offset: number, message: string, severity: 'error' | 'warning', expected?: string): LocatedMessage => {
    const pos = lineCounter.linePos(offset);
    const code = severity === 'warning' ? { code: meshsimMessages.YamlWarning.code } : {};
    return { file, line: pos.line, col: pos.col, path: '', message, severity, ...code, ...(expected === undefined ? {} : { expected }) };
  };

  for (const doc of parsed) {
    let exhausted = false;
    for (const e of doc.errors) {
      // The parser reports running out of stack (nesting a few hundred levels deep) at several places: once is enough.
      if (e.code === 'RESOURCE_EXHAUSTION' && !/alias/i.test(e.message)) {
        if (!exhausted) errors.add('error', () => at(e.pos[0], 'the YAML nests too deeply to be read (the parser ran out of stack here)', 'error', 'a scenario or manifest nested a few levels deep'));
        exhausted = true;
        continue;
      }
      errors.add('error', () => at(e.pos[0], syntaxMessage(e.code, e.message), 'error'));
    }
    for (const offset of duplicateKeys(doc)) errors.add('error', () => at(offset, syntaxMessage('DUPLICATE_KEY', ''), 'error'));
    for (const w of doc.warnings) warnings.push(at(w.pos[0], w.message, 'warning'));
  }
  if (errors.errors > 0) throw new InputError(errors.messages());
  if (parsed.length === 0) throw new InputError([messageAtStart(file, 'the file has no YAML document (only comments or blank lines)', 'a YAML document')]);

  const documents: ParsedDocument[] = [];
  for (const doc of parsed) {
    const source: SourceDocument = { file, doc, lineCounter };
    try {
      documents.push({ source, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown });
    } catch (err) {
      const offset = firstAliasOffset(doc) ?? doc.range?.[0] ?? 0;
      const text = err instanceof Error ? err.message : String(err);
      if (/alias count/i.test(text)) {
        errors.add('error', () =>
          at(
            offset,
            `YAML aliases expand too much (more than ${MAX_ALIAS_COUNT} expansions): refusing a possible alias bomb`,
            'error',
            'anchors and aliases (&x / *x) used a bounded number of times, not nested exponentially',
          ),
        );
      } else {
        errors.add('error', () => at(offset, `cannot read the document: ${text}`, 'error'));
      }
    }
  }
  if (errors.errors > 0) throw new InputError(errors.messages());
  return { documents, warnings };
}

function parseWithPositions(text: string): { docs: Document[]; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  // yaml's own uniqueKeys check compares each key with every earlier one (quadratic: a
  // mapping of 100,000 keys took minutes); duplicateKeys() below does it in one pass.
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  return { docs: Array.isArray(docs) ? (docs as Document[]) : [], lineCounter };
}

/**
 * The `count` documents of a text read by plainYaml.ts, their nodes parsed by `yaml`
 * (once for the file) when first asked for. plainYaml.ts reads only texts that `yaml`
 * reads without error or warning into the same documents, so document i is the same.
 */
function lazySources(file: string, text: string, count: number): SourceDocument[] {
  let parsed: { docs: Document[]; lineCounter: LineCounter } | undefined;
  const positions = () => (parsed ??= parseWithPositions(text));
  return Array.from({ length: count }, (_, i): SourceDocument => ({
    file,
    get doc() {
      return positions().docs[i] as Document;
    },
    get lineCounter() {
      return positions().lineCounter;
    },
  }));
}

/**
 * Offsets of the keys that repeat an earlier key of the same mapping (YAML requires
 * unique keys; yaml's rule: scalar keys of equal value). One pass over the document
 * with an explicit stack, so neither size nor depth costs more than linear time.
 */
function duplicateKeys(doc: Document): number[] {
  const out: number[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key) && !Number.isNaN(key.value)) {
          if (seen.has(key.value)) out.push(key.range?.[0] ?? 0);
          seen.add(key.value);
        }
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return out.sort((a, b) => a - b);
}

function syntaxMessage(code: string, message: string): string {
  if (code === 'DUPLICATE_KEY') return 'YAML syntax error: the same key appears twice in this mapping';
  return `YAML syntax error: ${message}`;
}

function firstAliasOffset(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (isAlias(node) && node.range) {
        offset = node.range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return offset;
}
