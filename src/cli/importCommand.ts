/**
 * `meshsim import k8s|traces|prometheus`: wiring only. Each subcommand calls its
 * importer (src/import/), prints the warnings, and writes the scenario: to stdout, or
 * atomically to --out, never over an existing file unless --force. `import traces --into
 * S` writes back to S (merging into it is what was asked), atomically.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { importKubernetes, type ImportOutcome } from '../import/importKubernetes.js';
import { importPrometheus } from '../import/importPrometheus.js';
import { importTraces } from '../import/importTraces.js';
import { DURATION_EXPECTED, parseDuration } from '../scenarios/units.js';
import { formatLocated } from '../scenarios/inputError.js';
import { UsageError, type CliIo } from './cliIo.js';
import { checkOutputFile } from './outputPaths.js';
import { writeFileAtomically } from './writeFileAtomically.js';

interface OutputFlags {
  out?: string;
  force?: boolean;
}

interface KubernetesFlags extends OutputFlags {
  name?: string;
}

/** Adds `import` and its subcommands to `program`; `done` receives the exit status. */
export function registerImportCommand(program: Command, io: CliIo, done: (status: number) => void): void {
  const command = program.command('import').description('start a scenario from what a cluster already has: manifests, traces, metrics');
  command
    .command('k8s')
    .description('Kubernetes manifests (Deployments, StatefulSets, Services, Istio resources) → a scenario with placeholders for what they cannot say')
    .argument('<manifests...>', 'manifest files (YAML, several documents each, List kinds allowed)')
    .option('--out <path>', 'write the scenario to PATH (default: stdout)')
    .option('--force', 'overwrite --out if it exists')
    .option('--name <name>', "the scenario's metadata.name (default: the first manifest's file name)")
    .action((files: string[], flags: KubernetesFlags) => {
      const out = checkTarget(flags);
      const outcome = importKubernetes(files, { outFile: out ?? '<stdout>', ...(flags.name !== undefined && { name: flags.name }) });
      emit(outcome, out, io);
      done(0);
    });
  registerTraces(command, io, done);
  registerPrometheus(command, io, done);
}

interface TraceFlags extends OutputFlags {
  into?: string;
  sampled?: string;
}

/** Adds `import traces`. */
function registerTraces(command: Command, io: CliIo, done: (status: number) => void): void {
  command
    .command('traces')
    .description("an OTLP/JSON or Jaeger JSON trace export → each service's own time, its calls and the traffic, merged into a scenario")
    .argument('<traces>', 'trace file (OTLP/JSON, OTLP JSON lines, or Jaeger JSON)')
    .option('--into <scenario>', 'merge into this scenario, keeping everything else in it (written back to it unless --out is given)')
    .option('--out <path>', 'write the scenario to PATH (default: the --into file, else stdout)')
    .option('--force', 'overwrite --out if it exists')
    .option('--sampled <fraction>', 'fraction of requests the traces hold (head sampling), e.g. 0.01; rates are divided by it', '1')
    .action((file: string, flags: TraceFlags) => {
      const sampled = Number(flags.sampled);
      if (!(sampled > 0 && sampled <= 1)) throw new UsageError(`--sampled: '${flags.sampled}' is not a fraction in (0, 1] (expected e.g. 0.01 for 1% of requests traced)`);
      const out = checkTarget(flags) ?? flags.into;
      const outcome = importTraces(file, { outFile: out ?? '<stdout>', sampled, ...(flags.into !== undefined && { into: flags.into }) });
      emit(outcome, out, io);
      done(0);
    });
}

interface PrometheusFlags extends OutputFlags {
  into?: string;
  window?: string;
}

/** Adds `import prometheus`. */
function registerPrometheus(command: Command, io: CliIo, done: (status: number) => void): void {
  command
    .command('prometheus')
    .description("Istio's standard metrics (a text exposition snapshot or a query JSON export) → traffic rates, calls per request and leaf services' times, merged into a scenario")
    .argument('<file>', 'metrics file: Prometheus text format, or /api/v1/query(_range) JSON')
    .option('--into <scenario>', 'merge into this scenario, keeping everything else in it (written back to it unless --out is given)')
    .option('--out <path>', 'write the scenario to PATH (default: the --into file, else stdout)')
    .option('--force', 'overwrite --out if it exists')
    .option('--window <d>', "how long a snapshot's counters counted, e.g. 10m (a range query says it itself)")
    .action((file: string, flags: PrometheusFlags) => {
      const window = flags.window === undefined ? undefined : parseDuration(flags.window);
      if (window !== undefined && !(window > 0)) throw new UsageError(`--window: '${flags.window}' is not a positive duration (expected e.g. 10m)`);
      if (flags.window !== undefined && window === undefined) throw new UsageError(`--window: '${flags.window}' is not a duration (expected ${DURATION_EXPECTED})`);
      const out = checkTarget(flags) ?? flags.into;
      const outcome = importPrometheus(file, { outFile: out ?? '<stdout>', ...(window !== undefined && { window }), ...(flags.into !== undefined && { into: flags.into }) });
      emit(outcome, out, io);
      done(0);
    });
}

/** The --out path, checked before any work: refused if it exists (without --force) or cannot be written. */
function checkTarget(flags: OutputFlags): string | undefined {
  if (flags.out === undefined || flags.out === '-') return undefined;
  checkOutputFile('--out', flags.out);
  if (existsSync(flags.out) && flags.force !== true) throw new UsageError(`--out: '${flags.out}' exists; refusing to overwrite it (add --force, or choose another path)`);
  return flags.out;
}

function emit(outcome: ImportOutcome, out: string | undefined, io: CliIo): void {
  for (const w of outcome.warnings) io.stderr(formatLocated(w) + '\n');
  for (const n of outcome.notes) io.stderr(`meshsim: warning: ${n}\n`);
  if (out === undefined) io.stdout(outcome.text);
  else {
    writeFileAtomically(out, outcome.text);
    io.stderr(`meshsim: wrote ${out}\n`);
  }
}
