/**
 * Parses YAML text into documents that keep their source positions.
 *
 * The `yaml` package gives node ranges; a LineCounter turns offsets into line/column.
 * Syntax errors are reported with the parser's position. Alias expansion is bounded
 * (`maxAliasCount`): a "billion laughs" document is refused, not expanded.
 */
import { isAlias, LineCounter, parseAllDocuments, visit, type Document } from 'yaml';
import { InputError, messageAtStart, type LocatedMessage } from './inputError.js';
import type { SourceDocument } from './locate.js';

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

/** Parses every document of `text`. Throws InputError listing all syntax errors (or the alias bomb). */
export function parseYamlDocuments(file: string, text: string): ParsedFile {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const parsed = Array.isArray(docs) ? (docs as Document[]) : [];
  const errors: LocatedMessage[] = [];
  const warnings: LocatedMessage[] = [];
  const at = (offset: number, message: string, severity: 'error' | 'warning', expected?: string): LocatedMessage => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, col: pos.col, path: '', message, severity, ...(expected === undefined ? {} : { expected }) };
  };

  for (const doc of parsed) {
    for (const e of doc.errors) errors.push(at(e.pos[0], syntaxMessage(e.code, e.message), 'error'));
    for (const w of doc.warnings) warnings.push(at(w.pos[0], w.message, 'warning'));
  }
  if (errors.length > 0) throw new InputError(errors);
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
        errors.push(
          at(
            offset,
            `YAML aliases expand too much (more than ${MAX_ALIAS_COUNT} expansions): refusing a possible alias bomb`,
            'error',
            'anchors and aliases (&x / *x) used a bounded number of times, not nested exponentially',
          ),
        );
      } else {
        errors.push(at(offset, `cannot read the document: ${text}`, 'error'));
      }
    }
  }
  if (errors.length > 0) throw new InputError(errors);
  return { documents, warnings };
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
