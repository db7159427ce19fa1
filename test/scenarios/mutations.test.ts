/**
 * Property: random mutations of a valid scenario never crash or hang meshsim. Each
 * mutated file either loads and runs (exit 0 or 1) or is refused with exit 2 and a
 * located FILE:LINE:COL message — never an internal error (exit 70) or an exception.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../src/cli.js';
import { InputError } from '../../src/scenarios/inputError.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = ReadonlyArray<string | number>;

/** A small valid scenario touching most fields (zones, versions, calls, schedule, faults). */
const base: Json = {
  apiVersion: 'meshsim/v1',
  kind: 'Scenario',
  metadata: { name: 'mutant' },
  simulation: { duration: '1s', warmup: '0s', seed: 3, replications: 1 },
  dataPlane: 'none',
  zones: [
    { name: 'a', region: 'east' },
    { name: 'b', region: 'east' },
  ],
  network: { sameZone: '0.1ms', crossZone: { dist: 'exponential', mean: '0.5ms' } },
  services: [
    {
      name: 'front',
      replicas: 2,
      concurrency: 4,
      queueLimit: 100,
      serviceTime: { dist: 'exponential', mean: '2ms' },
      calls: [{ service: 'back' }, { parallel: [{ service: 'back', count: 2 }, { service: 'cache', probability: 0.5 }] }],
    },
    {
      name: 'back',
      serviceTime: { dist: 'lognormal', median: '1ms', p99: '5ms' },
      versions: [
        { name: 'v1', replicas: { a: 1 } },
        { name: 'v2', replicas: 1, errorRate: 0.1 },
      ],
    },
    { name: 'cache', concurrency: 'unlimited', serviceTime: { dist: 'empirical', percentiles: { p50: '0.1ms', p99: '1ms' } } },
  ],
  traffic: [{ to: 'front', rate: [{ at: '0s', rate: 20 }, { at: '0.5s', rate: 40 }], zone: 'b', headers: { 'x-user': 'jason' } }],
  faults: [
    { at: '0.2s', for: '0.2s', kind: 'crash', service: 'back', version: 'v2' },
    { at: '0.5s', kind: 'slowdown', service: 'cache', factor: 3 },
  ],
};

/** An inline VirtualService after the scenario, so mutations reach the policy compiler too. */
const virtualService: Json = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'back' },
  spec: {
    hosts: ['back'],
    http: [
      {
        match: [{ headers: { 'x-user': { exact: 'jason' } } }],
        route: [{ destination: { host: 'back', subset: 'v2' } }],
      },
      {
        route: [
          { destination: { host: 'back', subset: 'v1' }, weight: 90 },
          { destination: { host: 'back', subset: 'v2' }, weight: 10 },
        ],
        retries: { attempts: 2, perTryTimeout: '100ms', retryOn: '5xx' },
        timeout: '1s',
      },
    ],
  },
};

const destinationRule: Json = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'back' },
  spec: {
    host: 'back',
    trafficPolicy: { outlierDetection: { consecutive5xxErrors: 3, interval: '1s', baseEjectionTime: '5s' } },
    subsets: [
      { name: 'v1', labels: { version: 'v1' } },
      { name: 'v2', labels: { version: 'v2' } },
    ],
  },
};

/** The file as three documents; mutations address them as [0], [1], [2]. */
const files: Json = [base, virtualService, destinationRule];

type Mutation =
  | { op: 'delete'; target: number }
  | { op: 'replace'; target: number; value: Json }
  | { op: 'duplicate'; target: number }
  | { op: 'rename'; target: number; name: string };

const hugeNumber = fc.constantFrom(1e308, 1e20, 2 ** 53 + 2, 1e9, Infinity, 4294967297);
const negativeNumber = fc.oneof(fc.integer({ min: -1_000_000, max: -1 }), fc.double({ min: -1e9, max: -1e-9, noNaN: true }));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), target: fc.nat() }),
  fc.record({
    op: fc.constant('replace' as const),
    target: fc.nat(),
    value: fc.oneof(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, fc.string(), hugeNumber, negativeNumber, fc.constantFrom('0s', '-1s', '1e400ms', 'unlimited', '', 'p99')),
  }),
  fc.record({ op: fc.constant('duplicate' as const), target: fc.nat() }),
  fc.record({ op: fc.constant('rename' as const), target: fc.nat(), name: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('servicetime', 'replica', 'Name', 'calls', 'kind')) }),
);

