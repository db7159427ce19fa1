import { runMesh } from '../models/meshSimulation.js';
import { MeasurementWindow } from '../models/metrics/measurementWindow.js';
import { MeshMetrics, mergeMetrics } from '../models/metrics/meshMetrics.js';
import { buildResults, type Results } from '../report/results.js';
import { deriveSeed } from '../sim/randomStreams.js';
import type { Scenario } from '../scenarios/scenario.js';

export interface RunOptions {
  /** Master seed (default: the scenario's). */
  readonly seed?: number;
  /** Replications (default: the scenario's). */
  readonly replications?: number;
  /** Wall-clock reader for the `run` block only; the simulation never sees it. */
  readonly wallClock?: () => number;
}

/**
 * `meshsim run`: the scenario's replications, each a pure function of (scenario,
 * its derived seed), merged into one results object. Replication k uses the seed
 * derived from (seed, "replication/k"), except replication 0, which uses the
 * master seed itself so that a single replication reproduces `--seed N` exactly.
 */
export function runScenario(scenario: Scenario, options: RunOptions = {}): Results {
  const seed = options.seed ?? scenario.simulation.seed;
  const replications = options.replications ?? scenario.simulation.replications;
  const clock = options.wallClock;
  const started = clock ? clock() : 0;
  const { warmup, duration } = scenario.simulation;
  const merged = new MeshMetrics(new MeasurementWindow(warmup, warmup + duration));
  let events = 0;
  for (let k = 0; k < replications; k++) {
    const out = runMesh(scenario, { seed: k === 0 ? seed : deriveSeed(seed, `replication/${k}`) });
    mergeMetrics(merged, out.metrics);
    out.metrics.dispose();
    events += out.events;
  }
  const wallSeconds = clock ? Math.round((clock() - started) * 1000) / 1000 : 0;
  const results = buildResults({ scenario, seed, replications, metrics: merged, run: { wallSeconds, events } });
  merged.dispose();
  return results;
}
