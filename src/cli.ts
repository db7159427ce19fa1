/**
 * meshsim's command line: commander wiring only. It parses flags, calls an
 * experiment, prints a report, and maps outcomes to exit statuses
 * (docs/contract.md): 0 done, 1 a valid "no", 2 bad input or usage.
 */
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_MAX_REPLICATIONS, runScenario } from './experiments/runScenario.js';
import { renderConsoleTable } from './report/consoleTable.js';
import { renderCriticalPath } from './report/criticalPath.js';
import { formatLocated, InputError, type LocatedMessage } from './scenarios/inputError.js';
import { loadScenario } from './scenarios/loadScenario.js';
import { processIo, UsageError, type CliIo } from './cli/cliIo.js';
import { parseCountFlag } from './cli/flagParsers.js';
import { scenarioOverridesFromFlags, workersFromFlag, type ScenarioFlags } from './cli/scenarioFlags.js';
import { parsePrecisionFlag } from './cli/statisticsFlags.js';
import { createRunProgress } from './cli/runProgress.js';
import { exitCleanlyOnSignals } from './cli/interrupt.js';
import { RunOutputs, type RunOutputFlags } from './cli/runOutputs.js';
import { compareCommand, type CompareFlags } from './cli/compareCommand.js';
import { registerCheckCommand } from './cli/checkCommand.js';
import { registerDiffCommand } from './cli/diffCommand.js';
import { registerPlanCommand } from './cli/planCommand.js';
import { collectValues, validateCommand, type ValidateFlags } from './cli/validateCommand.js';
import { checkOutputFile } from './cli/outputPaths.js';
import { writeFileAtomically } from './cli/writeFileAtomically.js';
import { registerImportCommand } from './cli/importCommand.js';
import { MESHSIM_VERSION } from './version.js';
import { QueueSetupError } from './distributed/queueSetupError.js';
import { REDIS_FLAG, REDIS_FLAG_HELP, withRedisFlag, type QueueWiring, type RedisFlags } from './cli/redisFlag.js';
import { registerWorkerCommand } from './cli/workerCommand.js';
import { RunPreChecks } from './cli/preRunChecks.js';
import { wallClock } from './cli/wallTime.js';

export const EXIT_OK = 0;
export const EXIT_NO = 1;
export const EXIT_BAD_INPUT = 2;
/** A bug in meshsim itself (not the user's input). */
export const EXIT_INTERNAL = 70;

