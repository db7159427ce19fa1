import { validationJson } from '../report/diagnosticsJson.js';
import { formatLocated } from '../scenarios/inputError.js';
import { parseSuppressions } from '../scenarios/suppression.js';
import { validateFiles } from '../scenarios/validateFiles.js';
import { UsageError, type CliIo } from './cliIo.js';
import { PRE_RUN_CHECKS } from './preRunChecks.js';

export interface ValidateFlags {
  /** Print the diagnostics as JSON on stdout instead of text. */
  json?: boolean;
  /** Read directories' subdirectories too (-R). */
  recursive?: boolean;
  /** CODE[=RESOURCE] values to mute (repeatable). */
  suppress?: string[];
}

/** commander's collector for a repeatable flag. */
export function collectValues(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * `meshsim validate FILE…`: the messages on stderr and one summary line per file on
 * stdout; with --json, only the JSON on stdout. Exit status 2 when any message is an
 * error (Istio's Error level included), 0 otherwise: warnings and infos are printed.
 */
export function validateCommand(files: string[], flags: ValidateFlags, io: CliIo): number {
  let suppress;
  try {
    suppress = parseSuppressions(flags.suppress ?? []);
  } catch (err) {
    throw new UsageError(`--suppress ${(err as Error).message}`);
  }
  const { messages, summaries } = validateFiles(files, { recursive: flags.recursive === true, suppress, checks: PRE_RUN_CHECKS });
  if (flags.json === true) io.stdout(JSON.stringify(validationJson(messages), null, 2) + '\n');
  else {
    for (const m of messages) io.stderr(formatLocated(m) + '\n');
    for (const line of summaries) io.stdout(line + '\n');
  }
  return messages.some((m) => m.severity === 'error') ? 2 : 0;
}
