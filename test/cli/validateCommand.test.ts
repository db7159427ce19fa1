import { describe, expect, it } from 'vitest';
import type { ValidationJson } from '../../src/report/diagnosticsJson.js';
import { cli } from '../cliHarness.js';

const subsetTypo = 'test/fixtures/analysis/IST0101/trigger-subset.yaml';
const warningsOnly = 'test/fixtures/analysis/IST0174/trigger.yaml';

describe('a VirtualService routing to a subset no DestinationRule defines (issue 10)', () => {
  const located = `${subsetTypo}:35:48: spec.http[0].route[0].destination.subset: Referenced host+subset in destinationrule not found: "reviews+v9"`;

  it('fails `meshsim validate` with IST0101 at the subset', async () => {
    const r = await cli('validate', subsetTypo);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(located);
    expect(r.stderr).toMatch(/\[IST0101\]$/m);
    expect(r.stdout).toBe(`${subsetTypo}: 1 error\n`);
  });

  it('stops `meshsim run` the same way, before simulating anything (it used to fail every request with 503 UH, silently)', async () => {
    const r = await cli('run', subsetTypo, '--json', '-');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(located);
    expect(r.stdout).toBe('');
  });
});

describe('meshsim validate --json', () => {
  it('prints every diagnostic with file, line, column, severity, code and message, and exits 2 on an error', async () => {
    const r = await cli('validate', '--json', subsetTypo, warningsOnly);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout) as ValidationJson;
    expect(json.schema).toBe('meshsim.validate/v1');
    expect([json.errors, json.warnings, json.infos]).toEqual([1, 1, 0]);
    expect(json.diagnostics[0]).toEqual({
      file: subsetTypo,
      line: 35,
      column: 48,
      severity: 'error',
      code: 'IST0101',
      message: expect.stringMatching(/^Referenced host\+subset in destinationrule not found: "reviews\+v9" \(DestinationRule default\/reviews defines v1, v2\)/),
      path: 'spec.http[0].route[0].destination.subset',
    });
    expect(json.diagnostics[1]).toMatchObject({ file: warningsOnly, line: 23, column: 9, severity: 'warning', code: 'IST0174', path: 'spec.host' });
  });

  it('exits 0 when there are only warnings, and gives errors of the scenario format a null code', async () => {
    const ok = await cli('validate', '--json', warningsOnly);
    expect(ok.status).toBe(0);
    expect((JSON.parse(ok.stdout) as ValidationJson).errors).toBe(0);
    const bad = await cli('validate', '--json', 'test/fixtures/scenarios/bad/unknown-zone.yaml');
    expect(bad.status).toBe(2);
    expect((JSON.parse(bad.stdout) as ValidationJson).diagnostics).toEqual([expect.objectContaining({ line: 14, column: 11, severity: 'error', code: null })]);
  });
});

describe('Istio regexes are RE2 (issue 18)', () => {
  const lookahead = 'test/fixtures/analysis/IST0106/trigger-re2-lookahead.yaml';
  const located =
    `${lookahead}:35:33: spec.http[0].match[0].headers.user-agent.regex: invalid or unsupported Perl syntax: \`(?!\` ` +
    '(expected an RE2 regular expression, matched against the whole value: RE2 has no lookahead, lookbehind or backreferences) [IST0106]';

  it('`meshsim validate` refuses a lookahead (valid JavaScript, not RE2) with RE2\'s reason at the regex', async () => {
    const r = await cli('validate', lookahead);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')).toContain(located);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('`meshsim run` stops the same way and writes no results', async () => {
    const r = await cli('run', lookahead, '--json', '-');
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')).toContain(located);
    expect(r.stdout).toBe('');
  });
});
