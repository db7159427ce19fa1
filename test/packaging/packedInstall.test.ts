/**
 * The package as users get it: `npm pack` (which builds dist/ through the `prepare`
 * script), then the tarball installed into an empty folder, then `meshsim` run from
 * node_modules/.bin on a scenario shipped inside the package.
 *
 * Packing runs in a copy of the package's sources (node_modules linked), so its build
 * never empties the dist/ other tests are using. The install is offline, as CI's fresh
 * machine allows right after `npm ci`: the folder gets a lock file holding the
 * project's own production entries (resolved URLs and integrity hashes), so npm takes
 * every tarball from its cache and asks no registry for metadata.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string>; bin: Record<string, string> };
/** What `npm pack` needs to build and pack: the sources, the build script, the shipped files. */
const PACKED_SOURCES = ['package.json', 'README.md', 'NOTICE', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'scripts', 'src', 'scenarios', 'docs'];

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 240_000 });
  if (r.error) throw r.error;
  return r;
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** A lock for a folder that depends on the tarball only: the project's production entries, as `npm ci` installed them. */
function lockForTarball(tarball: string): object {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const spec = `file:${tarball}`;
  const packages: Record<string, unknown> = { '': { name: 'consumer', dependencies: { [pkg.name]: spec } } };
  for (const [path, entry] of Object.entries(lock.packages)) if (path !== '' && entry.dev !== true) packages[path] = entry;
  packages[`node_modules/${pkg.name}`] = { version: pkg.version, resolved: spec, dependencies: pkg.dependencies, bin: pkg.bin };
  return { name: 'consumer', lockfileVersion: 3, requires: true, packages };
}

describe('the packed tarball, installed into an empty folder', () => {
  let work: string;
  let consumer: string;
  let packed: Array<{ path: string }>;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'meshsim-pack-'));
    const sources = join(work, 'sources');
    mkdirSync(sources);
    for (const p of PACKED_SOURCES) cpSync(join(root, p), join(sources, p), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(sources, 'node_modules'), 'dir');
    const out = ok(run('npm', ['pack', '--json', '--pack-destination', work], sources), 'npm pack');
    const report = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
    packed = report[0]!.files;
    const tarball = join(work, report[0]!.filename);

    consumer = join(work, 'consumer');
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, dependencies: { [pkg.name]: `file:${tarball}` } }));
    writeFileSync(join(consumer, 'package-lock.json'), JSON.stringify(lockForTarball(tarball)));
    ok(run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], consumer), 'npm ci --offline of the tarball (npm needs the dependencies in its cache: run `npm ci` in the project first)');
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships the build, the launcher, the example scenarios with their Istio samples and the docs; not the sources or tests', () => {
    const paths = new Set(packed.map((f) => f.path));
    for (const p of ['bin/meshsim.js', 'dist/cli.js', 'dist/index.js', 'dist/replicationWorker.js', 'dist/types/index.d.ts', 'dist/index.d.ts', 'scenarios/bookinfo-istio.yaml', 'docs/semantics/overhead-figures.md', 'README.md', 'NOTICE']) {
      expect(paths, p).toContain(p);
    }
    expect([...paths].some((p) => p.startsWith('scenarios/istio/'))).toBe(true);
    expect([...paths].filter((p) => p.startsWith('src/') || p.startsWith('test/') || p.startsWith('node_modules/'))).toEqual([]);
  });

  it('runs `meshsim run` on a bundled example with Istio resources, and `--version`', () => {
    const bin = join(consumer, 'node_modules', '.bin', 'meshsim');
    const scenario = join(consumer, 'node_modules', pkg.name, 'scenarios', 'bookinfo-istio.yaml');
    const results = join(consumer, 'results.json');
    const r = run(bin, ['run', scenario, '--duration', '2s', '--warmup', '1s', '--json', results, '--quiet'], consumer);
    expect(r.stderr).not.toMatch(/missing|internal error/);
    expect(r.status).toBe(0);
    const json = JSON.parse(readFileSync(results, 'utf8')) as { endToEnd: { requests: number } };
    expect(json.endToEnd.requests).toBeGreaterThan(0);
    expect(ok(run(bin, ['--version'], consumer), 'meshsim --version').trim()).toBe(pkg.version);
  });

  it('imports as a library, with its type declarations', () => {
    const r = run(process.execPath, ['--input-type=module', '-e', `import('${pkg.name}').then((m) => console.log(typeof m.loadScenario))`], consumer);
    expect(ok(r, 'import meshsim').trim()).toBe('function');
    expect(existsSync(join(consumer, 'node_modules', pkg.name, 'dist', 'types', 'index.d.ts'))).toBe(true);
  });
});
