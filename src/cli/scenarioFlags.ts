/** The flags `run` and `compare` share: how one scenario is run, parsed once for both. */
import { availableParallelism } from 'node:os';
import type { ScenarioOverrides } from '../scenarios/loadScenario.js';
import { parseCountFlag, parseDurationFlag, parseEventBudgetFlag, parseSeedFlag } from './flagParsers.js';
import { parseWarmupFlag } from './statisticsFlags.js';

export interface ScenarioFlags {
  seed?: string;
  replications?: string;
  duration?: string;
  warmup?: string;
  maxEvents?: string;
  workers?: string;
}

/** What the flags override in the scenario file; absent flags leave the file's values. */
export function scenarioOverridesFromFlags(flags: ScenarioFlags): ScenarioOverrides {
  return {
    ...(flags.seed !== undefined && { seed: parseSeedFlag(flags.seed) }),
    ...(flags.replications !== undefined && { replications: parseCountFlag('--replications', flags.replications, 1, 10_000) }),
    ...(flags.duration !== undefined && { duration: parseDurationFlag('--duration', flags.duration, false) }),
    ...(flags.warmup !== undefined && { warmup: parseWarmupFlag(flags.warmup) }),
    ...(flags.maxEvents !== undefined && { maxEvents: parseEventBudgetFlag(flags.maxEvents) }),
  };
}

/** Worker threads: the flag, or one per available core (results do not depend on it). */
export function workersFromFlag(flags: ScenarioFlags): number {
  return flags.workers !== undefined ? parseCountFlag('--workers', flags.workers, 1, 1024) : availableParallelism();
}