interface RunFlags extends ScenarioFlags, RedisFlags, RunOutputFlags {
  json?: string;
  quiet?: boolean;
  wide?: boolean;
  precision?: string;
  maxReplications?: string;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit status. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  let status = EXIT_OK;
  const program = new Command('meshsim')
    .description('Deterministic discrete-event simulator for service meshes')
    .version(MESHSIM_VERSION, '-V, --version', "print meshsim's version")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s), outputError: (s, write) => write(s) })
    .showHelpAfterError(false);

  program
    .command('run')
    .description('simulate a scenario and report latency, availability and cost')
    .argument('<file>', 'scenario file (YAML)')
    .option('--seed <n>', 'master seed (default: the scenario\'s)')
    .option('--replications <n>', 'independent replications (default: the scenario\'s)')
    .option('--duration <d>', 'measured simulated time, e.g. 60s (default: the scenario\'s)')
    .option('--warmup <d>', "simulated time discarded before measuring, e.g. 5s, or 'auto' (MSER-5 on a pilot run)")
    .option('--json <path>', "write the results JSON to PATH, or '-' for stdout instead of the table")
    .option('--quiet', 'print no table (warnings still go to stderr)')
    .option('--wide', 'print every column of the table, however wide the terminal')
    .addOption(new Option('--max-events <n>', 'refuse scenarios estimated above this many events').default(undefined))
    .option('--workers <n>', "threads for replications (default: up to the machine's cores, when the run is long enough to gain); results do not depend on it")
    .option('--precision <p>', 'add replications until every end-to-end 95% half-width is within P of its estimate, e.g. 2%')
    .option('--max-replications <n>', `cap on replications under --precision (default ${DEFAULT_MAX_REPLICATIONS})`)
    .option(REDIS_FLAG, REDIS_FLAG_HELP)
    .option('--prometheus <path>', "write Istio's standard metrics (istio_requests_total, istio_request_duration_milliseconds) in Prometheus text format to PATH")
    .option('--report <path>', 'write a self-contained HTML report (timeline with faults, latency CDF, per-service latency, service graph) to PATH')
    .option('--traces <path>', 'write a sample of measured requests as OTLP/JSON traces to PATH (Jaeger and the OpenTelemetry Collector import it), and print the critical path of the slowest')
    .option('--trace-sample <p>', 'fraction of measured requests traced under --traces, e.g. 0.01 or 1% (default 0.001)')
    .option('--trace-start <time>', 'date the traces: simulated time 0 at now or at an ISO 8601 instant such as 2026-12-05T10:00:00Z (default 2026-01-01T00:00:00Z, so the same run writes the same bytes)')
    .action(async (file: string, flags: RunFlags) => {
      status = await withRedisFlag(flags, io, (queue) => runCommand(file, flags, io, queue));
    });

  program
    .command('compare')
    .description('run a scenario once per data plane, with the same random numbers, and compare latency, availability and cost')
    .argument('<file>', 'scenario file (YAML)')
    .option('--data-planes <list>', 'data planes to compare (default: none,sidecar,ambient,ebpf)')
    .option(
      '--baseline <name>',
      "what deltas are taken against: policy-only (sidecar with costs: none — Istio resources applied, proxies free) or a data plane (default: the first data plane listed, or policy-only when that is none and the scenario has Istio resources)",
    )
    .option('--seed <n>', 'master seed (default: the scenario\'s)')
    .option('--replications <n>', 'replications per data plane (default: the scenario\'s)')
    .option('--duration <d>', 'measured simulated time, e.g. 60s (default: the scenario\'s)')
    .option('--warmup <d>', "simulated time discarded before measuring, e.g. 5s, or 'auto'")
    .option('--workers <n>', 'threads for replications; results do not depend on it')
    .addOption(new Option('--max-events <n>', 'refuse scenarios estimated above this many events').default(undefined))
    .option('--json <path>', "write {schema: meshsim.compare/v1, dataPlanes: {…}} to PATH, or '-' for stdout instead of the table")
    .option('--markdown [path]', 'write the comparison as a Markdown table to PATH, or to stdout instead of the table')
    .option('--report <path>', 'write a self-contained HTML report with charts (SVG)')
    .option('--charts <dir>', 'write each chart as an SVG file into DIR')
    .option('--quiet', 'print no table (warnings still go to stderr)')
    .option('--wide', 'print every column of the table, however wide the terminal')
    .option(REDIS_FLAG, REDIS_FLAG_HELP)
    .action(async (file: string, flags: CompareFlags & RedisFlags) => {
      await withRedisFlag(flags, io, (queue) => compareCommand(file, flags, io, queue));
      status = EXIT_OK;
    });

  registerCheckCommand(program, io, (s) => (status = s));
  registerDiffCommand(program, io, (s) => (status = s));
  registerPlanCommand(program, io, (s) => (status = s));

  program
    .command('validate')
    .description('check scenario files and Istio/Kubernetes manifests as istioctl analyze would; print errors, warnings and infos with their codes')
    .argument('<files...>', "scenario files, manifests or directories of them; '-' reads standard input")
    .option('--json', 'print the diagnostics as JSON (file, line, column, severity, code, message) on stdout')
    .option('-R, --recursive', 'read the YAML files of subdirectories too')
    .option('--suppress <CODE[=RESOURCE]>', "mute a message code, everywhere or on one resource ('Kind name.namespace', * matches any text); repeatable", collectValues)
    .action((files: string[], flags: ValidateFlags) => {
      status = validateCommand(files, flags, io);
    });

  registerImportCommand(program, io, (s) => (status = s));
  registerWorkerCommand(program, io, (s) => (status = s));

  try {
    await program.parseAsync(argv, { from: 'user' });
    return status;
  } catch (err) {
    return handleError(err, io);
  }
}

