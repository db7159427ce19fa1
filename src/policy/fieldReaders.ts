import type { Diagnostics, FieldPath } from './diagnostics.js';
import { meshsimMessages } from './analysis/messages.js';

/**
 * Typed readers for YAML values inside Istio resources. Each reports a located error
 * (and returns undefined) when the value has the wrong type, so compilers read fields
 * in one line and never throw.
 */

/** True for a plain (non-null, non-array) object. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A short description of a YAML value for error messages. */
export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

export function readString(v: unknown, path: FieldPath, diag: Diagnostics): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  diag.error(path, `must be a string, got ${describe(v)}`, 'a string');
  return undefined;
}

export function readBoolean(v: unknown, path: FieldPath, diag: Diagnostics): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  diag.error(path, `must be true or false, got ${describe(v)}`, 'a boolean');
  return undefined;
}

/**
 * A number; protojson also accepts integers written as strings ("80"), which some
 * manifests do. `integer` rejects fractions.
 */
export function readNumber(v: unknown, path: FieldPath, diag: Diagnostics, opts: { integer?: boolean; min?: number; max?: number } = {}): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
  const kind = opts.integer ? 'an integer' : 'a number';
  const range = opts.min !== undefined && opts.max !== undefined ? ` between ${opts.min} and ${opts.max}` : opts.min !== undefined ? ` >= ${opts.min}` : '';
  if (!Number.isFinite(n) || (opts.integer && !Number.isInteger(n))) {
    diag.error(path, `must be ${kind}, got ${describe(v)}`, `${kind}${range}`);
    return undefined;
  }
  if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
    diag.error(path, `${n} is out of range`, `${kind}${range}`);
    return undefined;
  }
  return n;
}

/** A list; each element is handed to `item` with its path. Non-lists are an error. */
export function readList<T>(v: unknown, path: FieldPath, diag: Diagnostics, item: (x: unknown, p: FieldPath) => T | undefined): T[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) {
    diag.error(path, `must be a list, got ${describe(v)}`, 'a list');
    return undefined;
  }
  const out: T[] = [];
  v.forEach((x, i) => {
    const r = item(x, [...path, i]);
    if (r !== undefined) out.push(r);
  });
  return out;
}

export function readStringList(v: unknown, path: FieldPath, diag: Diagnostics): string[] | undefined {
  return readList(v, path, diag, (x, p) => readString(x, p, diag));
}

/** A map of string → string (labels, matchLabels). Numbers/booleans are stringified like Kubernetes would reject; we accept them with their text. */
export function readStringMap(v: unknown, path: FieldPath, diag: Diagnostics): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) {
    diag.error(path, `must be a mapping of names to strings, got ${describe(v)}`, 'a mapping such as {app: reviews}');
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'string') out[k] = x;
    else if (typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
    else diag.error([...path, k], `must be a string, got ${describe(x)}`, 'a string');
  }
  return out;
}

/** An unknown field outside the parts that admit traffic: reported and ignored, as a cluster would prune it (failClosed.ts). */
export function warnUnknownField(path: FieldPath, kind: string, diag: Diagnostics): void {
  diag.warn(path, `unknown field "${String(path[path.length - 1])}" for ${kind}; ignored (a cluster would prune it)`, meshsimMessages.UnknownField);
}