/** Every path in the document, parents before children. */
function paths(value: Json, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function get(root: Json, path: Path): Json {
  let node: Json = root;
  for (const p of path) node = (node as Record<string | number, Json>)[p] as Json;
  return node;
}

function apply(doc: Json, m: Mutation): Json {
  // Never remove a whole document: mutate inside them (paths below [i]).
  const all = paths(doc).filter((p) => p.length > 1);
  const copy = structuredClone(doc);
  const pick = (candidates: Path[]): Path | undefined => candidates[m.target % Math.max(1, candidates.length)];
  if (m.op === 'duplicate') {
    const path = pick(paths(copy).filter((p) => Array.isArray(get(copy, p)) && (get(copy, p) as Json[]).length > 0));
    if (path === undefined) return copy;
    const list = get(copy, path) as Json[];
    list.push(structuredClone(list[m.target % list.length] as Json));
    return copy;
  }
  const path = pick(all);
  if (path === undefined) return copy;
  const parent = get(copy, path.slice(0, -1));
  const key = path[path.length - 1] as string | number;
  if (Array.isArray(parent)) {
    if (m.op === 'delete') parent.splice(key as number, 1);
    else if (m.op === 'replace') parent[key as number] = m.value;
    return copy;
  }
  const obj = parent as Record<string, Json>;
  if (m.op === 'delete') delete obj[key];
  else if (m.op === 'replace') obj[key] = m.value;
  else {
    const v = obj[key] as Json;
    delete obj[key];
    obj[m.name] = v;
  }
  return copy;
}

const workDir = mkdtempSync(join(tmpdir(), 'meshsim-mutations-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Located: FILE:LINE:COL: at the start of a stderr line. */
const LOCATED = /^.+:\d+:\d+: /m;

describe('mutated scenarios', () => {
  it('the unmutated scenario loads and runs', async () => {
    const file = join(workDir, 'base.yaml');
    writeFileSync(file, (files as Json[]).map((d) => stringify(d)).join('---\n'));
    expect(loadScenario(file).warnings).toEqual([]);
    let stdout = '';
    const status = await main(['run', file, '--duration', '1s', '--warmup', '0s', '--json', '-'], { stdout: (s) => (stdout += s), stderr: () => {} });
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toHaveProperty('schema', 'meshsim.results/v1');
  });

  it('never crash or hang: they run (exit 0/1) or exit 2 with a located message', async () => {
    let n = 0;
    const outcomes = { loaded: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
        const docs = mutations.reduce(apply, files) as Json[];
        const file = join(workDir, `m${n++}.yaml`);
        writeFileSync(file, docs.map((d) => stringify(d)).join('---\n'));
        // A 1e6-event budget keeps every run short whatever rate a mutation picked.
        const overrides = { duration: 1, warmup: 0, maxEvents: 1e6 };
        let loaded = true;
        try {
          loadScenario(file, overrides);
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          expect(err.messages.length).toBeGreaterThan(0);
          loaded = false;
        }
        let stderr = '';
        const status = await main(['run', file, '--duration', '1s', '--warmup', '0s', '--max-events', '1e6', '--json', '-'], {
          stdout: () => {},
          stderr: (s) => (stderr += s),
        });
        expect([0, 1, 2], stderr).toContain(status);
        if (status === 2) {
          expect(stderr).toMatch(LOCATED);
          expect(stderr).not.toMatch(/^\s+at /m);
        }
        expect(status === 2).toBe(!loaded);
        outcomes[loaded ? 'loaded' : 'refused']++;
      }),
      { seed: Number(process.env['MESHSIM_FC_SEED'] ?? 20261127), numRuns: Number(process.env['MESHSIM_FC_RUNS'] ?? 100), endOnFailure: true },
    );
    // Both sides of the property were exercised.
    expect(outcomes.loaded).toBeGreaterThan(5);
    expect(outcomes.refused).toBeGreaterThan(5);
  });
});
