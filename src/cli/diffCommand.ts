/**
 * `meshsim diff BEFORE AFTER`: both scenarios loaded and checked for pairing, then the
 * paired-replication experiment, then the table on stdout and the JSON, Markdown and
 * HTML asked for — written only once everything is computed, each atomically.
 * Returns the exit status: 1 under `--fail-on worse` when a figure got significantly worse.
 */
import { Option, type Command } from 'commander';
import { anythingWorse, DEFAULT_DIFF_REPLICATIONS, diffScenarios, pairingProblems } from '../experiments/diff.js';
import { diffJson, renderDiffHtml, renderDiffMarkdown, renderDiffTable } from '../report/diffReport.js';
import { formatLocated } from '../scenarios/inputError.js';
import { loadScenario } from '../scenarios/loadScenario.js';
import { PRE_RUN_CHECKS } from './preRunChecks.js';
import { REDIS_FLAG, REDIS_FLAG_HELP, withRedisFlag, type QueueWiring, type RedisFlags } from './redisFlag.js';
import { UsageError, type CliIo } from './cliIo.js';
import { interruptibly } from './interrupt.js';
import { parseCountFlag, parseSeedFlag } from './flagParsers.js';
import { checkOutputFile } from './outputPaths.js';
import { writeFileAtomically } from './writeFileAtomically.js';
import { wallClock } from './wallTime.js';

export interface DiffFlags {
  replications?: string;
  seed?: string;
  json?: string;
  markdown?: string | boolean;
  report?: string;
  failOn?: string;
  quiet?: boolean;
}

export async function diffCommand(beforeFile: string, afterFile: string, flags: DiffFlags, io: CliIo, queue?: QueueWiring): Promise<number> {
  const replications = flags.replications !== undefined ? parseCountFlag('--replications', flags.replications, 2, 10_000) : undefined;
  const seed = flags.seed !== undefined ? parseSeedFlag(flags.seed) : undefined;
  if (flags.failOn !== undefined && flags.failOn !== 'worse') throw new UsageError(`--fail-on: '${flags.failOn}' is not allowed (expected worse)`);
  const markdownPath = flags.markdown === true ? '-' : typeof flags.markdown === 'string' ? flags.markdown : undefined;
  if (flags.json === '-' && markdownPath === '-') throw new UsageError('--json - and --markdown -: only one of them can write to stdout (give the other a file path)');
  if (flags.json !== undefined && flags.json !== '-') checkOutputFile('--json', flags.json);
  if (markdownPath !== undefined && markdownPath !== '-') checkOutputFile('--markdown', markdownPath);
  if (flags.report !== undefined) checkOutputFile('--report', flags.report);

  const before = loadScenario(beforeFile, {}, PRE_RUN_CHECKS);
  const after = loadScenario(afterFile, {}, PRE_RUN_CHECKS);
  for (const w of [...before.warnings, ...after.warnings]) io.stderr(formatLocated(w) + '\n');
  const problems = pairingProblems(before.scenario, after.scenario);
  if (problems.length > 0) {
    throw new UsageError(`cannot pair ${beforeFile} with ${afterFile}: their replications could not share random numbers:\n  ${problems.join('\n  ')}\n(expected the same service and traffic names; diff compares a change of policy or sizing, not of topology)`);
  }
  const b = before.scenario.simulation;
  const a = after.scenario.simulation;
  if (b.duration !== a.duration || b.warmup !== a.warmup || b.warmupAuto !== a.warmupAuto) {
    io.stderr(`meshsim: warning: ${afterFile} simulates a different duration or warm-up than ${beforeFile}; each runs its own, so the deltas include that difference\n`);
  }

  const tty = io.stderrIsTty === true;
  const outcome = await interruptibly(() =>
    diffScenarios(before.scenario, after.scenario, {
    ...(seed !== undefined && { seed }),
    ...(replications !== undefined && { replications }),
    run: { wallClock, ...(queue && { runner: queue.runner }) },
    // On a queue every pair goes out at once, for as many workers as the fleet has.
    ...(queue && { concurrentPairs: Number.POSITIVE_INFINITY }),
    ...(tty && { onProgress: (done: number, planned: number) => io.stderr(`\r\x1b[Kmeshsim diff: ${done}/${planned} replication pairs${queue ? `, ${queue.fleetLabel()}` : ''}`) }),
  }),
  io);
  if (tty) io.stderr('\r\x1b[K');
  for (const w of outcome.warnings) io.stderr(`meshsim: warning: ${w}\n`);

  const command = `meshsim diff ${beforeFile} ${afterFile} --seed ${outcome.seed} --replications ${outcome.replications}`;
  const json = JSON.stringify(diffJson(outcome), null, 2) + '\n';
  const markdown = markdownPath !== undefined ? renderDiffMarkdown(outcome) : undefined;
  const html = flags.report !== undefined ? renderDiffHtml(outcome, command) : undefined;

  if (flags.json !== undefined && flags.json !== '-') writeFileAtomically(flags.json, json);
  if (markdown !== undefined && markdownPath !== '-') writeFileAtomically(markdownPath as string, markdown);
  if (html !== undefined) writeFileAtomically(flags.report as string, html);
  if (flags.json === '-') io.stdout(json);
  else if (markdownPath === '-') io.stdout(markdown as string);
  else if (!flags.quiet) io.stdout(renderDiffTable(outcome));
  return flags.failOn === 'worse' && anythingWorse(outcome) ? 1 : 0;
}

/** Adds `diff` to the program; `done` receives the exit status. */
export function registerDiffCommand(program: Command, io: CliIo, done: (status: number) => void): void {
  program
    .command('diff')
    .description('measure a change: paired replications of two scenarios, each figure\'s delta with its 95% interval and a verdict')
    .argument('<before>', 'the scenario before the change (YAML)')
    .argument('<after>', 'the scenario after the change (YAML)')
    .option('--replications <n>', `paired replications (default: the larger of the scenarios', at least ${DEFAULT_DIFF_REPLICATIONS})`)
    .option('--seed <n>', "master seed (default: BEFORE's)")
    .option('--json <path>', "write {schema: meshsim.diff/v1, …} to PATH, or '-' for stdout instead of the table")
    .option('--markdown [path]', 'write the table as Markdown to PATH, or to stdout instead of the table')
    .option('--report <path>', 'write a self-contained HTML report')
    .addOption(new Option('--fail-on <what>', 'exit 1 when a figure got significantly worse').choices(['worse']))
    .option('--quiet', 'print no table')
    .option(REDIS_FLAG, REDIS_FLAG_HELP)
    .action(async (beforeFile: string, afterFile: string, flags: DiffFlags & RedisFlags) => done(await withRedisFlag(flags, io, (queue) => diffCommand(beforeFile, afterFile, flags, io, queue))));
}
