/**
 * Reads a trace export from disk: size-checked, decoded, parsed as one JSON document or
 * as JSON lines, then read by traceFormats.ts. Syntax errors and skipped spans become
 * FILE:LINE:COL messages; positions inside the JSON come from re-reading it with the
 * `yaml` parser (JSON is YAML), done only when there is something to report and the
 * file is small enough to afford it.
 */
import { LineCounter, parseDocument } from 'yaml';
import { InputError, messageAtStart, type LocatedMessage } from '../scenarios/inputError.js';
import { messageAt } from '../scenarios/locate.js';
import { decodeText, readSourceBytes } from '../scenarios/sourceText.js';
import { readTraceDocuments, UnknownTraceFormat, type TraceFile } from './traceFormats.js';

/** Largest trace file read: 256 MiB (about a million spans; V8 strings stop near 512 MiB). */
export const MAX_TRACE_BYTES = 256 * 1024 * 1024;
/** Above this size, positions of skipped spans are not looked up (a second parse would cost seconds). */
const MAX_LOCATED_BYTES = 10 * 1024 * 1024;

const EXPECTED = 'OTLP/JSON (resourceSpans → scopeSpans → spans) or a Jaeger JSON export (data[].spans)';

export interface ReadTraces {
  readonly traces: TraceFile;
  readonly warnings: LocatedMessage[];
}

/** Reads `file`; throws InputError when it is missing, too large, not JSON, or in neither format. */
export function readTraceFile(file: string): ReadTraces {
  const text = decodeText(file, readSourceBytes(file, MAX_TRACE_BYTES, `${EXPECTED}, sampled down`));
  const documents = parseJson(file, text);
  let traces: TraceFile;
  try {
    traces = readTraceDocuments(documents);
  } catch (err) {
    if (!(err instanceof UnknownTraceFormat)) throw err;
    throw new InputError([messageAtStart(file, `this is ${err.message}`, EXPECTED)]);
  }
  const warnings = skippedWarnings(file, text, traces);
  if (traces.spans.length === 0) throw new InputError([messageAtStart(file, 'the file holds no usable span', EXPECTED), ...warnings]);
  return { traces, warnings };
}

/** One JSON document, or one per non-empty line (the OTLP file exporter's layout). */
function parseJson(file: string, text: string): unknown[] {
  try {
    return [JSON.parse(text) as unknown];
  } catch (whole) {
    const lines = text.split('\n');
    const documents: unknown[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      if (line.trim() === '') continue;
      try {
        documents.push(JSON.parse(line) as unknown);
      } catch {
        // Neither one document nor JSON lines: report the first error of the whole text.
        throw new InputError([syntaxError(file, text, whole)]);
      }
    }
    return documents;
  }
}

function syntaxError(file: string, text: string, err: unknown): LocatedMessage {
  const reason = err instanceof Error ? err.message : String(err);
  let line = 1;
  let col = 1;
  const lineCounter = new LineCounter();
  const offset = errorOffset(text, reason);
  if (offset !== undefined) {
    lineCounter.addNewLine(0);
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
    ({ line, col } = lineCounter.linePos(offset));
  } else if (text.length <= MAX_LOCATED_BYTES) {
    const first = parseDocument(text, { lineCounter }).errors[0];
    if (first !== undefined) ({ line, col } = lineCounter.linePos(first.pos[0]));
  }
  return { file, line, col, path: '', message: `not JSON: ${reason.replace(/, (?:\.\.\.)?"[\s\S]*$/, '')}`, expected: EXPECTED, severity: 'error' };
}

/**
 * Where V8's JSON.parse failed: "at position N" when it says so; else from the excerpt
 * it quotes (`Unexpected token '}', ..."source": }..." is not valid JSON`), which V8
 * cuts 10 characters either side of the bad token (json-parser.cc,
 * kMaxContextCharacters), with "..." where it cut.
 */
function errorOffset(text: string, reason: string): number | undefined {
  const position = /position (\d+)/.exec(reason);
  if (position !== null) return Number(position[1]);
  const quoted = /, (\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON/.exec(reason);
  const excerpt = quoted?.[2];
  if (quoted === null || excerpt === undefined || excerpt === '') return undefined;
  const at = text.indexOf(excerpt);
  if (at < 0 || text.indexOf(excerpt, at + 1) >= 0) return undefined;
  if (quoted[1] !== undefined) return at + 10;
  // Not cut before: the excerpt starts the text, and the token is its first occurrence there.
  const token = /Unexpected token '(.)'/.exec(reason)?.[1];
  const inExcerpt = token === undefined ? -1 : excerpt.indexOf(token);
  return inExcerpt >= 0 ? at + inExcerpt : undefined;
}

/** One warning per kind of problem (the first span's position, and how many), not one per span. */
function skippedWarnings(file: string, text: string, traces: TraceFile): LocatedMessage[] {
  const byMessage = new Map<string, { path: (string | number)[]; count: number }>();
  for (const s of traces.skipped) {
    const seen = byMessage.get(s.message);
    if (seen === undefined) byMessage.set(s.message, { path: s.path, count: 1 });
    else seen.count++;
  }
  if (byMessage.size === 0) return [];
  const lineCounter = new LineCounter();
  const located = text.length <= MAX_LOCATED_BYTES && !/^\s*\{.*\}\s*\n\s*\{/s.test(text);
  const source = located ? { file, doc: parseDocument(text, { lineCounter }), lineCounter } : undefined;
  return [...byMessage].map(([message, { path, count }]) => {
    const text = `${message}: ${count === 1 ? 'skipped' : `${count} such spans skipped (the first here)`}`;
    return source !== undefined ? messageAt(source, path, text, { severity: 'warning' }) : { ...messageAtStart(file, `${path.join('.')}: ${text}`), severity: 'warning' as const };
  });
}
