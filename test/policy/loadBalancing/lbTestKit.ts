import seedrandom from 'seedrandom';
import type { Endpoint } from '../../../src/policy/endpoint.js';
import type { RandomSource } from '../../../src/policy/randomSource.js';
import type { Locality } from '../../../src/policy/request.js';

/** Shared helpers for the load-balancing tests: seeded randomness and endpoint builders. */

export function seeded(seed: string): RandomSource {
  const r = seedrandom.alea(seed);
  return { next: () => r() };
}

export function loc(region: string, zone = '', subzone = ''): Locality {
  return { region, zone, subzone };
}

export function endpoint(id: number, opts: { weight?: number; locality?: Locality; labels?: Record<string, string> } = {}): Endpoint {
  return {
    id,
    labels: opts.labels ?? {},
    locality: opts.locality ?? loc('r1', 'z1', ''),
    weight: opts.weight ?? 1,
    address: `10.0.${Math.floor(id / 250)}.${(id % 250) + 1}`,
  };
}

export function endpoints(n: number, opts: { weights?: readonly number[]; locality?: Locality; firstId?: number } = {}): Endpoint[] {
  return Array.from({ length: n }, (_, i) =>
    endpoint((opts.firstId ?? 0) + i, { weight: opts.weights?.[i] ?? 1, ...(opts.locality ? { locality: opts.locality } : {}) }),
  );
}

/** Counts per endpoint id. */
export function tally(picks: ReadonlyArray<Endpoint | undefined>): Map<number, number> {
  const m = new Map<number, number>();
  for (const p of picks) if (p !== undefined) m.set(p.id, (m.get(p.id) ?? 0) + 1);
  return m;
}

/**
 * Acceptance band for a binomial count: |count − n·p| ≤ z·sqrt(n·p·(1−p)). z = 4.5 keeps the
 * per-check false-alarm probability near 7e-6, so a test with a few dozen checks stays
 * below 1e-3 for any seed.
 */
export function binomialTolerance(n: number, p: number, z = 4.5): number {
  return z * Math.sqrt(n * p * (1 - p));
}
