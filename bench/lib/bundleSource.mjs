/**
 * Compiles one of meshsim's TypeScript modules (and what it imports) into an ES
 * module in bench/out/ (git-ignored), for drivers that time a part of the engine
 * on its own. dist/ holds only the CLI's bundle, which exports none of its parts.
 * Always rebuilt, so the driver measures the sources of this run.
 */
import { buildSync } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Bundles `source` (relative to the repository) to bench/out/NAME.mjs and returns that path. */
export function bundleSource(repoRoot, benchDir, source) {
  const outDir = join(benchDir, 'out');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${basename(source, '.ts')}.mjs`);
  buildSync({ absWorkingDir: repoRoot, entryPoints: [source], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
  return outfile;
}
