/**
 * `meshsim check FILE`: flags → the check experiment → the report on stdout, the JSON
 * and the counterexample scenario asked for. Flags and output paths are checked before
 * the first run; files are written once everything is computed, each atomically.
 * Returns the exit status: 0 every point held, 1 a counterexample was found.
 */
import { Option, type Command } from 'commander';
import type { CheckProgress } from '../experiments/checkScenario.js';
import { MIN_CHECK_REPLICATIONS } from '../experiments/checkDefaults.js';
import { checkJson, renderCheckReport, type Replay } from '../report/checkReport.js';
import { counterexampleScenario } from '../scenarios/counterexampleScenario.js';
import { formatLocated } from '../scenarios/inputError.js';
import { loadScenario } from '../scenarios/loadScenario.js';
import { PRE_RUN_CHECKS } from './preRunChecks.js';
import { MAX_CHECK_RUNS } from '../scenarios/checkSchema.js';
import { describeFaultSet } from '../report/faultText.js';
import { REDIS_FLAG, REDIS_FLAG_HELP, withRedisFlag, type QueueWiring, type RedisFlags } from './redisFlag.js';
import { UsageError, type CliIo } from './cliIo.js';
import { interruptibly } from './interrupt.js';
import { parseCountFlag } from './flagParsers.js';
import { checkOutputFile } from './outputPaths.js';
import { scenarioOverridesFromFlags, workersFromFlag, type ScenarioFlags } from './scenarioFlags.js';
import { objectivesFor, parseSloFlags } from './sloFlags.js';
import { writeFileAtomically } from './writeFileAtomically.js';
import { wallClock } from './wallTime.js';

export interface CheckFlags extends ScenarioFlags {
  property?: string[];
  runs?: string;
  out?: string;
  json?: string;
  quiet?: boolean;
}

export async function checkCommand(file: string, flags: CheckFlags, io: CliIo, queue?: QueueWiring): Promise<number> {
  // Loaded on demand: the check experiment brings fast-check (~335 KB bundled), which
  // every other command would otherwise compile at start-up (bench/RESULTS.md).
  const { checkProperties, checkScenario } = await import('../experiments/checkScenario.js');
  const flagged = parseSloFlags('--property', flags.property ?? []);
  const runs = flags.runs !== undefined ? parseCountFlag('--runs', flags.runs, 0, MAX_CHECK_RUNS) : undefined;
  const replications = flags.replications !== undefined ? parseCountFlag('--replications', flags.replications, 2, 10_000) : undefined;
  if (flags.out !== undefined) checkOutputFile('--out', flags.out);
  if (flags.json !== undefined && flags.json !== '-') checkOutputFile('--json', flags.json);
  const workers = workersFromFlag(flags);
  const { replications: _ignored, ...otherFlags } = flags;
  const { scenario, warnings } = loadScenario(file, scenarioOverridesFromFlags(otherFlags), PRE_RUN_CHECKS);
  for (const w of warnings) io.stderr(formatLocated(w) + '\n');
  // --property replaces check.properties (and slo:); without it, checkProperties picks the file's.
  const properties = checkProperties(scenario, flagged.length > 0 ? objectivesFor('--property', flagged, scenario) : undefined);
  if (properties.length === 0) {
    throw new UsageError(`${file}: nothing to check: no --property, no check.properties and no slo: (expected a property such as --property 'availability>=99.9%')`);
  }

  const tty = io.stderrIsTty === true;
  const outcome = await interruptibly(() =>
    checkScenario(scenario, {
    properties,
    ...(runs !== undefined && { runs }),
    ...(replications !== undefined && { replications }),
    run: { workers, adaptiveWorkers: flags.workers === undefined, wallClock, ...(queue && { runner: queue.runner }) },
    // On a queue, every single fault at once: the fleet takes them as it can.
    ...(queue && { concurrentPoints: Infinity }),
    ...(tty && { onProgress: (p: CheckProgress) => io.stderr(`\r\x1b[Kmeshsim check: ${progressText(p)}${queue ? `, ${queue.fleetLabel()}` : ''}`) }),
  }),
  io);
  if (tty) io.stderr('\r\x1b[K');
  for (const w of outcome.warnings) io.stderr(`meshsim: warning: ${w}\n`);

  const replay: Replay = {
    check: `meshsim check ${file} --seed ${outcome.seed} --runs ${runs ?? scenario.check?.runs ?? 0} --replications ${outcome.replications}${(flags.property ?? []).map((p) => ` --property '${p}'`).join('')}`,
    ...(outcome.counterexample && flags.out !== undefined && { run: `meshsim run ${flags.out}` }),
  };
  const c = outcome.counterexample;
  const yaml =
    c && flags.out !== undefined
      ? counterexampleScenario({
          file,
          out: flags.out,
          faults: c.set.faults,
          load: c.set.load,
          simulation: { ...scenario.simulation, seed: outcome.seed, replications: c.replications },
          header: [
            `Counterexample found by: ${replay.check}`,
            `It breaks: ${c.judgements.filter((j) => j.verdict !== 'holds').map((j) => j.slo.text).join(', ')}`,
            `Fault set: ${describeFaultSet(c.set)}`,
            `Reproduce: meshsim run ${flags.out}`,
          ],
        })
      : undefined;
  const json = JSON.stringify(checkJson(file, outcome, replay), null, 2) + '\n';

  if (yaml !== undefined) writeFileAtomically(flags.out as string, yaml);
  if (flags.json !== undefined && flags.json !== '-') writeFileAtomically(flags.json, json);
  if (flags.json === '-') io.stdout(json);
  else if (!flags.quiet) io.stdout(renderCheckReport(file, outcome, replay));
  return c ? 1 : 0;
}

function progressText(p: CheckProgress): string {
  if (p.phase === 'enumerate') return `single faults ${p.done}/${p.total}`;
  if (p.phase === 'search') return `searching ${p.tried}/${p.planned}`;
  return `shrinking (${p.tried} points tried)`;
}

/** Adds `check` to the program; `done` receives the exit status. */
export function registerCheckCommand(program: Command, io: CliIo, done: (status: number) => void): void {
  program
    .command('check')
    .description('search the scenario\'s check: space for the smallest fault set that breaks a property')
    .argument('<file>', 'scenario file (YAML) with a check: section')
    .option('--property <expr>', "a property, e.g. 'availability>=99.9%' (repeatable; replaces check.properties)", (v: string, acc: string[] = []) => [...acc, v])
    .option('--runs <n>', 'random fault sets to try after the single-fault enumeration (default: check.runs)')
    .option('--seed <n>', "master seed (default: the scenario's); the search's seed derives from it")
    .option('--replications <n>', `replications per point (default: the scenario's, at least ${MIN_CHECK_REPLICATIONS})`)
    .option('--duration <d>', "measured simulated time per run (default: the scenario's)")
    .option('--warmup <d>', "simulated time discarded before measuring, or 'auto'")
    .option('--workers <n>', 'threads for replications; results do not depend on it')
    .addOption(new Option('--max-events <n>', 'refuse scenarios estimated above this many events').default(undefined))
    .option('--out <path>', 'write the counterexample as a scenario that meshsim run reproduces')
    .option('--json <path>', "write {schema: meshsim.check/v1, …} to PATH, or '-' for stdout instead of the report")
    .option('--quiet', 'print no report')
    .option(REDIS_FLAG, REDIS_FLAG_HELP)
    .action(async (file: string, flags: CheckFlags & RedisFlags) => done(await withRedisFlag(flags, io, (queue) => checkCommand(file, flags, io, queue))));
}
