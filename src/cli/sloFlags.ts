/** `--slo EXPR` (repeatable): objectives from the command line, replacing the scenario's `slo:`. */
import type { Scenario } from '../scenarios/scenario.js';
import { parseSlo, sloContradictions, SloSyntaxError, type Slo } from '../scenarios/slo.js';
import { sloTargetProblems } from '../scenarios/sloTargets.js';
import { UsageError } from './cliIo.js';

/** Parses every `--slo` given; throws UsageError naming the flag value, what is wrong, and where. */
export function parseSloFlags(flag: string, texts: ReadonlyArray<string>): Slo[] {
  return texts.map((text) => {
    try {
      return parseSlo(text);
    } catch (err) {
      if (!(err instanceof SloSyntaxError)) throw err;
      throw new UsageError(`${flag} '${text}': column ${err.column}: ${err.message} (expected ${err.expected})`);
    }
  });
}

/**
 * The objectives a command judges: the flags' when given (checked against the scenario
 * here, since the file's were checked when it loaded), else the scenario's own.
 */
export function objectivesFor(flag: string, flagged: ReadonlyArray<Slo>, scenario: Scenario): ReadonlyArray<Slo> {
  if (flagged.length === 0) return scenario.slo;
  const problems = [...sloContradictions(flagged), ...sloTargetProblems(flagged, scenario)].sort((a, b) => a.index - b.index);
  const first = problems[0];
  if (first !== undefined) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new UsageError(`${flag} '${(flagged[first.index] as Slo).text}': ${first.message} (expected ${first.expected})${more}`);
  }
  return flagged;
}
