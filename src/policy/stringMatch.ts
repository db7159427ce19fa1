import type { Diagnostics, FieldPath } from './diagnostics.js';
import { readFields } from './supportMatrix.js';
import { describe, isObject } from './fieldReaders.js';
import { compileRe2, type Re2FullMatch } from './re2Regex.js';

/**
 * Istio StringMatch (exact | prefix | regex) as Envoy evaluates it (§7.1 [EA-RC][EA-REGEX]):
 * prefix is a plain string prefix, regex must match the whole string with RE2 syntax
 * (re2Regex.ts). An empty match `{}` — and regex "*", which Istio special-cases — mean
 * "present".
 */
export type StringMatcher =
  | { readonly kind: 'exact' | 'prefix'; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: 'regex'; readonly value: string; readonly re: Re2FullMatch }
  | { readonly kind: 'present' };

/** Istio's cap on a regex's length, in UTF-8 bytes (Go's len). */
const MAX_REGEX_BYTES = 1024;
const utf8 = new TextEncoder();
const RE2_EXPECTED = 'an RE2 regular expression, matched against the whole value: RE2 has no lookahead, lookbehind or backreferences';

/**
 * Compiles one StringMatch. `field` is its support-matrix path (so unknown keys warn);
 * `emptyExactIsPresence` is the queryParams rule (exact "" means presence).
 */
export function compileStringMatch(
  raw: unknown,
  kind: string,
  field: string,
  path: FieldPath,
  diag: Diagnostics,
  opts: { ignoreCase?: boolean; emptyExactIsPresence?: boolean } = {},
  /** Collects unknown keys instead of warning about them (see readFields). */
  unknown?: FieldPath[],
): StringMatcher | undefined {
  if (!isObject(raw)) {
    diag.error(path, `must be a match such as {exact: v}, {prefix: v} or {regex: v}, got ${describe(raw)}`, 'one of exact, prefix, regex');
    return undefined;
  }
  const o = readFields(kind, field, raw, path, diag, unknown);
  if (o === undefined) return undefined;
  const keys = (['exact', 'prefix', 'regex'] as const).filter((k) => o[k] !== undefined && o[k] !== null);
  if (keys.length === 0) return { kind: 'present' };
  if (keys.length > 1) {
    diag.error(path, `sets ${keys.join(' and ')}; a match takes exactly one`, 'one of exact, prefix, regex');
    return undefined;
  }
  const k = keys[0] as 'exact' | 'prefix' | 'regex';
  const v = o[k];
  if (typeof v !== 'string') {
    diag.error([...path, k], `must be a string, got ${describe(v)}`, 'a string');
    return undefined;
  }
  if (k === 'regex') {
    if (v === '*') return { kind: 'present' };
    // Istio's webhook (validateStringMatchRegexp [II-VAL]) refuses these before RE2 sees them;
    // the length cap stands in for Envoy's RE2 program-size limit, which is always larger.
    if (v === '') return (diag.error([...path, k], 'regex string match should not be empty', RE2_EXPECTED), undefined);
    const bytes = utf8.encode(v).length;
    if (bytes > MAX_REGEX_BYTES) return (diag.error([...path, k], `regex is too large (${bytes} bytes), max length allowed is ${MAX_REGEX_BYTES}`, RE2_EXPECTED), undefined);
    const compiled = compileRe2(v);
    if (compiled.ok) return { kind: 'regex', value: v, re: compiled.regex };
    diag.error([...path, k], compiled.reason, RE2_EXPECTED);
    return undefined;
  }
  if (k === 'exact' && v === '' && opts.emptyExactIsPresence) return { kind: 'present' };
  const ignoreCase = opts.ignoreCase === true;
  return { kind: k, value: ignoreCase ? v.toLowerCase() : v, ignoreCase };
}

/** Evaluates a matcher against a value; `undefined` means the value is absent. */
export function matchString(m: StringMatcher, value: string | undefined): boolean {
  if (value === undefined) return false;
  switch (m.kind) {
    case 'present':
      return true;
    case 'regex':
      return m.re.matches(value);
    case 'exact':
      return (m.ignoreCase ? value.toLowerCase() : value) === m.value;
    case 'prefix':
      return (m.ignoreCase ? value.toLowerCase() : value).startsWith(m.value);
  }
}
