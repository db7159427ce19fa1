import type { Endpoint } from '../endpoint.js';
import type { HashTable, NormalizedWeights } from './hashLoadBalancer.js';
import { xxHash64 } from './xxHash64.js';
import { hash64Mod, type Hash64 } from './hash64.js';

/**
 * Envoy's Maglev table (maglev_lb.cc; docs/semantics/envoy-istio.md §5.2 [EA-CL][ED-LBS]):
 * the Maglev paper's permutation fill (offset = XXH64(key) mod M, skip = XXH64(key, seed 1)
 * mod (M−1) + 1) with Envoy's weighting — a host of the largest weight takes a slot every
 * iteration, one of a third of it every third iteration. M must be prime (default 65537).
 */
export class MaglevTable implements HashTable {
  private readonly table: Array<Endpoint | undefined>;

  constructor(weights: NormalizedWeights, private readonly tableSize: number) {
    this.table = new Array<Endpoint | undefined>(weights.length === 0 ? 0 : tableSize).fill(undefined);
    if (weights.length === 0) return;
    const m = BigInt(tableSize);
    let maxW = 0;
    for (const [, w] of weights) maxW = Math.max(maxW, w);
    const build = weights.map(([host, weight]) => ({
      host,
      weight,
      offset: Number(xxHash64(host.address) % m),
      skip: Number(xxHash64(host.address, 1n) % (m - 1n)) + 1,
      next: 0,
      target: 0,
    }));
    let filled = 0;
    for (let iteration = 1; filled < tableSize; iteration++) {
      for (let i = 0; i < build.length && filled < tableSize; i++) {
        const e = build[i] as (typeof build)[number];
        if (iteration * e.weight < e.target) continue;
        e.target += maxW;
        // offset + skip·next mod M, kept exact: skip·next can exceed 2^53 only for huge tables.
        let c = (e.offset + mulMod(e.skip, e.next, tableSize)) % tableSize;
        while (this.table[c] !== undefined) {
          e.next++;
          c = (e.offset + mulMod(e.skip, e.next, tableSize)) % tableSize;
        }
        this.table[c] = e.host;
        e.next++;
        filled++;
      }
    }
  }

  /** Slots per host id, for tests and diagnostics. */
  slotsPerHost(): Map<number, number> {
    const m = new Map<number, number>();
    for (const h of this.table) if (h !== undefined) m.set(h.id, (m.get(h.id) ?? 0) + 1);
    return m;
  }

  /** Exact traffic share per host id for uniformly distributed hashes: slots / table size. */
  sharePerHost(): Map<number, number> {
    const m = new Map<number, number>();
    for (const [id, slots] of this.slotsPerHost()) m.set(id, slots / this.table.length);
    return m;
  }

  chooseHost(h: Hash64, attempt: number): Endpoint | undefined {
    if (this.table.length === 0) return undefined;
    // Envoy: with a retry host predicate, hash ^= ~0 − attempt + 1 (= 2^64 − attempt) to land far away.
    // For 1 ≤ attempt < 2^32 that is high word 0xffffffff, low word 2^32 − attempt.
    const hash = attempt > 0 ? { hi: (h.hi ^ 0xffffffff) >>> 0, lo: (h.lo ^ (0x100000000 - attempt)) >>> 0 } : h;
    return this.table[hash64Mod(hash, this.tableSize)];
  }
}

/** a·b mod m without leaving exact double range (a, b < 2^32, m < 2^23 in practice). */
function mulMod(a: number, b: number, m: number): number {
  const p = a * b;
  return Number.isSafeInteger(p) ? p % m : Number((BigInt(a) * BigInt(b)) % BigInt(m));
}
