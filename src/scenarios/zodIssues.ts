/**
 * Turns zod issues into located messages a person can act on.
 *
 * zod speaks in paths and codes; this file phrases each code for users ("missing
 * field", "unknown field", "wrong type") and locates it with locate.ts. The value at
 * the path is read from the parsed document, so messages can quote what was written.
 */
import type * as z from 'zod';
import type { LocatedMessage } from './inputError.js';
import { messageAt, type FieldPath, type SourceDocument } from './locate.js';
import { MessageLog } from './messageLog.js';
import { ALLOWED_KEYS_MARKER, describeValue } from './schemaHelpers.js';

type Issue = z.core.$ZodIssue;

const TYPE_PHRASES: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
  tuple: 'a list',
  record: 'a mapping (key: value)',
};

/** Located messages for the issues of a failed parse of `root` (the document's plain value), at most MessageLog's. */
export function issuesToMessages(source: SourceDocument, root: unknown, issues: ReadonlyArray<Issue>): LocatedMessage[] {
  const log = new MessageLog();
  addIssueMessages(log, source, root, issues);
  return log.messages();
}

/** Adds a located message per issue (per unknown key) to `log`, which builds only those it shows. */
export function addIssueMessages(log: MessageLog, source: SourceDocument, root: unknown, issues: ReadonlyArray<Issue>): void {
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') addUnknownKeys(log, source, issue);
    else if (issue.code === 'invalid_union' && !Array.isArray((issue as { options?: unknown[] }).options) && (issue.errors[0]?.length ?? 0) > 0) {
      // Plain unions are avoided in the schema (dispatch picks one form); report the first branch's issues.
      addIssueMessages(log, source, root, (issue.errors[0] as Issue[]).map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as Issue));
    } else log.add('error', () => issueToMessage(source, root, issue));
  }
}

/** One message per unknown key, at the key. */
function addUnknownKeys(log: MessageLog, source: SourceDocument, issue: z.core.$ZodIssueUnrecognizedKeys): void {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const allowed = issue.message.startsWith(ALLOWED_KEYS_MARKER) ? issue.message.slice(ALLOWED_KEYS_MARKER.length) : undefined;
  for (const key of issue.keys) {
    log.add('error', () =>
      messageAt(source, [...path, key], `unknown field "${key}"`, {
        at: 'key',
        ...(allowed === undefined ? {} : { expected: `one of: ${allowed}` }),
      }),
    );
  }
}

function issueToMessage(source: SourceDocument, root: unknown, issue: Issue): LocatedMessage {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const present = hasValueAt(root, path);
  const value = valueAt(root, path);
  const params = (issue as { params?: { expected?: unknown } }).params;
  const expectedParam = typeof params?.expected === 'string' ? params.expected : undefined;

  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_PHRASES[issue.expected] ?? issue.expected;
      if (!present) return missing(source, path, expected);
      const isScalar = value === null || typeof value !== 'object';
      const got = isScalar && value !== null ? `${describeValue(value)} is ${kindOf(value)}` : `got ${kindOf(value)}`;
      return messageAt(source, path, `wrong type: ${got}`, { expected });
    }
    case 'invalid_value': {
      const options = issue.values.map((v) => String(v)).join(', ');
      const expected = issue.values.length === 1 ? options : `one of: ${options}`;
      if (!present) return missing(source, path, expected);
      return messageAt(source, path, `${describeValue(value)} is not allowed`, { expected });
    }
    case 'invalid_union': {
      // A discriminated union (dist, kind) names the values it knows.
      const known = (issue as { options?: unknown[] }).options;
      if (Array.isArray(known)) {
        const expected = `one of: ${known.map(String).join(', ')}`;
        if (!present) return missing(source, path, expected);
        return messageAt(source, path, `${describeValue(value)} is not a known ${String(path[path.length - 1] ?? 'kind')}`, { expected });
      }
      return messageAt(source, path, 'is not valid', expectedParam === undefined ? {} : { expected: expectedParam });
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? `at least ${String(issue.minimum)}` : `at most ${String(issue.maximum)}`;
      const what = issue.origin === 'array' ? 'items' : issue.origin === 'string' ? 'characters' : '';
      return messageAt(source, path, `${describeValue(value)} is too ${issue.code === 'too_small' ? 'small' : 'big'}`, { expected: `${bound}${what ? ` ${what}` : ''}` });
    }
    default: {
      if (!present) return missing(source, path, expectedParam ?? 'a value');
      // Refinements phrase a predicate ("is out of range", "must be …"): prefix the scalar they judge.
      const scalar = value === null || typeof value !== 'object';
      const text = /^(is|must) /.test(issue.message) && present && scalar ? `${describeValue(value)} ${issue.message}` : issue.message;
      return messageAt(source, path, text, expectedParam === undefined ? {} : { expected: expectedParam });
    }
  }
}

/** A missing field is reported at the mapping that lacks it, naming the field. */
function missing(source: SourceDocument, path: FieldPath, expected: string): LocatedMessage {
  const field = path[path.length - 1];
  const parent = path.slice(0, -1);
  return messageAt(source, parent, `missing required field "${String(field)}"`, { expected: `${String(field)}: ${expected}` });
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a number' : 'a fractional number';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

function valueAt(root: unknown, path: FieldPath): unknown {
  let node: unknown = root;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

function hasValueAt(root: unknown, path: FieldPath): boolean {
  let node: unknown = root;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return false;
    if (!Object.prototype.hasOwnProperty.call(node, part)) return false;
    node = (node as Record<string | number, unknown>)[part];
  }
  return true;
}
