/**
 * XXH64, the hash Envoy uses for ring-hash keys, Maglev tables and request hash keys
 * (HashUtil::xxHash64; docs/semantics/envoy-istio.md §5.2 [E-RH]). Written from the public
 * xxHash specification; exact 64-bit arithmetic via BigInt (only ring/table builds and
 * one request key per pick go through here, so speed is secondary).
 */
const MASK = (1n << 64n) - 1n;
const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;

function rotl(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & MASK;
}

function round(acc: bigint, input: bigint): bigint {
  acc = (acc + input * P2) & MASK;
  acc = rotl(acc, 31n);
  return (acc * P1) & MASK;
}

function mergeRound(acc: bigint, val: bigint): bigint {
  acc ^= round(0n, val);
  return (acc * P1 + P4) & MASK;
}

function read64(b: Uint8Array, i: number): bigint {
  const lo = (b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16) | ((b[i + 3] as number) << 24);
  const hi = (b[i + 4] as number) | ((b[i + 5] as number) << 8) | ((b[i + 6] as number) << 16) | ((b[i + 7] as number) << 24);
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

function read32(b: Uint8Array, i: number): bigint {
  return BigInt(((b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16) | ((b[i + 3] as number) << 24)) >>> 0);
}

/** XXH64 of raw bytes with a 64-bit seed; the result is an unsigned 64-bit bigint. */
export function xxHash64Bytes(input: Uint8Array, seed: bigint = 0n): bigint {
  const len = input.length;
  let i = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = (seed + P1 + P2) & MASK;
    let v2 = (seed + P2) & MASK;
    let v3 = seed & MASK;
    let v4 = (seed - P1) & MASK;
    for (; i + 32 <= len; i += 32) {
      v1 = round(v1, read64(input, i));
      v2 = round(v2, read64(input, i + 8));
      v3 = round(v3, read64(input, i + 16));
      v4 = round(v4, read64(input, i + 24));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & MASK;
    h = mergeRound(h, v1);
    h = mergeRound(h, v2);
    h = mergeRound(h, v3);
    h = mergeRound(h, v4);
  } else {
    h = (seed + P5) & MASK;
  }
  h = (h + BigInt(len)) & MASK;
  for (; i + 8 <= len; i += 8) {
    h ^= round(0n, read64(input, i));
    h = (rotl(h, 27n) * P1 + P4) & MASK;
  }
  if (i + 4 <= len) {
    h ^= (read32(input, i) * P1) & MASK;
    h = (rotl(h, 23n) * P2 + P3) & MASK;
    i += 4;
  }
  for (; i < len; i++) {
    h ^= (BigInt(input[i] as number) * P5) & MASK;
    h = (rotl(h, 11n) * P1) & MASK;
  }
  h ^= h >> 33n;
  h = (h * P2) & MASK;
  h ^= h >> 29n;
  h = (h * P3) & MASK;
  h ^= h >> 32n;
  return h;
}

/** XXH64 of a string's UTF-8 bytes (what Envoy hashes for header values, cookies, ring keys). */
export function xxHash64(text: string, seed: bigint = 0n): bigint {
  return xxHash64Bytes(Buffer.from(text, 'utf8'), seed);
}

/** The 8 little-endian bytes of a uint64 (Envoy hashes a hash value's memory on x86-64). */
export function uint64Bytes(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  let v = value & MASK;
  for (let k = 0; k < 8; k++) {
    out[k] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
