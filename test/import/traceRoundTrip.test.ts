/**
 * The round trip that proves `import traces`: traces generated from a known scenario
 * (test/import/traceGenerator.ts), imported into a copy of it (service times, calls and
 * the traffic rate replaced), and both scenarios run with the same seed.
 *
 * Tolerance, from the sample sizes. The traces hold 200 s at 200/s: n ≈ 40 000 roots.
 * - Per-edge requests of a 200 s run: the imported rate has relative SE 1/√n ≈ 0.5%, a
 *   call probability p adds √((1−p)/(p·n)) ≤ 0.8% (ads, p = 0.3), and each run's Poisson
 *   count ≈ 0.5%: about 1.2% for the worst edge, so 5% is beyond 4σ.
 * - End-to-end p50 and p99: the original's p99 over seeds 1–5 and 7 spreads with
 *   SD 0.5%; the imported tails come from the traced samples, whose p99.8–p99.99 rest
 *   on 8–80 requests. Over four trace seeds at n ≈ 20 000 the imported p99 came out
 *   −0.1%…+2.9% from the original's mean (SD 1.3%), with 1–2% left from linear
 *   interpolation between percentiles (selfTime.ts); at twice the n the noise is
 *   ~0.9%, so 5% is bias + 3σ. The p50 came within 0.2%.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiments/runScenario.js';
import type { Results } from '../../src/report/results.js';
import type { ParallelSpec } from '../../src/scenarios/scenario.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';
import { cli } from '../cliHarness.js';
import { generateOtlpTraces } from './traceGenerator.js';

const ORIGINAL = 'test/fixtures/import/roundtrip.yaml';
const TRACE_SECONDS = 200;
const TOLERANCE = 0.05;

describe('import traces round trip', () => {
  it('a scenario imported from its own traces reproduces end-to-end p50/p99 and per-edge rates within 5%', async () => {
    const original = loadScenario(ORIGINAL).scenario;
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-roundtrip-'));
    const traces = join(dir, 'traces.json');
    writeFileSync(traces, JSON.stringify(generateOtlpTraces(original, 11, TRACE_SECONDS)));
    const target = join(dir, 'roundtrip.yaml');
    copyFileSync(ORIGINAL, target);
    const r = await cli('import', 'traces', traces, '--into', target);
    expect(r.status, r.stderr).toBe(0);

    // The structure, read back from the file the user gets.
    const imported = loadScenario(target).scenario;
    const calls = (name: string) => imported.services.find((s) => s.name === name)?.versions[0]?.calls;
    expect(calls('productpage')).toMatchObject([
      { kind: 'call', service: 'details', count: 1, probability: 1 },
      { kind: 'parallel', calls: [{ service: 'ads', count: 1 }, { service: 'reviews', count: 1, probability: 1 }] },
    ]);
    const ads = (calls('productpage')?.[1] as ParallelSpec).calls[0]!.probability;
    expect(Math.abs(ads - 0.3)).toBeLessThan(4 * Math.sqrt((0.3 * 0.7) / (200 * TRACE_SECONDS)));
    // reviews v2 fans out two calls to ratings, v1 none: one call list for the service, made half the time.
    for (const v of imported.services.find((s) => s.name === 'reviews')!.versions) expect(v.calls).toMatchObject([{ kind: 'call', service: 'ratings', count: 2 }]);
    expect(r.stderr).toContain('versions[1].calls removed');
    expect(imported.services.find((s) => s.name === 'ads')?.versions[0]?.serviceTime).toEqual({ dist: 'constant', value: 0.005 });
    const text = readFileSync(target, 'utf8');
    expect(text).toContain("name: users # the team's users");
    expect(text).toMatch(/serviceTime: \{dist: empirical, percentiles: \{p0\.1: [^}]*p50: [^}]*p90: [^}]*p99: [^}]*p99\.9: /);

    const before = (await runScenario(original, { workers: 1 })).results;
    const after = (await runScenario(imported, { workers: 1 })).results;
    const close = (what: string, a: number, b: number) => expect(Math.abs(b - a) / a, `${what}: original ${a}, imported ${b}`).toBeLessThan(TOLERANCE);
    close('end-to-end p50', before.endToEnd.latency.p50, after.endToEnd.latency.p50);
    close('end-to-end p99', before.endToEnd.latency.p99, after.endToEnd.latency.p99);
    expect(edgeKeys(after)).toEqual(edgeKeys(before));
    for (const e of before.edges) close(`${e.from} → ${e.to} requests`, e.requests, after.edges.find((x) => x.from === e.from && x.to === e.to)!.requests);
  }, 300_000);
});

function edgeKeys(results: Results): string[] {
  return results.edges.map((e) => `${e.from}→${e.to}`).sort();
}
