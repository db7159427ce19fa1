/**
 * `meshsim import k8s|traces|prometheus`: wiring only. Each subcommand calls its
 * importer (src/import/), prints the warnings, and writes the scenario: to stdout, or
 * atomically to --out, never over an existing file unless --force.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { importKubernetes, type ImportOutcome } from '../import/importKubernetes.js';
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
