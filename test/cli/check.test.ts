import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cliHarness.js';

const chain = join(import.meta.dirname, '..', 'fixtures', 'check', 'three-service-chain.yaml');
const tmp = () => mkdtempSync(join(tmpdir(), 'meshsim-check-cli-'));

/** The chain scenario with its check: section replaced by `check`. */
function withCheck(check: string): string {
  const text = readFileSync(chain, 'utf8').replace(/^check:\n(?: {2}.*\n)+/m, `check:\n${check}\n`);
  const file = join(tmp(), 'scenario.yaml');
  writeFileSync(file, text);
  return file;
}

describe('meshsim check', () => {
  it('exits 1 with the counterexample, its replay seed and command, and writes a scenario that meshsim run reproduces', async () => {
    const dir = tmp();
    const out = join(dir, 'counterexample.yaml');
    const r = await cli('check', chain, '--out', out, '--json', join(dir, 'check.json'));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('COUNTEREXAMPLE');
    expect(r.stdout).toMatch(/kind: crash {2}target: db/);
    expect(r.stdout).toContain(`meshsim run ${out}`);
    expect(r.stdout).toContain('replay seed 3');
    const json = JSON.parse(readFileSync(join(dir, 'check.json'), 'utf8'));
    expect(json.schema).toBe('meshsim.check/v1');
    expect(json.holds).toBe(false);
    expect(json.counterexample.faults[0]).toMatchObject({ kind: 'crash', service: 'db', replicas: 1 });
    // Same scenario and seed: the same search, byte for byte (outside the replay commands, which name the files).
    const again = await cli('check', chain, '--json', '-');
    const withoutReplay = (text: string): string => JSON.stringify({ ...JSON.parse(text), counterexample: { ...JSON.parse(text).counterexample, replay: null } });
    expect(withoutReplay(again.stdout)).toBe(withoutReplay(readFileSync(join(dir, 'check.json'), 'utf8')));
    const run = await cli('run', out, '--json', '-');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).endToEnd.availability).toBe(json.counterexample.properties[0].estimate);
  });

  it('exits 0 when every point holds, saying how much of the space it covered', async () => {
    const r = await cli('check', chain, '--property', 'services.web.availability >= 0%');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('every point held: the baseline and 3 single faults at their worst');
  });

  it.each([
    ['an unknown metric', ['--property', 'p42 < 1s'], /--property 'p42 < 1s': column 1: 'p42' is not a metric/],
    ['an unknown service', ['--property', 'services.nope.p99 < 1s'], /names service "nope", which the scenario does not have/],
  ])('refuses a property over %s (exit 2)', async (_what, flags, message) => {
    const r = await cli('check', chain, ...flags);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it.each([
    ['an inverted range', '  faults: [{kind: crash, service: db, at: {min: 5s, max: 1s}}]', /check\.faults\[0\]\.at\.min: min 5s is greater than max 1s: the range is empty/],
    ['a fault kind the contract does not have', '  faults: [{kind: meteor, service: db, at: 1s}]', /check\.faults\[0\]\.kind/],
    ['a target that does not exist', '  faults: [{kind: slowdown, service: [db, nope], factor: 2, at: 1s}]', /check\.faults\[0\]\.service\[1\]: unknown service "nope"/],
    ['a zone that does not exist', '  faults: [{kind: zone-outage, zone: mars, at: 1s}]', /check\.faults\[0\]\.zone: unknown zone "mars"/],
    ['a property over an unknown service', "  properties: ['services.nope.p99 < 1s']", /check\.properties\[0\]: .*names service "nope"/],
  ])('refuses %s with a located message (exit 2)', async (_what, check, message) => {
    const r = await cli('check', withCheck(check));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/scenario\.yaml:\d+:\d+: /);
    expect(r.stderr).toMatch(message);
  });
});

describe('meshsim check without a check: section', () => {
  it('judges the scenario as it is, once, when only --property is given', async () => {
    const file = join(tmp(), 'plain.yaml');
    writeFileSync(file, readFileSync(chain, 'utf8').replace(/^check:\n(?: {2}.*\n)+/m, ''));
    const r = await cli('check', file, '--property', 'availability >= 99%', '--json', '-');
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.holds).toBe(true);
    expect(json.points).toBe(1);
    expect(json.search.runs).toBe(0);
  });
});
