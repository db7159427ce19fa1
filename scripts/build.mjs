/**
 * `npm run build` (and `npm install`, through `prepare`): bundles the CLI, the
 * replication worker and the library entry (src/index.ts, what `import … from
 * 'meshsim'` loads) into dist/ with esbuild, and emits the library's type
 * declarations into dist/types/ with tsc (package.json `types`).
 *
 * Why a bundle and not tsc's one file per module: a `meshsim run` spent about as
 * long starting as a 1M-request M/M/1 takes to simulate, most of it resolving,
 * reading and linking ~250 ES modules (zod alone is ~95, its 64 locales included).
 * One file per entry point starts in ~0.15 s instead of ~0.21 s (bench/RESULTS.md),
 * and so does every worker thread. Type checking stays with `npm run typecheck`;
 * tests run the TypeScript sources under vitest.
 *
 * Layout: dist/cli.js and dist/replicationWorker.js side by side (the pool finds
 * the worker beside its own module), code both use in a shared chunk, and what is
 * loaded on demand (the progress bar; the chart renderer, which imports Vega) in
 * chunks of its own. Vega and Vega-Lite stay in node_modules: they are large, only
 * `compare --report` needs them, and they load lazily either way.
 *
 * usage: node scripts/build.mjs [--outdir DIR]   (default dist/; tests build elsewhere)
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
if (args.length !== 0 && !(args.length === 2 && args[0] === '--outdir')) {
  process.stderr.write('usage: node scripts/build.mjs [--outdir DIR]\n');
  process.exit(2);
}
// The fingerprint of the sources bundled (src/sourceFingerprint.ts, run here through esbuild so there is one definition).
const fingerprintModule = await build({ absWorkingDir: root, entryPoints: ['src/sourceFingerprint.ts'], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'warning' });
const { sourceFingerprint } = await import(`data:text/javascript;base64,${Buffer.from(fingerprintModule.outputFiles[0].text).toString('base64')}`);
const outdir = args.length === 2 ? resolve(args[1]) : join(root, 'dist');

// dist/ is ours to empty (no stale chunks or modules of an older layout); another --outdir is left as it is.
if (outdir === join(root, 'dist')) rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.ts', index: 'src/index.ts', replicationWorker: 'src/experiments/replicationWorker.ts', queueProcessor: 'src/distributed/queueProcessor.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // bullmq reads its Lua scripts and sandbox entry from its own directory at run time, so it
  // (and ioredis with it) stays in node_modules; both load only with --redis or `meshsim worker`.
  external: ['vega', 'vega-lite', 'bullmq', 'ioredis'],
  // meshsim's version, for --version and the results' provenance (src/version.ts): fixed at build time,
  // so a bundle built elsewhere (tests build into node_modules/.cache) does not look for ../package.json.
  define: {
    MESHSIM_BUILD_VERSION: JSON.stringify(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version),
    MESHSIM_BUILD_SOURCE: JSON.stringify(sourceFingerprint(join(root, 'src'))),
  },
  // Bundled CommonJS packages (commander, seedrandom, hdr-histogram-js) call require() for
  // Node built-ins; an ES module has none, so each output file gets one.
  banner: { js: "import { createRequire as __meshsimCreateRequire } from 'node:module'; const require = __meshsimCreateRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
});

// Declarations for library users, into dist/ only (builds elsewhere are the tests' CLI bundles).
if (outdir === join(root, 'dist')) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const emitted = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  if (emitted.status !== 0) process.exit(emitted.status ?? 1);
  // Declarations beside the entry too: a TypeScript importing the file itself ('../dist/index.js', as
  // the notebooks do under tslab's Node10 resolution, which reads no `exports` or `types`) looks for
  // dist/index.d.ts, and without it compiles the bundle as a JavaScript source.
  writeFileSync(join(outdir, 'index.d.ts'), "export * from './types/index.js';\n");
}
