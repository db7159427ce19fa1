/**
 * Traffic from root hops: each entry service (and the client that called it, when the
 * root is a client span) gets the rate at which its root requests arrived. For n
 * arrivals first and last at t1 and tn, (n − 1)/(tn − t1) is the unbiased estimate of
 * a Poisson rate observed between them; its relative standard error is about 1/√n.
 * Traces are often sampled: `sampled` (the fraction of requests traced) scales it back.
 */
import type { Hop } from './serviceHops.js';

export interface InferredTraffic {
  /** The caller's service when the root was its client span; undefined when the root is the entry itself. */
  readonly source: string | undefined;
  readonly to: string;
  /** Requests per second. */
  readonly rate: number;
  readonly roots: number;
  /** Seconds between the first and the last root. */
  readonly window: number;
}

/** Rates per (source, entry service), in order of first appearance; entries with one root have no rate. */
export function inferTraffic(hops: ReadonlyArray<Hop>, sampled = 1): { traffic: InferredTraffic[]; single: string[] } {
  const groups = new Map<string, { source: string | undefined; to: string; first: number; last: number; roots: number }>();
  for (const h of hops) {
    if (!h.root) continue;
    const key = `${h.source ?? ''}\u0000${h.service}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { source: h.source, to: h.service, first: h.start, last: h.start, roots: 1 });
    else {
      g.first = Math.min(g.first, h.start);
      g.last = Math.max(g.last, h.start);
      g.roots++;
    }
  }
  const traffic: InferredTraffic[] = [];
  const single: string[] = [];
  for (const g of groups.values()) {
    const window = g.last - g.first;
    if (g.roots < 2 || !(window > 0)) single.push(g.to);
    else traffic.push({ source: g.source, to: g.to, rate: (g.roots - 1) / window / sampled, roots: g.roots, window });
  }
  return { traffic, single };
}
