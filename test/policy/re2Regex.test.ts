import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRe2, type Re2FullMatch } from '../../src/policy/re2Regex.js';

function compiled(pattern: string): Re2FullMatch {
  const r = compileRe2(pattern);
  if (!r.ok) throw new Error(`${pattern}: ${r.reason}`);
  return r.regex;
}

function refusal(pattern: string): string {
  const r = compileRe2(pattern);
  if (r.ok) throw new Error(`${pattern} was accepted`);
  return r.reason;
}

describe('RE2 syntax, not JavaScript RegExp (issue 18)', () => {
  it('accepts (?i), which JavaScript refuses, and matches case-insensitively', () => {
    const pattern = '(?i).*chrome.*';
    expect(() => new RegExp(pattern)).toThrow(); // the old engine refused it
    const ua = compiled(pattern);
    expect(ua.matches('Mozilla Chrome/1')).toBe(true);
    expect(ua.matches('Mozilla Firefox/1')).toBe(false);
    expect(ua.source).toBe('(?i).*chrome.*');
  });

  it('refuses lookahead, lookbehind and backreferences, which JavaScript accepts, with RE2\'s reason', () => {
    for (const p of ['^(?!bot).*', '(?=x)x', '(?<=x)y', '(?<!x)y', '(a)\\1']) expect(() => new RegExp(p)).not.toThrow();
    expect(refusal('^(?!bot).*')).toBe('invalid or unsupported Perl syntax: `(?!`');
    expect(refusal('(?=x)x')).toBe('invalid or unsupported Perl syntax: `(?=`');
    // re2js can evaluate lookbehinds as an opt-in extension; RE2 (and so Envoy) cannot.
    expect(refusal('(?<=x)y')).toMatch(/^invalid named capture/);
    expect(refusal('(?<!x)y')).toMatch(/^invalid named capture/);
    expect(refusal('(a)\\1')).toBe('invalid escape sequence: `\\1`');
  });

  it('reports the usual syntax errors with the offending part', () => {
    expect(refusal('(unclosed')).toBe('missing closing ): `(unclosed`');
    expect(refusal('a)')).toBe('unexpected ): `a)`');
    expect(refusal('[z-a]')).toBe('invalid character class range: `z-a`');
    expect(refusal('x**')).toBe('invalid nested repetition operator: `**`');
    expect(refusal('a{1001}')).toBe('invalid repeat count: `{1001}`'); // RE2 caps counted repetition at 1000
    expect(refusal('a\\')).toBe('trailing backslash at end of expression');
  });

  it('accepts the RE2 forms real manifests use: POSIX classes, \\pL, \\Q…\\E, (?P<name>), escaped punctuation', () => {
    expect(compiled('[[:alpha:]]+').matches('abc')).toBe(true);
    expect(compiled('[[:alpha:]]+').matches('ab1')).toBe(false);
    expect(compiled('\\Q.*\\E').matches('.*')).toBe(true);
    expect(compiled('\\Q.*\\E').matches('abc')).toBe(false);
    expect(compiled('(?P<v>v[0-9]+)').matches('v12')).toBe(true);
    expect(compiled('\\/(.?)\\/status').matches('/a/status')).toBe(true); // Istio's own regex-route test input
  });
});

describe('full-string match, as Envoy applies safe_regex (§7.1 [EA-REGEX])', () => {
  it('a regex matching only a prefix, a suffix or a middle part does not match', () => {
    expect(compiled('/v[0-9]+').matches('/v12')).toBe(true);
    expect(compiled('/v[0-9]+').matches('/v12/x')).toBe(false);
    expect(compiled('Chrome').matches('Chrome/1')).toBe(false);
    expect(compiled('Chrome').matches('Mozilla Chrome')).toBe(false);
    expect(compiled('Chrome').matches('Chrome')).toBe(true);
  });

  it('the whole alternation is anchored, not only its ends (a|ab matches "ab"; a|b does not match "ab")', () => {
    expect(compiled('a|ab').matches('ab')).toBe(true);
    expect(compiled('a|b').matches('ab')).toBe(false);
    expect(compiled('^a$|^b$').matches('b')).toBe(true);
  });

  it('matches in linear time: a pattern that backtracks exponentially in JavaScript ((a+)+b on a long run of a) answers at once', () => {
    // With the old `^(?:(a+)+b)$` RegExp this input takes ~2^5000 steps; it used to be able to hang a run.
    const nested = compiled('(a+)+b');
    expect(nested.matches('a'.repeat(5000))).toBe(false);
    expect(nested.matches(`${'a'.repeat(5000)}b`)).toBe(true);
  });

  it('the empty value matches only a pattern that matches the empty string', () => {
    expect(compiled('.*').matches('')).toBe(true);
    expect(compiled('.+').matches('')).toBe(false);
  });

  /**
   * On the regex syntax JavaScript and RE2 share (literals, ., classes, *, +, ?, |,
   * groups) and ASCII values without newlines, RE2's full match is what the previous
   * `^(?:p)$` JavaScript RegExp computed: the change of engine keeps the semantics
   * there and differs only where the two syntaxes do.
   */
  it('agrees with an anchored JavaScript RegExp on their common syntax (property, seed 18)', () => {
    const atom = fc.constantFrom('a', 'b', 'c', 'x', '.', '[ab]', '[^a]', '\\d', '\\w', '\\s');
    const piece = fc.tuple(atom, fc.constantFrom('', '*', '+', '?', '{1,2}')).map(([a, q]) => a + q);
    const seq = fc.array(piece, { minLength: 1, maxLength: 4 }).map((ps) => ps.join(''));
    const pattern = fc.array(seq, { minLength: 1, maxLength: 3 }).map((alts) => (alts.length === 1 ? alts[0] as string : `(${alts.join('|')})`));
    const value = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x', '1', ' ', '_'), maxLength: 8 });
    let matched = 0;
    fc.assert(
      fc.property(pattern, value, (p, v) => {
        const re2 = compiled(p).matches(v);
        if (re2) matched++;
        return re2 === new RegExp(`^(?:${p})$`).test(v);
      }),
      { seed: 18, numRuns: 2000 },
    );
    // Not vacuous: both outcomes occur often.
    expect(matched).toBeGreaterThan(100);
    expect(matched).toBeLessThan(1900);
  });
});

describe('Unicode and character classes as RE2 reads them (UTF-8, code points)', () => {
  it('. is one code point, so it matches an emoji outside the BMP (a JavaScript RegExp without /u saw two units)', () => {
    expect(compiled('.').matches('😀')).toBe(true);
    expect(new RegExp('^(?:.)$').test('😀')).toBe(false);
    expect(compiled('a.b').matches('a😀b')).toBe(true);
  });

  it('. does not match a newline (RE2 default), (?s) makes it', () => {
    expect(compiled('a.b').matches('a\nb')).toBe(false);
    expect(compiled('(?s)a.b').matches('a\nb')).toBe(true);
  });

  it('\\w and \\d are ASCII; \\pL and \\p{Greek} are Unicode; (?i) folds non-ASCII letters', () => {
    expect(compiled('\\w+').matches('abc_1')).toBe(true);
    expect(compiled('\\w+').matches('é')).toBe(false);
    expect(compiled('\\d').matches('٣')).toBe(false);
    expect(compiled('\\pL+').matches('Ünïcödé')).toBe(true);
    expect(compiled('\\p{Greek}+').matches('αβγ')).toBe(true);
    expect(compiled('\\p{Greek}+').matches('abc')).toBe(false);
    expect(compiled('(?i)é').matches('É')).toBe(true);
  });
});
