/**
 * No input may overflow the JavaScript stack (issue 20): the call graph is walked
 * with explicit stacks when it is validated, and a response passing up a chain of
 * services with no delay between them does not nest one call per service.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/report/results.js';
import { cli } from '../cliHarness.js';
import { chainScenario } from './generatedScenarios.js';

const dir = mkdtempSync(join(tmpdir(), 'meshsim-depth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('call graphs 5,000 services deep', () => {
  it('a chain validates', async () => {
    const { status, stderr, stdout } = await cli('validate', file('chain.yaml', chainScenario(5000)));
    expect(stderr).toBe('');
    expect(stdout).toContain('5000 services');
    expect(status).toBe(0);
  });

  it('an unconditional cycle is refused at the call that closes it, named by its ends', async () => {
    const path = file('cycle.yaml', chainScenario(5000, { cycleProbability: 1 }));
    const { status, stderr } = await cli('validate', path);
    expect(status).toBe(2);
    expect(stderr).toContain(
      `${path}:20005:23: services[4999].calls[0].service: unconditional call cycle: s0 → s1 → s2 → s3 → s4 → s5 → … (4,989 more) → s4995 → s4996 → s4997 → s4998 → s4999 → s0 (expected a call graph without cycles`,
    );
  });

  it('a cycle closed with probability 0.5 settles: 10,000 expected calls per request fit the event budget', async () => {
    const { status, stderr } = await cli('validate', file('cycle-half.yaml', chainScenario(5000, { cycleProbability: 0.5 })));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });
});

describe('fan-out that multiplies level after level', () => {
  it('two calls at each of 2,000 levels (2^2000 calls per request) is refused by name, not called a cycle', async () => {
    const path = file('doubling.yaml', chainScenario(2000).replace(/calls: \[\{service: (s\d+)\}\]/g, 'calls: [{service: $1, count: 2}]'));
    const { status, stderr } = await cli('validate', path);
    expect(status).toBe(2);
    expect(stderr).toBe(
      `${path}:9:23: services[0].calls[0].service: the expected number of calls per request below s0 is beyond counting: calls multiply at every level of the call graph (expected a call graph whose calls per request add up to a number the event budget can take)\n`,
    );
  });
});

describe('a zero-delay chain 2,000 services deep', () => {
  it.each([
    ['none', undefined],
    ['sidecar', '{costs: none}'],
  ])('runs under data plane %s: every response climbs the chain', async (dataPlane, dataPlanes) => {
    const text = chainScenario(2000, { serviceTime: '0', sameZone: '0', dataPlane, ...(dataPlanes === undefined ? {} : { dataPlanes }) });
    const { status, stdout, stderr } = await cli('run', file(`zero-${dataPlane}.yaml`, text), '--json', '-', '--workers', '1');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const results = JSON.parse(stdout) as Results;
    expect(results.endToEnd.requests).toBeGreaterThan(0);
    expect(results.endToEnd.availability).toBe(1);
    expect(results.services['s1999']?.requests).toBe(results.endToEnd.requests);
  }, 120_000);
});
