/**
 * `npm run fuzz [-- --runs N] [-- --seed S]`: the fuzz property of
 * test/hostile/fuzz.test.ts with many cases (default 3000; CI runs a few dozen).
 * Every mutant of a shipped scenario or a fixture must exit 0, 1 or 2 with a located
 * message, never 70, never a stack trace, never past the case bound. The seed is
 * random unless given, and printed: a failure replays with `--seed S` (and the
 * MESHSIM_FUZZ_PATH fast-check prints). Findings and past runs: docs/limits.md.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const runs = Number(option('--runs') ?? 3000);
const seed = Number(option('--seed') ?? Math.floor(Math.random() * 2 ** 31));
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  process.stderr.write('usage: npm run fuzz [-- --runs N] [-- --seed S]\n');
  process.exit(2);
}

process.stdout.write(`meshsim fuzz: ${runs} cases, seed ${seed}\n`);
const started = Date.now();
const vitest = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/hostile/fuzz.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, MESHSIM_FUZZ_RUNS: String(runs), MESHSIM_FUZZ_SEED: String(seed) },
});
const minutes = ((Date.now() - started) / 60000).toFixed(1);
process.stdout.write(`meshsim fuzz: ${runs} cases, seed ${seed}, ${minutes} min: ${vitest.status === 0 ? 'no failure' : `FAILED (replay: npm run fuzz -- --runs ${runs} --seed ${seed})`}\n`);
process.exit(vitest.status ?? 1);
