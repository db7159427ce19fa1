/**
 * `npm run bench`: meshsim's speed and memory benchmarks, each next to a
 * reference measured in the same run (machines here are noisy, so the verdicts
 * rest on ratios). Builds dist/ first, runs every case in bench/cases/ in file
 * order, prints a markdown table and the machine line, and writes the same to
 * bench/out/latest.md (and the rows to bench/out/latest.json).
 *
 * usage: node bench/run.mjs [--quick] [--only NAME[,NAME…]] [--no-build]
 *   --quick     smaller sizes and one repetition: a smoke run, not a measurement
 *   --only      run only the named cases (names are the case files without the
 *               numeric prefix, e.g. calendar-holds)
 *   --no-build  skip `npm run build` (measure the dist/ that is there)
 * Exit status: 0 when every case ran (missed targets are verdicts, not errors),
 * 1 when a case failed to run, 2 on bad options.
 *
 * A case is one file bench/cases/NN-name.mjs exporting
 *   title: string               what it measures, one line
 *   run(ctx): Promise<{rows, notes}> | {rows, notes}
 * where rows are {case, figure, reference, ratio, target, verdict} strings and
 * notes are lines printed under the table (sanity checks, raw figures). ctx is
 *   {quick, repoRoot, benchDir, log(message), compileC(name)}.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileC, C_FLAGS } from './lib/compileC.mjs';
import { describeMachine, loadAverage } from './lib/machine.mjs';
import { renderTable } from './lib/report.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = dirname(benchDir);
const log = (message) => process.stderr.write(`bench: ${message}\n`);

function parseOptions(argv) {
  const options = { quick: false, only: undefined, build: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--only' && i + 1 < argv.length) options.only = argv[++i].split(',');
    else if (arg.startsWith('--only=')) options.only = arg.slice('--only='.length).split(',');
    else {
      process.stderr.write(`bench: unknown option '${arg}'\nusage: node bench/run.mjs [--quick] [--only NAME[,NAME…]] [--no-build]\n`);
      process.exit(2);
    }
  }
  return options;
}

function listCases() {
  return readdirSync(join(benchDir, 'cases'))
    .filter((file) => /^\d+-[a-z0-9-]+\.mjs$/.test(file))
    .sort()
    .map((file) => ({ file, name: file.replace(/^\d+-/, '').replace(/\.mjs$/, '') }));
}

/** "commit abc1234" plus a warning when src/ differs from it: the figures measure the working tree that was built. */
function describeCode() {
  const git = (args) => spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8' });
  const head = git(['rev-parse', '--short', 'HEAD']);
  if (head.status !== 0) return 'not a git checkout';
  const dirty = git(['status', '--porcelain', '--', 'src']).stdout.trim() !== '';
  return `commit ${head.stdout.trim()}${dirty ? ' with uncommitted changes in src/' : ''}`;
}

function build() {
  log('npm run build');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    log('build failed; not measuring a stale dist/ (fix the build, or pass --no-build on purpose)');
    process.exit(1);
  }
}

const options = parseOptions(process.argv.slice(2));
const loadAtStart = loadAverage();
const cases = listCases();
if (options.only) {
  const unknown = options.only.filter((name) => !cases.some((c) => c.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`bench: no case named ${unknown.join(', ')}; cases: ${cases.map((c) => c.name).join(', ')}\n`);
    process.exit(2);
  }
}
if (options.build) build();

const ctx = { quick: options.quick, repoRoot, benchDir, log, compileC: (name) => compileC(benchDir, name) };
const rows = [];
const notes = [];
let failed = false;
for (const { file, name } of cases) {
  if (options.only && !options.only.includes(name)) continue;
  const module = await import(pathToFileURL(join(benchDir, 'cases', file)).href);
  log(`${name}: ${module.title}`);
  try {
    const outcome = await module.run(ctx);
    rows.push(...outcome.rows);
    notes.push(...outcome.notes.map((note) => `${name}: ${note}`));
  } catch (err) {
    failed = true;
    log(`${name} failed: ${err.stack ?? err}`);
    rows.push({ case: name, figure: '—', reference: '—', ratio: '—', target: '—', verdict: `ERROR: ${String(err.message ?? err).split('\n')[0]}` });
  }
}

const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const report = [
  renderTable(rows),
  '',
  ...notes.map((note) => `- ${note}`),
  '',
  `Machine: ${describeMachine(loadAtStart)}`,
  `Code: ${describeCode()}`,
  `Command: \`${command}\`${options.quick ? ' (quick: smoke sizes, not a measurement)' : ''}; C references built with \`cc ${C_FLAGS.join(' ')}\``,
  '',
].join('\n');
process.stdout.write(report);
mkdirSync(join(benchDir, 'out'), { recursive: true });
writeFileSync(join(benchDir, 'out', 'latest.md'), report);
writeFileSync(join(benchDir, 'out', 'latest.json'), JSON.stringify({ command, quick: options.quick, rows, notes }, null, 2) + '\n');
process.exitCode = failed ? 1 : 0;
