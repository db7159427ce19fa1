/**
 * Route decisions per second through a VirtualService whose routes match on regexes,
 * with the policy engine bundled at MODULE (bench/cases/52-regex-routing.mjs builds one
 * with RE2 and one with the old JavaScript RegExp). Run as its own process so each
 * measurement starts from a fresh JIT.
 *
 * usage: node routeLoop.mjs MODULE DECISIONS WARMUP SEED  → one JSON line on stdout
 */
import { pathToFileURL } from 'node:url';
import { xorshift128 } from './xorshift128.mjs';

const [modulePath, ...numbers] = process.argv.slice(2);
const [decisions, warmup, seed] = numbers.map(Number);
if (modulePath === undefined || ![decisions, warmup, seed].every(Number.isInteger)) {
  process.stderr.write('usage: node routeLoop.mjs MODULE DECISIONS WARMUP SEED\n');
  process.exit(2);
}
const { compilePolicy, toIstioResource } = await import(pathToFileURL(modulePath).href);

/**
 * Regexes valid in both engines (so both sides compile the same resource), shaped like
 * the corpus's: user-agent (istio-tutorial), the cookie regex of istio.io's docs, a
 * versioned API path. Four regex routes are tried before the catch-all.
 */
const virtualService = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'default' },
  spec: {
    hosts: ['reviews'],
    http: [
      { name: 'firefox', match: [{ headers: { 'user-agent': { regex: '.*Firefox.*' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
      { name: 'mobile-safari', match: [{ headers: { 'user-agent': { regex: '.*Mobile.*Safari.*' } } }], route: [{ destination: { host: 'reviews', subset: 'v3' } }] },
      { name: 'jason', match: [{ headers: { cookie: { regex: '^(.*?;)?(user=jason)(;.*)?$' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
      { name: 'items', match: [{ uri: { regex: '/api/v[0-9]+/items/[0-9]+' } }], route: [{ destination: { host: 'reviews', subset: 'v1' } }] },
      { name: 'default', route: [{ destination: { host: 'reviews', subset: 'v1' } }] },
    ],
  },
};
const { policy, diagnostics } = compilePolicy([toIstioResource(virtualService, 0)]);
const errors = diagnostics.filter((d) => d.severity === 'error');
if (errors.length > 0) throw new Error(`the VirtualService did not compile: ${JSON.stringify(errors)}`);

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'curl/8.5.0',
];
const COOKIES = ['session=4f1c2a; theme=dark', 'session=9a8b7c; user=jason; theme=light', 'user=jason', 'session=0d0e0f; user=jasonx', ''];
const PATHS = ['/api/v1/items/42', '/api/v2/items/7/reviews', '/reviews/0', '/api/v10/items/123456', '/static/app.js'];

/** 1024 requests drawn once from the seeded stream; the loop cycles through them. */
const rng = xorshift128(seed);
const pick = (list) => list[Math.floor(rng() * list.length)];
const requests = Array.from({ length: 1024 }, () => {
  const cookie = pick(COOKIES);
  return {
    host: 'reviews',
    method: 'GET',
    path: pick(PATHS),
    headers: { 'user-agent': pick(USER_AGENTS), ...(cookie === '' ? {} : { cookie }) },
    source: { labels: { app: 'productpage' }, namespace: 'default' },
  };
});
const random = { next: () => 0.5 }; // single-destination routes draw nothing

/** Routes `count` requests; returns a checksum of the route indexes chosen (both engines must agree). */
function route(count) {
  let checksum = 0;
  for (let i = 0; i < count; i++) {
    const d = policy.route(requests[i & 1023], random);
    checksum = (checksum * 31 + (d.kind === 'route' ? d.routeIndex + 1 : 0)) | 0;
  }
  return checksum;
}

route(warmup);
const start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
const checksum = route(decisions);
const cpu = process.cpuUsage(cpuStart);
const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const byRoute = new Array(5).fill(0);
for (const r of requests) byRoute[policy.route(r, random).routeIndex] += 1;
process.stdout.write(`${JSON.stringify({ decisions, checksum, byRoute, perSecond: decisions / wallSeconds, perCpuSecond: decisions / cpuSeconds })}\n`);
