import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';

/**
 * An Istio regex as Envoy evaluates it: Google RE2 syntax (no lookaround, no
 * backreferences; `(?i)`, `\pL`, `[[:alpha:]]`, `\Q…\E` allowed), matched against the
 * whole value, not a substring (§7.1 [EA-REGEX]: "The regex is matched against the full
 * string, not as a partial match"; Envoy calls RE2::FullMatch). Envoy's RE2 reads the
 * pattern and the value as UTF-8, so `.` is one code point, never half a surrogate pair.
 *
 * Compiled once, with the policy; a match costs one DFA pass over the value (re2js,
 * a port of RE2/J: same parser and error reasons as Go's regexp/syntax). re2js can
 * also evaluate lookbehinds, an extension RE2 does not have; it is off unless asked
 * for (RE2JS.LOOKBEHINDS), and meshsim never asks.
 */
export interface Re2FullMatch {
  /** The pattern as written. */
  readonly source: string;
  /** Whether the whole of `value` matches (RE2::FullMatch). */
  matches(value: string): boolean;
}

export type Re2CompileResult =
  | { readonly ok: true; readonly regex: Re2FullMatch }
  /** `reason` is RE2's, e.g. "missing closing ): `(a`". */
  | { readonly ok: false; readonly reason: string };

/** Compiles `pattern` with RE2 syntax; never throws for a bad pattern. */
export function compileRe2(pattern: string): Re2CompileResult {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern);
  } catch (e) {
    if (e instanceof RE2JSSyntaxException) return { ok: false, reason: e.input === null ? e.error : `${e.error}: \`${e.input}\`` };
    if (e instanceof RE2JSException) return { ok: false, reason: e.message };
    throw e;
  }
  return { ok: true, regex: { source: pattern, matches: (value) => compiled.testExact(value) } };
}
