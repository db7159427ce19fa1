import { MAX_SIMULATED_SECONDS } from '../scenarios/scenarioSchema.js';
import { DURATION_EXPECTED, formatDuration, parseDuration } from '../scenarios/units.js';
import { UsageError } from './cliIo.js';

/** --seed: a whole number ≥ 0 that a 32-bit seed can hold. */
export function parseSeedFlag(text: string): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n > 2 ** 32 - 1) {
    throw new UsageError(`--seed: '${text}' is not a seed (expected a whole number from 0 to 4294967295)`);
  }
  return n;
}

/** --replications and similar: a whole number in [min, max]. */
export function parseCountFlag(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || n < min || n > max) {
    throw new UsageError(`${flag}: '${text}' is not allowed (expected a whole number from ${min} to ${max})`);
  }
  return n;
}

/** --duration / --warmup: a duration with a unit, in seconds. */
export function parseDurationFlag(flag: string, text: string, allowZero: boolean): number {
  const s = parseDuration(text);
  if (s === undefined || !Number.isFinite(s) || s < 0 || (!allowZero && s === 0)) {
    throw new UsageError(`${flag}: '${text}' is not a ${allowZero ? '' : 'positive '}duration (expected ${DURATION_EXPECTED})`);
  }
  // The scenario file's own limit (scenarioSchema.ts), which a flag must not get around.
  if (s > MAX_SIMULATED_SECONDS) throw new UsageError(`${flag}: '${text}' is too long (expected at most ${formatDuration(MAX_SIMULATED_SECONDS)})`);
  return s;
}

/** --max-events: a positive number, scientific notation allowed (5e8). */
export function parseEventBudgetFlag(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--max-events: '${text}' is not an event budget (expected a positive number such as 1e9)`);
  return n;
}
