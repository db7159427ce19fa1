/**
 * A uint64 hash as two uint32 halves. Envoy's hash balancers work on uint64 values; keeping
 * them as plain numbers makes the per-request path (ring search, table index, priority
 * choice) exact without BigInt allocations.
 */
export interface Hash64 {
  readonly hi: number;
  readonly lo: number;
}

const TWO32 = 0x100000000;

export function hash64FromBigInt(value: bigint): Hash64 {
  return { hi: Number((value >> 32n) & 0xffffffffn), lo: Number(value & 0xffffffffn) };
}

export function hash64ToBigInt(h: Hash64): bigint {
  return (BigInt(h.hi) << 32n) | BigInt(h.lo);
}

/** h mod m, exactly, for 1 ≤ m < 2^26 (Maglev sizes ≤ 5,000,011; priority percent 100). */
export function hash64Mod(h: Hash64, m: number): number {
  return (((h.hi % m) * (TWO32 % m)) % m + (h.lo % m)) % m;
}

/** −1, 0, 1 comparing (aHi, aLo) with (bHi, bLo) as unsigned 64-bit values. */
export function compareHash64(aHi: number, aLo: number, bHi: number, bLo: number): number {
  if (aHi !== bHi) return aHi < bHi ? -1 : 1;
  return aLo < bLo ? -1 : aLo > bLo ? 1 : 0;
}
