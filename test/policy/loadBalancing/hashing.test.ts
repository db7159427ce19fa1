import { describe, it, expect } from 'vitest';
import type { PolicyRequest } from '../../../src/policy/request.js';
import { cookieValue, queryParameter, requestHash } from '../../../src/policy/loadBalancing/hashKey.js';
import { HashLoadBalancer, normalizeWeights, type HashTable, type NormalizedWeights } from '../../../src/policy/loadBalancing/hashLoadBalancer.js';
import { RingHashTable } from '../../../src/policy/loadBalancing/ringHash.js';
import { MaglevTable } from '../../../src/policy/loadBalancing/maglev.js';
import { xxHash64 } from '../../../src/policy/loadBalancing/xxHash64.js';
import { compareHash64, hash64FromBigInt, hash64Mod, hash64ToBigInt } from '../../../src/policy/loadBalancing/hash64.js';
import fc from 'fast-check';
import { endpoints, seeded } from './lbTestKit.js';

function request(over: Partial<PolicyRequest> = {}): PolicyRequest {
  return { host: 'reviews', method: 'GET', path: '/', headers: {}, source: { labels: {}, namespace: 'default' }, ...over };
}

describe('request hash keys (XXH64 of the value, §5.2 [II-ROUTE])', () => {
  it('header, cookie, source IP and query parameter', () => {
    expect(requestHash({ kind: 'header', name: 'x-user' }, request({ headers: { 'x-user': 'jason' } }))).toEqual(hash64FromBigInt(xxHash64('jason')));
    expect(requestHash({ kind: 'cookie', name: 'sid' }, request({ headers: { cookie: 'a=1; sid=abc; b=2' } }))).toEqual(hash64FromBigInt(xxHash64('abc')));
    expect(requestHash({ kind: 'sourceIp' }, request({ source: { labels: {}, namespace: 'd', ip: '10.1.2.3' } }))).toEqual(hash64FromBigInt(xxHash64('10.1.2.3')));
    expect(requestHash({ kind: 'queryParameter', name: 'u' }, request({ path: '/p?x=1&u=a%20b' }))).toEqual(hash64FromBigInt(xxHash64('a b')));
  });

  it('is undefined when the key is missing (the balancer then draws a random hash)', () => {
    expect(requestHash({ kind: 'header', name: 'x-user' }, request())).toBeUndefined();
    expect(requestHash({ kind: 'cookie', name: 'sid' }, request({ headers: { cookie: 'a=1' } }))).toBeUndefined();
    expect(requestHash({ kind: 'sourceIp' }, request())).toBeUndefined();
    expect(requestHash({ kind: 'queryParameter', name: 'u' }, request({ path: '/p' }))).toBeUndefined();
  });

  it('parses cookies and query strings', () => {
    expect(cookieValue('x=1;y=2', 'y')).toBe('2');
    expect(cookieValue(undefined, 'y')).toBeUndefined();
    expect(queryParameter('/a?u&v=2#frag', 'u')).toBe('');
    expect(queryParameter('/a?v=2#u=3', 'u')).toBeUndefined();
  });
});

