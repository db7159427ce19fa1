import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/policy/diagnostics.js';
import { compileStringMatch, matchString } from '../../src/policy/stringMatch.js';

const PATH = ['spec', 'http', 0, 'match', 0, 'uri'];
const compile = (raw: unknown, diag = new Diagnostics()) => compileStringMatch(raw, 'VirtualService', 'spec.http[].match[].uri', PATH, diag);

describe('StringMatch regex (§7.1 [EA-REGEX], issue 18)', () => {
  it('compiles an RE2 regex once, into a matcher that matches the whole value', () => {
    const diag = new Diagnostics();
    const m = compile({ regex: '(?i)/API/v[0-9]+' }, diag);
    expect(diag.items).toEqual([]);
    expect(m?.kind).toBe('regex');
    if (m === undefined) throw new Error('not compiled');
    expect(['/api/v1', '/API/V22', '/api/v1/x', 'x/api/v1', undefined].map((v) => matchString(m, v))).toEqual([true, true, false, false, false]);
  });

  it('refuses a pattern RE2 refuses: an error at the regex field with RE2\'s reason and what was expected', () => {
    const diag = new Diagnostics(3);
    expect(compile({ regex: '^(?!bot).*' }, diag)).toBeUndefined();
    expect(diag.items).toEqual([
      {
        severity: 'error',
        code: 'IST0106',
        resource: 3,
        path: [...PATH, 'regex'],
        message: 'invalid or unsupported Perl syntax: `(?!`',
        expected: 'an RE2 regular expression, matched against the whole value: RE2 has no lookahead, lookbehind or backreferences',
      },
    ]);
  });

  it('refuses what Istio\'s webhook refuses before RE2: an empty regex, and one over 1024 bytes of UTF-8', () => {
    const messages = (raw: unknown): string[] => {
      const diag = new Diagnostics();
      compile(raw, diag);
      return diag.items.map((d) => `${d.path.at(-1)}: ${d.message}`);
    };
    expect(messages({ regex: '' })).toEqual(['regex: regex string match should not be empty']);
    expect(messages({ regex: 'a'.repeat(1024) })).toEqual([]);
    expect(messages({ regex: 'a'.repeat(1025) })).toEqual(['regex: regex is too large (1025 bytes), max length allowed is 1024']);
    expect(messages({ regex: 'é'.repeat(513) })).toEqual(['regex: regex is too large (1026 bytes), max length allowed is 1024']);
  });

  it('regex "*" stays Istio\'s presence check (RE2 itself would refuse it)', () => {
    const diag = new Diagnostics();
    const m = compile({ regex: '*' }, diag);
    expect(diag.items).toEqual([]);
    expect(m).toEqual({ kind: 'present' });
  });
});
