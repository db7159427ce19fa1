import type { DistributionSpec } from '../scenarios/scenario.js';
import { constant, empirical, exponential, gamma, lognormal, mixture, type Distribution } from '../sim/distributions.js';

/**
 * The bridge from a scenario's distribution spec to a sim sampler: the spec
 * format belongs to scenarios/, the samplers to sim/, and models/ is where the
 * two meet (sim/ knows nothing of scenario files).
 */

/**
 * Samplers already built, by spec object. Samplers hold only their parameters (a draw
 * takes its randomness from the caller's stream), so every proxy or replica built from
 * one spec can share one: a 3,000-service sidecar mesh otherwise holds 9,000 copies of
 * the proxy's CPU distribution, each found cold on every pass.
 */
const built = new WeakMap<DistributionSpec, Distribution>();

/** The sampler of a resolved scenario spec (durations in seconds), one per spec object. */
export function createDistribution(spec: DistributionSpec): Distribution {
  let d = built.get(spec);
  if (d === undefined) {
    d = buildDistribution(spec);
    built.set(spec, d);
  }
  return d;
}

function buildDistribution(spec: DistributionSpec): Distribution {
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