describe('consistent hashing keeps a key on one host', () => {
  const hosts = endpoints(8);
  it.each([
    ['RING_HASH', (w: NormalizedWeights): HashTable => new RingHashTable(w, 1024, 8_388_608)],
    ['MAGLEV', (w: NormalizedWeights): HashTable => new MaglevTable(w, 65537)],
  ] as const)('%s: same header → same host, whatever the random stream; distinct users spread', (_name, build) => {
    const lb = new HashLoadBalancer({ kind: 'header', name: 'x-user' }, build);
    const rnd = seeded('hash');
    const first = lb.pick({ hosts, random: rnd, request: request({ headers: { 'x-user': 'alice' } }) });
    for (let i = 0; i < 50; i++) expect(lb.pick({ hosts, random: rnd, request: request({ headers: { 'x-user': 'alice' } }) })).toBe(first);
    const used = new Set(Array.from({ length: 400 }, (_, i) => lb.pick({ hosts, random: rnd, request: request({ headers: { 'x-user': `u${i}` } }) })?.id));
    expect(used.size).toBe(8);
  });

  it('ring hash gives each of N equal hosts ceil(1024/N) entries', () => {
    for (const n of [1, 3, 7, 1000, 2000]) {
      const ring = new RingHashTable(normalizeWeights(endpoints(n), (h) => h.weight), 1024, 8_388_608);
      expect(ring.size).toBe(Math.ceil(1024 / n) * n);
      expect(new Set(ring.entriesPerHost().values())).toEqual(new Set([Math.ceil(1024 / n)]));
    }
  });

  it('removing a host moves only that host’s keys (ring hash, same entries per host)', () => {
    // Entries per host are ceil(minRing/N); keep them at 128 on both rings so only host 3's arcs change.
    const before = new RingHashTable(normalizeWeights(hosts, (h) => h.weight), 8 * 128, 8_388_608);
    const fewer = hosts.filter((h) => h.id !== 3);
    const after = new RingHashTable(normalizeWeights(fewer, (h) => h.weight), 7 * 128, 8_388_608);
    let moved = 0;
    for (let i = 0; i < 2000; i++) {
      const h = hash64FromBigInt(xxHash64(`key-${i}`));
      const b = before.chooseHost(h, 0)?.id;
      if (b !== 3) expect(after.chooseHost(h, 0)?.id).toBe(b);
      else moved++;
    }
    expect(moved).toBeGreaterThan(0);
  });

  it('Maglev fills the whole table, each host within 1% of M/N for equal weights', () => {
    const t = new MaglevTable(normalizeWeights(hosts, (h) => h.weight), 65537);
    const slots = [...t.slotsPerHost().values()];
    expect(slots.reduce((a, b) => a + b, 0)).toBe(65537);
    for (const s of slots) expect(Math.abs(s - 65537 / 8)).toBeLessThanOrEqual(65537 / 8 / 100);
  });

  it('Maglev weights 1:3 give slots in that ratio', () => {
    const two = [hosts[0], { ...hosts[1], weight: 3 }] as typeof hosts;
    const slots = new MaglevTable(normalizeWeights(two, (h) => h.weight), 65537).slotsPerHost();
    expect(Math.abs((slots.get(1) ?? 0) / 65537 - 0.75)).toBeLessThan(0.001);
  });

  it('a retry attempt steps to another entry (ring) or a mutated hash (Maglev)', () => {
    const ring = new RingHashTable(normalizeWeights(hosts, (h) => h.weight), 1024, 8_388_608);
    const h = hash64FromBigInt(xxHash64('x'));
    const hostsSeen = new Set(Array.from({ length: 6 }, (_, a) => ring.chooseHost(h, a)?.id));
    expect(hostsSeen.size).toBeGreaterThan(1);
    const mag = new MaglevTable(normalizeWeights(hosts, (e) => e.weight), 65537);
    expect(new Set(Array.from({ length: 6 }, (_, a) => mag.chooseHost(h, a)?.id)).size).toBeGreaterThan(1);
  });
});

describe('Hash64 arithmetic is exact (property, against BigInt)', () => {
  const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
  it('mod, compare and round trip', () => {
    fc.assert(
      fc.property(u64, u64, fc.integer({ min: 1, max: 5_000_011 }), (a, b, m) => {
        const ha = hash64FromBigInt(a);
        const hb = hash64FromBigInt(b);
        expect(hash64ToBigInt(ha)).toBe(a);
        expect(hash64Mod(ha, m)).toBe(Number(a % BigInt(m)));
        expect(compareHash64(ha.hi, ha.lo, hb.hi, hb.lo)).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
      { numRuns: 500, seed: 9 },
    );
  });

  it('the ring search returns the first entry ≥ h (wrapping), like a BigInt lower bound', () => {
    const hosts8 = endpoints(8);
    const ring = new RingHashTable(normalizeWeights(hosts8, (h) => h.weight), 64, 8_388_608);
    const entries = hosts8.flatMap((e) => Array.from({ length: 8 }, (_, k) => ({ hash: xxHash64(`${e.address}_${k}`), id: e.id }))).sort((x, y) => (x.hash < y.hash ? -1 : x.hash > y.hash ? 1 : 0));
    fc.assert(
      fc.property(u64, (h) => {
        const expected = (entries.find((e) => e.hash >= h) ?? entries[0])?.id;
        expect(ring.chooseHost(hash64FromBigInt(h), 0)?.id).toBe(expected);
      }),
      { numRuns: 500, seed: 10 },
    );
  });

  it('Maglev’s retry mutation equals hash ^ (2^64 − attempt)', () => {
    const t = new MaglevTable(normalizeWeights(endpoints(5), (h) => h.weight), 65537);
    fc.assert(
      fc.property(u64, fc.integer({ min: 1, max: 5 }), (h, attempt) => {
        const mutated = h ^ ((1n << 64n) - BigInt(attempt));
        expect(t.chooseHost(hash64FromBigInt(h), attempt)).toBe(t.chooseHost(hash64FromBigInt(mutated), 0));
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
