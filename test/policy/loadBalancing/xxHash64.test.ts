import { describe, it, expect } from 'vitest';
import { xxHash64, uint64Bytes, xxHash64Bytes } from '../../../src/policy/loadBalancing/xxHash64.js';

// Published XXH64 vectors (xxHash reference / python-xxhash documentation).
describe('xxHash64', () => {
  it.each([
    ['', 0n, 0xef46db3751d8e999n],
    ['a', 0n, 0xd24ec4f1a98c6e5bn],
    ['abc', 0n, 0x44bc2cf5ad770999n],
    // 39 bytes: exercises the 32-byte stripe loop, the 4-byte tail and single bytes.
    ['Nobody inspects the spammish repetition', 0n, 0xfbcea83c8a378bf1n],
    ['xxhash', 20141025n, 0xb559b98d844e0635n],
  ])('hashes %j (seed %s)', (text, seed, expected) => {
    expect(xxHash64(text, seed)).toBe(expected);
  });

  it('hashes the little-endian bytes of a uint64 like the string of those bytes', () => {
    const v = 0x0102030405060708n;
    expect(Array.from(uint64Bytes(v))).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(xxHash64Bytes(uint64Bytes(v))).toBe(xxHash64Bytes(new Uint8Array([8, 7, 6, 5, 4, 3, 2, 1])));
  });
});
