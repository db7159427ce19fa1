/**
 * The regex engine meshsim had before issue 18, behind re2Regex.ts's interface, for
 * bench/cases/52-regex-routing.mjs only: a JavaScript RegExp anchored at both ends,
 * exactly what src/policy/stringMatch.ts compiled until then. The case bundles the
 * policy engine once with src/policy/re2Regex.ts and once with this file in its place,
 * so the two measurements differ in the regex engine and nothing else.
 */
export function compileRe2(pattern) {
  let re;
  try {
    re = new RegExp(`^(?:${pattern})$`);
  } catch (e) {
    return { ok: false, reason: e.message };
  }
  return { ok: true, regex: { source: pattern, matches: (value) => re.test(value) } };
}
