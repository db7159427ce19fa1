import type { Locality } from './request.js';

/**
 * One upstream endpoint (a replica) as the load balancer and outlier detector see it.
 * `id` is stable for the life of the run and dense (0..n-1 within a cluster is not
 * required, but ids are unique), so state can live in arrays keyed by it.
 */
export interface Endpoint {
  readonly id: number;
  /** Pod labels, including `version` — DestinationRule subsets select on these. */
  readonly labels: Readonly<Record<string, string>>;
  readonly locality: Locality;
  /** Load-balancing weight (Envoy endpoint weight); 1 unless configured. */
  readonly weight: number;
  /** Address used by hash policies on source IP and for identity; e.g. "10.0.3.7". */
  readonly address: string;
}

/**
 * The lowest id and how many ids up to the highest: where per-host state indexed by
 * `id - first` fits (a service's replicas have consecutive ids). `{first: 0, span: 0}`
 * for no ids.
 */
export function idRange(ids: Iterable<number>): { first: number; span: number } {
  let first = Infinity;
  let last = -Infinity;
  for (const id of ids) {
    if (id < first) first = id;
    if (id > last) last = id;
  }
  return first === Infinity ? { first: 0, span: 0 } : { first, span: last - first + 1 };
}
