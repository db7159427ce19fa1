import type { RandomSource } from '../randomSource.js';
import type { PolicyRequest } from '../request.js';
import type { HashKeySource } from './loadBalancerConfig.js';
import { xxHash64 } from './xxHash64.js';
import { hash64FromBigInt, type Hash64 } from './hash64.js';

/**
 * The 64-bit request hash (as uint32 halves) Envoy's route hash_policy computes (docs/semantics/envoy-istio.md §5.2
 * [II-ROUTE]): XXH64 of the header value, cookie value, source IP string or query-parameter
 * value. Undefined when the key is missing — the hash balancers then draw a random value.
 * Cookie generation (httpCookie with a ttl, cookie absent) is not modeled: the request
 * falls back to a random hash, as Envoy's first request would before the cookie exists.
 */
export function requestHash(key: HashKeySource, request: PolicyRequest | undefined): Hash64 | undefined {
  if (request === undefined) return undefined;
  switch (key.kind) {
    case 'header': {
      const v = request.headers[key.name.toLowerCase()];
      return v === undefined ? undefined : cachedHash(v);
    }
    case 'cookie': {
      const v = cookieValue(request.headers['cookie'], key.name);
      return v === undefined ? undefined : cachedHash(v);
    }
    case 'sourceIp':
      return request.source.ip === undefined ? undefined : cachedHash(request.source.ip);
    case 'queryParameter': {
      const v = queryParameter(request.path, key.name);
      return v === undefined ? undefined : cachedHash(v);
    }
    case 'none':
      return undefined;
  }
}

/** Hash keys repeat (users, client IPs); BigInt XXH64 costs microseconds, so memoize a bounded set. */
const hashCache = new Map<string, Hash64>();
const HASH_CACHE_LIMIT = 8192;

function cachedHash(value: string): Hash64 {
  let h = hashCache.get(value);
  if (h === undefined) {
    h = hash64FromBigInt(xxHash64(value));
    if (hashCache.size >= HASH_CACHE_LIMIT) hashCache.clear();
    hashCache.set(value, h);
  }
  return h;
}

/** A uniform 64-bit value from two draws (Envoy's random() is a uint64). */
export function randomUint64(random: RandomSource): Hash64 {
  const hi = Math.floor(random.next() * 0x100000000) >>> 0;
  const lo = Math.floor(random.next() * 0x100000000) >>> 0;
  return { hi, lo };
}

/** Value of cookie `name` in a Cookie header ("a=1; b=2"), first occurrence. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** First value of query parameter `name` in a path ("/p?u=1&v=2"), percent-decoded as Envoy's parser does. */
export function queryParameter(path: string, name: string): string | undefined {
  const q = path.indexOf('?');
  if (q < 0) return undefined;
  const end = path.indexOf('#', q);
  for (const pair of path.slice(q + 1, end < 0 ? undefined : end).split('&')) {
    const eq = pair.indexOf('=');
    const k = decode(eq < 0 ? pair : pair.slice(0, eq));
    if (k === name) return eq < 0 ? '' : decode(pair.slice(eq + 1));
  }
  return undefined;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // malformed escapes stay as written
  }
}
