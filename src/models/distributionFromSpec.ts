import type { DistributionSpec } from '../scenarios/scenario.js';
import { constant, empirical, exponential, gamma, lognormal, mixture, type Distribution } from '../sim/distributions.js';

/**
 * The bridge from a scenario's distribution spec to a sim sampler: the spec
 * format belongs to scenarios/, the samplers to sim/, and models/ is where the
 * two meet (sim/ knows nothing of scenario files).
 */

/** Builds a sampler from a resolved scenario spec (durations in seconds). */
export function createDistribution(spec: DistributionSpec): Distribution {
  switch (spec.dist) {
    case 'constant':
      return constant(spec.value);
    case 'exponential':
      return exponential(spec.mean);
    case 'lognormal':
      return lognormal(spec.median, spec.p99);
    case 'gamma':
      return gamma(spec.mean, spec.cv);
    case 'empirical':
      return empirical(spec.points);
    case 'mixture':
      return mixture(spec.of.map((c) => ({ weight: c.weight, dist: createDistribution(c.dist) })));
  }
}
