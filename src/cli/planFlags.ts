/** The flags only `meshsim plan` has: the load forecast, what to survive, the replica ceiling. */
import { UsageError } from './cliIo.js';

/** Largest load factor accepted: beyond it a forecast is a typo, and the search would be huge. */
export const MAX_LOAD = 1000;

/** --load: '1.5x', '1.5' or '150%' → 1.5; positive and at most MAX_LOAD. */
export function parseLoadFlag(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(x|%)?\s*$/i.exec(text);
  const value = m ? Number(m[1]) / (m[2] === '%' ? 100 : 1) : NaN;
  if (!(value > 0 && value <= MAX_LOAD)) {
    throw new UsageError(`--load: '${text}' is not a load factor (expected a multiplier of the file's traffic above 0 and at most ${MAX_LOAD}, such as 1.5x or 150%)`);
  }
  return value;
}

export const SURVIVABLE = ['zone-outage'] as const;

/** --survive: the failures the plan must ride out (only zone-outage so far). */
export function parseSurviveFlag(text: string, zones: number): 'zone-outage' {
  if (text.trim() !== 'zone-outage') throw new UsageError(`--survive: '${text}' is not a failure the planner can survive (expected one of: ${SURVIVABLE.join(', ')})`);
  if (zones < 2) throw new UsageError(`--survive zone-outage: the scenario has one zone, so no plan survives its outage (expected a scenario with two or more zones)`);
  return 'zone-outage';
}