async function runCommand(file: string, flags: RunFlags, io: CliIo, queue: QueueWiring | undefined): Promise<number> {
  if (flags.json !== undefined && flags.json !== '-') checkOutputFile('--json', flags.json);
  const overrides = scenarioOverridesFromFlags(flags);
  const workers = workersFromFlag(flags);
  const outputs = new RunOutputs(flags);
  if (outputs.tracing !== undefined && queue !== undefined) throw new UsageError(`--traces: not with ${REDIS_FLAG.split(' ')[0]} (a queue's workers do not send traces back); run on this machine's threads`);
  const precision = flags.precision !== undefined ? parsePrecisionFlag(flags.precision) : undefined;
  const maxReplications = flags.maxReplications !== undefined ? parseCountFlag('--max-replications', flags.maxReplications, 2, 10_000) : undefined;
  const preChecks = new RunPreChecks();
  const { scenario, warnings } = loadScenario(file, overrides, preChecks.checks);
  printMessages(warnings, io);
  const { warmup, duration } = scenario.simulation;
  const progress = await createRunProgress(io.stderrIsTty === true, scenario.simulation.replications, warmup + duration, process.stderr, queue?.fleetLabel);
  const stopHandlingSignals = exitCleanlyOnSignals(() => progress.stop(), io.stderr);
  let outcome;
  try {
    outcome = await runScenario(scenario, {
      workers,
      adaptiveWorkers: flags.workers === undefined,
      ...(queue && { runner: queue.runner }),
      ...(precision !== undefined && { precision }),
      ...(maxReplications !== undefined && { maxReplications }),
      wallClock,
      onProgress: (p) => progress.update(p),
      progressWithinReplications: true,
      onMerged: outputs.onMerged(scenario),
      ...(outputs.tracing && { tracing: outputs.tracing }),
      ...(preChecks.overload && { overloadFindings: preChecks.overload }),
    });
  } finally {
    stopHandlingSignals();
    progress.stop();
  }
  const { results, notices } = outcome;
  for (const w of outcome.warnings) io.stderr(`meshsim: warning: ${w}\n`);
  for (const n of notices) io.stderr(`meshsim: ${n}\n`);
  if (outcome.traces?.capped) {
    io.stderr(`meshsim: warning: --traces: sampling stopped at the cap of ${outputs.tracing?.maxSpans ?? 0} spans, so later requests are not traced; lower --trace-sample for a sample of the whole run\n`);
  }
  const criticalPath = outputs.criticalPath(outcome.traces);
  const json = JSON.stringify(results, null, 2) + '\n';
  await outputs.write(scenario, results, [...outcome.warnings, ...notices], `meshsim run ${file}`, outcome.traces, criticalPath);
  if (flags.json === '-') {
    io.stdout(json);
    return EXIT_OK;
  }
  if (flags.json !== undefined) writeFileAtomically(flags.json, json);
  if (!flags.quiet) {
    io.stdout(renderConsoleTable(results, { ...(!flags.wide && io.stdoutColumns !== undefined && { width: io.stdoutColumns }) }));
    if (outputs.tracing !== undefined) io.stdout('\n' + (criticalPath ? renderCriticalPath(criticalPath) : 'Critical path: no request was traced (raise --trace-sample)\n'));
  }
  return EXIT_OK;
}

function printMessages(messages: ReadonlyArray<LocatedMessage>, io: CliIo): void {
  for (const m of messages) io.stderr(formatLocated(m) + '\n');
}

function handleError(err: unknown, io: CliIo): number {
  if (err instanceof InputError) {
    printMessages(err.messages, io);
    return EXIT_BAD_INPUT;
  }
  if (err instanceof UsageError || err instanceof QueueSetupError) {
    io.stderr(`meshsim: ${err.message}\n`);
    return EXIT_BAD_INPUT;
  }
  if (err instanceof CommanderError) {
    // Help and version are successes; every other commander error is a usage error.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT_OK;
    return EXIT_BAD_INPUT;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  io.stderr(`meshsim: internal error: ${e.message}\n(this is a bug in meshsim, not in your input; please report it with the scenario file)\n${e.stack ?? ''}\n`);
  return EXIT_INTERNAL;
}
