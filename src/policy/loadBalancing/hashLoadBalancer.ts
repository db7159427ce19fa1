import type { Endpoint } from '../endpoint.js';
import { randomUint64, requestHash } from './hashKey.js';
import type { HashKeySource } from './loadBalancerConfig.js';
import type { Hash64 } from './hash64.js';
import { pickWithHostPredicate, type LoadBalancer, type PickContext } from './loadBalancer.js';

/** A built consistent-hash structure (ring or Maglev table) over one host list. */
export interface HashTable {
  /** The host for 64-bit hash `h`; `attempt` > 0 steps to an alternative for the retry host predicate. */
  chooseHost(h: Hash64, attempt: number): Endpoint | undefined;
}

/** (host, weight normalized so the list sums to 1), in host-list order. */
export type NormalizedWeights = ReadonlyArray<readonly [Endpoint, number]>;

/**
 * Envoy's thread-aware hash balancers (RING_HASH, MAGLEV): one table per host list,
 * rebuilt when the list changes; the request hash (or, without one, a random uint64 —
 * "behaves like RANDOM", docs/semantics/envoy-istio.md §5.2 [E-TALB]) picks the host.
 * The cluster balancer may pass the hash it already used to pick the priority (`hash`).
 */
export class HashLoadBalancer implements LoadBalancer {
  private readonly tables = new Map<number, { hosts: readonly Endpoint[]; table: HashTable }>();

  constructor(
    private readonly key: HashKeySource,
    private readonly build: (weights: NormalizedWeights) => HashTable,
  ) {}

  /** The 64-bit hash for this request, or a random one when it carries no key. */
  hashFor(ctx: PickContext): Hash64 {
    return requestHash(this.key, ctx.request) ?? randomUint64(ctx.random);
  }

  pick(ctx: PickContext & { readonly hash?: Hash64; readonly weightOf?: (host: Endpoint) => number }): Endpoint | undefined {
    const hosts = ctx.hosts;
    if (hosts.length === 0) return undefined;
    const key = ctx.sourceKey ?? 0;
    let entry = this.tables.get(key);
    if (entry === undefined || entry.hosts !== hosts) {
      entry = { hosts, table: this.build(normalizeWeights(hosts, ctx.weightOf ?? ((h) => h.weight))) };
      this.tables.set(key, entry);
    }
    const table = entry.table;
    const h = ctx.hash ?? this.hashFor(ctx);
    return pickWithHostPredicate(ctx, (attempt) => table.chooseHost(h, attempt));
  }
}

/** Host weights divided by their sum (Envoy normalizeHostWeights); non-positive weights drop out. */
export function normalizeWeights(hosts: readonly Endpoint[], weightOf: (host: Endpoint) => number): NormalizedWeights {
  let sum = 0;
  for (const h of hosts) sum += Math.max(0, weightOf(h));
  if (sum <= 0) return [];
  const out: Array<readonly [Endpoint, number]> = [];
  for (const h of hosts) {
    const w = weightOf(h);
    if (w > 0) out.push([h, w / sum]);
  }
  return out;
}
