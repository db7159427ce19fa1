import type { RandomSource } from '../policy/randomSource.js';
import type { Distribution } from '../sim/distributions.js';
import type { VersionSpec } from '../scenarios/scenario.js';
import type { App } from './app.js';
import type { VersionMetrics } from './metrics/meshMetrics.js';
import type { Replica } from './replica.js';
import type { ServiceRuntime } from './serviceRuntime.js';

/** One version of a service at run time: its compiled config, streams and replicas. */
export interface VersionRuntime {
  readonly name: string;
  readonly service: ServiceRuntime;
  readonly spec: VersionSpec;
  readonly concurrency: number;
  readonly queueLimit: number;
  readonly serviceTime: Distribution;
  /** Draws for this version's service times. */
  readonly workRng: RandomSource;
  /** Draws for this version's app decisions (errors, optional calls). */
  readonly appRng: RandomSource;
  /** Draws for the jitter of this version's own client retries (call steps' `retries`). */
  readonly retryRng: RandomSource;
  readonly metrics: VersionMetrics;
  readonly replicas: Replica[];
  app: App;
}
