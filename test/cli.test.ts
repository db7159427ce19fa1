import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './cliHarness.js';
import type { Results } from '../src/report/results.js';

const BOOKINFO = 'scenarios/bookinfo.yaml';

describe('meshsim run', () => {
  it('prints a table a person can read', async () => {
    const r = await cli('run', BOOKINFO, '--duration', '5s', '--warmup', '1s');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^bookinfo — seed 1, data plane none, 5s measured after 1s warm-up/);
    expect(r.stdout).toMatch(/End to end: \d+ requests/);
    for (const s of ['productpage', 'details', 'reviews', '  v1', '  v2', '  v3', 'ratings']) expect(r.stdout).toContain(`\n${s} `);
    expect(r.stdout).toContain('users → productpage');
  });

  it('--json - prints the contract JSON instead of the table', async () => {
    const r = await cli('run', BOOKINFO, '--duration', '5s', '--json', '-', '--seed', '3');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as Results;
    expect(j.schema).toBe('meshsim.results/v1');
    expect(j.scenario).toBe('bookinfo');
    expect(j.seed).toBe(3);
    expect(j.duration).toBe(5);
    expect(j.dataPlane).toBe('none');
    expect(Object.keys(j.services.reviews?.versions ?? {})).toEqual(['v1', 'v2', 'v3']);
    expect(j.services.details?.versions).toBeUndefined();
    // Bookinfo's call graph: only v2 and v3 call ratings.
    const edge = (from: string, to: string) => j.edges.find((e) => e.from === from && e.to === to);
    expect(edge('reviews', 'ratings')?.requests).toBe((j.services.reviews?.versions?.v2?.requests ?? 0) + (j.services.reviews?.versions?.v3?.requests ?? 0));
    expect(edge('users', 'productpage')?.requests).toBe(j.endToEnd.requests);
    expect(j.endToEnd.requests).toBe(j.endToEnd.succeeded + j.endToEnd.failed);
    // Two zones, replicas spread over both, random picks: about half the attempts cross zones.
    expect(edge('productpage', 'details')?.crossZone).toBeGreaterThan(0.4);
    // No data plane: no mesh CPU or memory; the apps' CPU and the cross-zone bytes are priced.
    expect(j.cost.meshVcpu).toBe(0);
    expect(j.cost.meshMemoryGiB).toBe(0);
    expect(j.cost.vcpu).toBeGreaterThan(0);
    expect(j.cost.crossZoneGiB).toBeGreaterThan(0);
    expect(j.cost.usdPerMonth).toBeGreaterThan(0);
    expect(j.run.events).toBeGreaterThan(0);
  });

  it('--json PATH writes the file and still prints the table; --quiet prints nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-cli-'));
    const out = join(dir, 'results.json');
    const r = await cli('run', BOOKINFO, '--duration', '2s', '--json', out, '--quiet');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect((JSON.parse(readFileSync(out, 'utf8')) as Results).duration).toBe(2);
  });

  it.each([
    [['run', BOOKINFO, '--seed', 'abc'], /^meshsim: --seed: 'abc' is not a seed \(expected a whole number/],
    [['run', BOOKINFO, '--duration', '10'], /^meshsim: --duration: '10' is not a positive duration \(expected a duration with a unit/],
    [['run', BOOKINFO, '--warmup', '-1s'], /^meshsim: --warmup: '-1s' is not a duration/],
    [['run', BOOKINFO, '--replications', '0'], /^meshsim: --replications: '0' is not allowed \(expected a whole number from 1/],
    [['run', BOOKINFO, '--no-such-flag'], /unknown option '--no-such-flag'/],
    [['run'], /missing required argument 'file'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('usage error %j exits 2 with a one-line message', async (argv, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-cli-'));
    const out = join(dir, 'never.json');
    const r = await cli(...argv, ...(argv[0] === 'run' && argv.length > 1 ? ['--json', out] : []));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('a missing file is bad input (exit 2), not a crash', async () => {
    const r = await cli('run', 'scenarios/no-such-file.yaml');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^scenarios\/no-such-file\.yaml:1:1: /);
  });
});

describe('meshsim validate', () => {
  it('accepts the example scenarios', async () => {
    const r = await cli('validate', 'scenarios/bookinfo.yaml', 'scenarios/zone-outage.yaml', 'scenarios/slowdown.yaml');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(3);
  });
});
