/**
 * Maps a field path inside a parsed YAML document back to a line and column.
 *
 * Schema issues, reference checks and policy diagnostics all speak in paths
 * (['services', 0, 'replicas']); only this file knows YAML nodes. When the path does
 * not exist in the document (a missing field), the deepest node that does exist is
 * used, so "missing field mean" points at the distribution object that lacks it.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { formatPath, type LocatedMessage } from './inputError.js';

export type FieldPath = ReadonlyArray<string | number>;

/** One YAML document of one file, with what is needed to turn offsets into positions. */
export interface SourceDocument {
  readonly file: string;
  readonly doc: Document;
  readonly lineCounter: LineCounter;
}

export interface Position {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly col: number;
}

/**
 * Position of `path` in the document: the value's start, or with `at: 'key'` the start
 * of the key that names it (where an unknown field is reported).
 */
export function locate(source: SourceDocument, path: FieldPath, at: 'value' | 'key' = 'value'): Position {
  let node: unknown = source.doc.contents;
  let offset = nodeStart(node) ?? documentStart(source.doc);
  for (let i = 0; i < path.length; i++) {
    const part = path[i];
    if (isAlias(node)) node = node.resolve(source.doc);
    let next: unknown;
    let keyOffset: number | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(part));
      if (pair) {
        keyOffset = nodeStart(pair.key);
        // `key:` with no value has a null value node without a range: fall back to the key.
        next = pair.value ?? pair.key;
      }
    } else if (isSeq(node) && typeof part === 'number') {
      next = node.items[part];
    }
    if (next === undefined) break;
    const last = i === path.length - 1;
    const start = last && at === 'key' && keyOffset !== undefined ? keyOffset : nodeStart(next) ?? keyOffset;
    if (start !== undefined) offset = start;
    node = next;
  }
  const pos = source.lineCounter.linePos(offset);
  return { line: pos.line, col: pos.col };
}

/** A located message at `path` of a document. */
export function messageAt(
  source: SourceDocument,
  path: FieldPath,
  message: string,
  options: { expected?: string; severity?: LocatedMessage['severity']; code?: string; at?: 'value' | 'key' } = {},
): LocatedMessage {
  const pos = locate(source, path, options.at ?? 'value');
  return {
    file: source.file,
    line: pos.line,
    col: pos.col,
    path: formatPath(path),
    message,
    severity: options.severity ?? 'error',
    ...(options.expected === undefined ? {} : { expected: options.expected }),
    ...(options.code === undefined ? {} : { code: options.code }),
  };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

function nodeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}

function documentStart(doc: Document): number {
  return doc.range?.[0] ?? 0;
}
