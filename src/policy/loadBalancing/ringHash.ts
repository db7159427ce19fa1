import type { Endpoint } from '../endpoint.js';
import type { HashTable, NormalizedWeights } from './hashLoadBalancer.js';
import { xxHash64 } from './xxHash64.js';
import { compareHash64, type Hash64 } from './hash64.js';

/**
 * Envoy's ketama ring (ring_hash_lb.cc; docs/semantics/envoy-istio.md §5.2 [E-RH]).
 * scale = min(ceil(minWeight·minRing)/minWeight, maxRing); host i gets ring entries while
 * the running count is below the running target Σ scale·w, keyed "<address>_<k>" and
 * hashed with XXH64. Equal weights over N hosts → ceil(minRing/N) entries each.
 * Envoy hashes `address:port`; meshsim endpoints carry no port, so the key is the address.
 */
export class RingHashTable implements HashTable {
  /** Sorted entry hashes as uint32 halves (exact, and cheap to compare per request). */
  private readonly his: Uint32Array;
  private readonly los: Uint32Array;
  private readonly hosts: Endpoint[];

  constructor(weights: NormalizedWeights, minimumRingSize: number, maximumRingSize: number) {
    let minW = 1;
    for (const [, w] of weights) minW = Math.min(minW, w);
    const scale = weights.length === 0 ? 0 : Math.min(Math.ceil(minW * minimumRingSize) / minW, maximumRingSize);
    const entries: Array<{ hash: bigint; host: Endpoint }> = [];
    let current = 0;
    let target = 0;
    for (const [host, w] of weights) {
      target += scale * w;
      for (let k = 0; current < target; k++, current++) {
        entries.push({ hash: xxHash64(`${host.address}_${k}`), host });
      }
    }
    entries.sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
    this.his = Uint32Array.from(entries.map((e) => Number(e.hash >> 32n)));
    this.los = Uint32Array.from(entries.map((e) => Number(e.hash & 0xffffffffn)));
    this.hosts = entries.map((e) => e.host);
  }

  get size(): number {
    return this.hosts.length;
  }

  /** Entries per host id, for tests and diagnostics. */
  entriesPerHost(): Map<number, number> {
    const m = new Map<number, number>();
    for (const h of this.hosts) m.set(h.id, (m.get(h.id) ?? 0) + 1);
    return m;
  }

  /**
   * Exact traffic share per host id for uniformly distributed hashes: each entry owns the
   * arc (previous hash, its hash]; the first entry also owns the wrap-around.
   */
  sharePerHost(): Map<number, number> {
    const m = new Map<number, number>();
    const n = this.hosts.length;
    const two64 = 2 ** 64;
    const at = (i: number): number => (this.his[i] as number) * 0x100000000 + (this.los[i] as number);
    for (let i = 0; i < n; i++) {
      const cur = at(i);
      const prev = i === 0 ? at(n - 1) - two64 : at(i - 1);
      const id = (this.hosts[i] as Endpoint).id;
      m.set(id, (m.get(id) ?? 0) + (cur - prev) / two64);
    }
    return m;
  }

  chooseHost(h: Hash64, attempt: number): Endpoint | undefined {
    const n = this.hosts.length;
    if (n === 0) return undefined;
    // Envoy's ketama search: the first entry whose hash is >= h, wrapping to entry 0.
    let low = 0;
    let high = n;
    let mid: number;
    for (;;) {
      mid = Math.floor((low + high) / 2);
      if (mid === n) {
        mid = 0;
        break;
      }
      const vsMid = compareHash64(h.hi, h.lo, this.his[mid] as number, this.los[mid] as number);
      const vsPrev = mid === 0 ? (h.hi === 0 && h.lo === 0 ? 0 : 1) : compareHash64(h.hi, h.lo, this.his[mid - 1] as number, this.los[mid - 1] as number);
      if (vsMid <= 0 && vsPrev > 0) break;
      if (vsMid > 0) low = mid + 1;
      else high = mid - 1;
      if (low > high) {
        mid = 0;
        break;
      }
    }
    // With a retry host predicate, Envoy behaves as if this entry were not on the ring.
    return this.hosts[(mid + attempt) % n];
  }
}
