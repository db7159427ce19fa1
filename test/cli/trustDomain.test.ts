import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../cliHarness.js';
import type { Results } from '../../src/report/results.js';

/**
 * scenarios/trust-domain.yaml through `meshsim run`: AuthorizationPolicy trustDomains
 * decides who reaches the service, and a rule with a field meshsim does not know fails
 * closed (issue 17: the dropped field used to leave a source that matched everyone, and
 * the run reported 100% for traffic a cluster denies).
 */
const shipped = readFileSync('scenarios/trust-domain.yaml', 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'meshsim-trust-domain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(name: string, text: string): Promise<{ results: Results; stderr: string }> {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  const r = await cli('run', file, '--duration', '5s', '--workers', '1', '--json', '-');
  expect(r.status, r.stderr).toBe(0);
  return { results: JSON.parse(r.stdout) as Results, stderr: r.stderr };
}

const staffOnly = shipped.replace(/^ {2}- \{name: partners.*\n/m, '');
const edge = (r: Results, from: string) => r.edges.find((e) => e.from === from && e.to === 'ledger');

describe('trust-domain scenario (meshsim run)', () => {
  it('admits the bank.example.com callers and denies the cluster.local ones', async () => {
    const { results } = await run('shipped', shipped);
    expect(edge(results, 'partners')?.failed).toBe(0);
    expect(edge(results, 'partners')?.requests).toBeGreaterThan(100);
    expect(edge(results, 'staff')?.failed).toBe(edge(results, 'staff')?.requests);
  });

  it('0% availability where the policy denies every caller', async () => {
    expect(staffOnly).not.toContain('{name: partners');
    const { results } = await run('staff-only', staffOnly);
    expect(results.endToEnd.requests).toBeGreaterThan(100);
    expect(results.endToEnd.availability).toBe(0);
  });

  it('an unknown field in the ALLOW rule fails closed: 0%, even for callers the known fields admit, with a warning', async () => {
    const withUnknown = shipped.replace('trustDomains: [bank.example.com]', 'trustDomains: [bank.example.com]\n            spiffeIdPatterns: ["spiffe://bank.example.com/*"]');
    expect(withUnknown).toContain('spiffeIdPatterns');
    const { results, stderr } = await run('unknown-allow', withUnknown);
    expect(results.endToEnd.availability).toBe(0);
    expect(stderr).toMatch(/spiffeIdPatterns.*fails closed.*this ALLOW rule matches no request/);
  });

  it('an unknown field in a DENY rule fails closed too: the rule denies everyone', async () => {
    const deny = staffOnly
      .replace('action: ALLOW', 'action: DENY')
      .replace('trustDomains: [bank.example.com]', 'notTrustDomains: [cluster.local]\n            spiffeIdPatterns: ["spiffe://bank.example.com/*"]');
    // Without the unknown field this DENY rule spares cluster.local callers...
    const known = await run('deny-known', deny.replace(/\n {12}spiffeIdPatterns.*/, ''));
    expect(known.results.endToEnd.availability).toBe(1);
    // ...with it, the rule matches every request.
    const { results, stderr } = await run('deny-unknown', deny);
    expect(results.endToEnd.availability).toBe(0);
    expect(stderr).toMatch(/this DENY rule matches every request/);
  });
});
