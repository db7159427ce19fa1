/**
 * Services, versions, zones, regions and traffic sources are named as Kubernetes names
 * them: DNS-1123 labels (issue 20: a source "users/replica" beside "users" ended a run
 * with exit 70 when their random streams took the same name). A name that is not a
 * label is refused where it is written.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LABEL_EXPECTED } from '../../src/scenarios/schemaHelpers.js';
import { cli } from '../cliHarness.js';

const dir = mkdtempSync(join(tmpdir(), 'meshsim-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scenario = (services: string, traffic = '  - {to: api, rate: 10}', zones = '') =>
  `apiVersion: meshsim/v1
kind: Scenario
metadata: {name: names}
simulation: {duration: 1s}
${zones}services:
${services}
traffic:
${traffic}
`;

async function refusal(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, text);
  const { status, stderr } = await cli('run', file, '--quiet');
  expect(status).toBe(2);
  expect(stderr).not.toMatch(/internal error|^\s+at /m);
  return stderr.replaceAll(file, 'FILE').trimEnd();
}

describe('names', () => {
  it('refuses a traffic source "users/replica" beside "users"', async () => {
    const text = scenario('  - {name: api, serviceTime: 1ms}', '  - {name: users, to: api, rate: 10}\n  - {name: users/replica, to: api, rate: 10}');
    expect(await refusal('traffic.yaml', text)).toBe(`FILE:9:12: traffic[1].name: "users/replica" is not a valid name: it contains "/" (expected ${LABEL_EXPECTED})`);
  });

  it('refuses a version "v9/default"', async () => {
    const text = scenario('  - name: api\n    serviceTime: 1ms\n    versions: [{name: v9/default}]');
    expect(await refusal('version.yaml', text)).toBe(`FILE:8:23: services[0].versions[0].name: "v9/default" is not a valid name: it contains "/" (expected ${LABEL_EXPECTED})`);
  });

  it('says what is wrong with a service, zone or region name', async () => {
    const long = 'a'.repeat(64);
    const text = scenario(
      `  - {name: Api, serviceTime: 1ms}\n  - {name: ${long}, serviceTime: 1ms}\n  - {name: -api, serviceTime: 1ms}\n  - {name: "", serviceTime: 1ms}`,
      '  - {to: api, rate: 10}',
      'zones:\n  - {name: eu_west, region: europe.west}\n',
    );
    expect((await refusal('many.yaml', text)).split('\n')).toEqual([
      `FILE:6:12: zones[0].name: "eu_west" is not a valid name: it contains "_" (expected ${LABEL_EXPECTED})`,
      `FILE:6:29: zones[0].region: "europe.west" is not a valid name: it contains "." (expected ${LABEL_EXPECTED})`,
      `FILE:8:12: services[0].name: "Api" is not a valid name: it has upper-case letters (expected ${LABEL_EXPECTED})`,
      `FILE:9:12: services[1].name: "${long.slice(0, 40)}…" is not a valid name: it is 64 characters long (expected ${LABEL_EXPECTED})`,
      `FILE:10:12: services[2].name: "-api" is not a valid name: it starts with '-' (expected ${LABEL_EXPECTED})`,
      `FILE:11:12: services[3].name: "" is not a valid name: it is empty (expected ${LABEL_EXPECTED})`,
    ]);
  });

  it('accepts 63 characters, digits first and inner dashes', async () => {
    const name = `1${'a-'.repeat(30)}b9`;
    expect(name).toHaveLength(63);
    const file = join(dir, 'ok.yaml');
    writeFileSync(file, scenario(`  - {name: ${name}, serviceTime: 1ms}`, `  - {name: web-1, to: ${name}, rate: 10}`, 'zones: [{name: us-east-1a, region: us-east-1}]\n'));
    const { status, stderr } = await cli('validate', file);
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });
});
