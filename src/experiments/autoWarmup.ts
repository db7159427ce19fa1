/**
 * `warmup: auto`: where does the initial transient end? A pilot run measured from
 * t = 0 records the requests in flight, time-averaged over 1000 equal buckets of
 * the scenario's duration; MSER-5 (src/statistics/mser.ts) picks the truncation point
 * on that trajectory, and the replications then discard that much.
 *
 * Why requests in flight: by Little's law it moves with latency, it is defined at
 * every instant (a time series without gaps even under light load), and queue
 * content is the classic MSER input (White, Cobb & Spratt 2000 test it on queues
 * started empty or full). Why one pilot with its own seed: every replication then
 * uses the same window, and the choice does not reuse replication 0's numbers.
 */
import { round } from '../statistics/significantDigits.js';
import { mserTruncation } from '../statistics/mser.js';
import { deriveSeed } from '../sim/randomStreams.js';
import type { Scenario } from '../scenarios/scenario.js';
import { runReplication } from './replication.js';

export interface WarmupChoice {
  /** Seconds to discard. */
  readonly chosen: number;
  /** Seconds the pilot measured (from t = 0). */
  readonly pilotSeconds: number;
  /** False when MSER's minimum sat at the end of the searched half: the transient may be longer. */
  readonly settled: boolean;
  /** Simulator events the pilot executed. */
  readonly events: number;
}

/** The pilot's seed: derived from the master seed, apart from every replication's. */
export function pilotSeed(masterSeed: number): number {
  return deriveSeed(masterSeed, 'warmup/pilot');
}

/** Runs the pilot (warm-up 0, the scenario's duration) and applies MSER-5 to its in-flight trajectory. */
export function chooseWarmup(scenario: Scenario, masterSeed: number): WarmupChoice {
  const pilot: Scenario = { ...scenario, simulation: { ...scenario.simulation, warmup: 0 } };
  // runReplication's index 0 runs with the seed it is given: the pilot's own.
  const report = runReplication(pilot, pilotSeed(masterSeed), 0, false);
  const truncation = mserTruncation(report.inFlight, 5);
  return {
    chosen: round(truncation.observations * report.inFlightBucket),
    pilotSeconds: scenario.simulation.duration,
    settled: truncation.settled,
    events: report.events,
  };
}
