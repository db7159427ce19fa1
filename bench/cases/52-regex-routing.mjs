/**
 * Issue 18: the cost of RE2 on the routing path. Route decisions per second through
 * a VirtualService with four regex routes before its catch-all (user-agent, cookie
 * and path regexes shaped like the Istio corpus's; bench/drivers/routeLoop.mjs), with
 * the policy engine bundled twice from this tree's sources: as it is (re2js, compiled
 * once per policy) and with src/policy/re2Regex.ts swapped for the JavaScript RegExp
 * meshsim used before (bench/drivers/jsRegExpFullMatch.mjs: `^(?:p)$`). Same
 * resource, same requests, same code around the regex; both must choose the same
 * routes (the checksum is compared). Interleaved, fresh process per measurement.
 * Then the same two engines end to end: bookinfo (scenarios/bookinfo-istio.yaml's
 * topology, sidecars with `costs: none`) where every service's VirtualService tries
 * two user-agent regexes and a cookie regex before its catch-all and every user
 * request carries a browser user-agent, both simulations bundled from this tree and
 * run in this process alternately (CPU time, as bench/ab.mjs --in-process does).
 * No target: the issue asks for the figure, and for it to be said if RE2 is much slower.
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';
import { parseLastJsonLine, runChild } from '../lib/childProcess.mjs';
import { formatCount, formatRate, formatRatio, median } from '../lib/report.mjs';

export const title = 'route decisions per second through regex matches: RE2 (re2js) vs the JavaScript RegExp it replaced';

const SEED = 18;

/** Bundles `contents` (an entry importing this tree's sources) with the given regex engine module in place of src/policy/re2Regex.ts. */
async function bundleWithEngine(ctx, outfile, contents, engine) {
  const swap = {
    name: 'regex-engine',
    setup(b) {
      b.onResolve({ filter: /\/re2Regex\.js$/ }, () => ({ path: engine }));
    },
  };
  mkdirSync(join(ctx.benchDir, 'out'), { recursive: true });
  await build({
    stdin: {
      contents,
      resolveDir: ctx.repoRoot,
      loader: 'ts',
      sourcefile: 'entry.ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile,
    logLevel: 'warning',
    plugins: engine === undefined ? [] : [swap],
    // The simulation's bundle loads CommonJS packages (seedrandom, ...).
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return outfile;
}

const ENGINES = { re2: undefined, jsRegExp: 'drivers/jsRegExpFullMatch.mjs' };
const engineModule = (ctx, engine) => (ENGINES[engine] === undefined ? undefined : join(ctx.benchDir, ENGINES[engine]));

function bundlePolicy(ctx, engine) {
  const entry = "export { compilePolicy } from './src/policy/compilePolicy.js'; export { toIstioResource } from './src/policy/manifest.js';";
  return bundleWithEngine(ctx, join(ctx.benchDir, 'out', `routing-${engine}.mjs`), entry, engineModule(ctx, engine));
}

async function loadSimulation(ctx, engine) {
  const entry = "export { runMesh } from './src/models/meshSimulation.js'; export { loadScenario } from './src/scenarios/loadScenario.js';";
  const file = await bundleWithEngine(ctx, join(ctx.benchDir, 'out', `simulation-${engine}.mjs`), entry, engineModule(ctx, engine));
  return import(pathToFileURL(file).href);
}

const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
];

/**
 * bookinfo-istio.yaml with `costs: none`, its two callers split into a Chrome and a
 * Firefox population (same total rate), and a regex VirtualService per service instead
 * of the networking samples (destination-rule-all.yaml kept for the subsets).
 */
function regexBookinfo(ctx) {
  const source = join(ctx.repoRoot, 'scenarios', 'bookinfo-istio.yaml');
  const dir = join(ctx.benchDir, 'out', 'scenarios');
  mkdirSync(dir, { recursive: true });
  const vsFile = join(dir, 'regex-virtual-services.yaml');
  const services = ['productpage', 'details', 'reviews', 'ratings'];
  writeFileSync(
    vsFile,
    services
      .map((svc) => {
        const v2 = svc === 'reviews' ? 'v2' : 'v1';
        return [
          'apiVersion: networking.istio.io/v1',
          'kind: VirtualService',
          `metadata: {name: ${svc}-regex}`,
          'spec:',
          `  hosts: [${svc}]`,
          '  http:',
          `  - match: [{headers: {user-agent: {regex: ".*Mobile.*Safari.*"}}}]`,
          `    route: [{destination: {host: ${svc}, subset: ${v2}}}]`,
          `  - match: [{headers: {cookie: {regex: "^(.*?;)?(user=jason)(;.*)?$"}}}]`,
          `    route: [{destination: {host: ${svc}, subset: ${v2}}}]`,
          `  - match: [{headers: {user-agent: {regex: ".*Firefox.*"}}}]`,
          `    route: [{destination: {host: ${svc}, subset: ${v2}}}]`,
          `  - route: [{destination: {host: ${svc}, subset: v1}}]`,
        ].join('\n');
      })
      .join('\n---\n'),
  );
  const doc = parseDocument(readFileSync(source, 'utf8'));
  doc.set('dataPlanes', { costs: 'none' });
  doc.set('istio', [resolve(ctx.repoRoot, 'scenarios', 'istio/bookinfo/networking/destination-rule-all.yaml'), vsFile]);
  doc.set(
    'traffic',
    BROWSERS.map((ua, i) => ({ name: i === 0 ? 'chrome' : 'firefox', to: 'productpage', rate: 100, arrivals: 'poisson', zone: 'us-east-1a', headers: { 'user-agent': ua } })),
  );
  const file = join(dir, 'bookinfo-regex-routing.yaml');
  writeFileSync(file, doc.toString());
  return file;
}

/** CPU seconds per user request of each engine's whole simulation, alternating, in this process. */
async function endToEnd(ctx, repetitions) {
  const libs = { re2: await loadSimulation(ctx, 're2'), jsRegExp: await loadSimulation(ctx, 'jsRegExp') };
  const file = regexBookinfo(ctx);
  const duration = ctx.quick ? 60 : 600; // simulated seconds at 200 user requests/s
  const cpu = { re2: [], jsRegExp: [] };
  const outcomes = new Set();
  let v2Share;
  for (let rep = 0; rep < repetitions; rep++) {
    for (const engine of rep % 2 === 0 ? ['jsRegExp', 're2'] : ['re2', 'jsRegExp']) {
      const { scenario } = libs[engine].loadScenario(file);
      const s = { ...scenario, simulation: { ...scenario.simulation, duration } };
      const before = process.cpuUsage();
      const out = libs[engine].runMesh(s, { seed: 1 });
      const used = process.cpuUsage(before);
      const requests = out.metrics.endToEnd.requests;
      cpu[engine].push((used.user + used.system) / 1e6 / requests);
      const reviews = out.metrics.services.get('reviews')?.versions ?? new Map();
      const versionRequests = (v) => (reviews instanceof Map ? reviews.get(v) : reviews[v])?.requests ?? 0;
      const total = ['v1', 'v2', 'v3'].reduce((a, v) => a + versionRequests(v), 0);
      v2Share = versionRequests('v2') / total;
      outcomes.add(`${requests} requests, reviews v1/v2/v3 ${['v1', 'v2', 'v3'].map(versionRequests).join('/')}`);
      ctx.log(`  end to end ${engine}, rep ${rep + 1}/${repetitions}: ${(cpu[engine].at(-1) * 1e6).toFixed(1)} µs CPU per user request`);
    }
  }
  if (outcomes.size !== 1) throw new Error(`the engines simulated different outcomes: ${[...outcomes].join('; ')}`);
  // Firefox users (half) go to reviews v2 by the last regex; Chrome users fall through all three.
  if (!(Math.abs(v2Share - 0.5) <= 0.05)) throw new Error(`reviews v2 got ${v2Share} of the traffic, expected ~0.5: the regex routes did not act`);
  return { cpu, outcome: [...outcomes][0], duration };
}

export async function run(ctx) {
  const decisions = ctx.quick ? 200_000 : 2_000_000;
  const warmup = decisions / 4;
  const repetitions = ctx.quick ? 1 : 5;
  const modules = { re2: await bundlePolicy(ctx, 're2'), jsRegExp: await bundlePolicy(ctx, 'jsRegExp') };
  const driver = join(ctx.benchDir, 'drivers', 'routeLoop.mjs');
  const samples = { re2: [], jsRegExp: [] };
  const ratios = [];
  const checksums = new Set();
  let byRoute;
  for (let rep = 0; rep < repetitions; rep++) {
    for (const engine of rep % 2 === 0 ? ['jsRegExp', 're2'] : ['re2', 'jsRegExp']) {
      const out = parseLastJsonLine(runChild(process.execPath, [driver, modules[engine], decisions, warmup, SEED].map(String)).stdout);
      samples[engine].push(out);
      checksums.add(`${out.checksum}`);
      byRoute = out.byRoute;
      ctx.log(`  ${engine}, rep ${rep + 1}/${repetitions}: ${formatRate(out.perCpuSecond)} decisions per CPU second`);
    }
    ratios.push(samples.re2.at(-1).perCpuSecond / samples.jsRegExp.at(-1).perCpuSecond);
  }
  if (checksums.size !== 1) throw new Error(`the engines chose different routes (checksums ${[...checksums].join(', ')})`);
  const cpu = (engine) => median(samples[engine].map((s) => s.perCpuSecond));
  const wall = (engine) => median(samples[engine].map((s) => s.perSecond));
  const ratio = median(ratios);
  const e2e = await endToEnd(ctx, repetitions);
  const e2eRatio = median(e2e.cpu.jsRegExp.map((js, i) => js / e2e.cpu.re2[i]));
  const micros = (engine) => `${(median(e2e.cpu[engine]) * 1e6).toFixed(1)} µs`;
  return {
    rows: [
      {
        case: `regex routing (4 regex routes + catch-all), ${formatCount(decisions)} decisions, per CPU second`,
        figure: `${formatRate(cpu('re2'))} (RE2)`,
        reference: `${formatRate(cpu('jsRegExp'))} (JS RegExp)`,
        ratio: formatRatio(ratio),
        target: '—',
        verdict: ratio >= 0.5 ? 'info' : `info: RE2 ${formatRatio(1 / ratio)} slower`,
      },
      {
        case: 'same, per wall second',
        figure: `${formatRate(wall('re2'))} (RE2)`,
        reference: `${formatRate(wall('jsRegExp'))} (JS RegExp)`,
        ratio: formatRatio(wall('re2') / wall('jsRegExp')),
        target: '—',
        verdict: 'info',
      },
      {
        case: `bookinfo, 3 regexes per VirtualService on every hop (costs: none), ${formatCount(200 * e2e.duration)} user requests: CPU per user request, in process`,
        figure: `${micros('re2')} (RE2)`,
        reference: `${micros('jsRegExp')} (JS RegExp)`,
        ratio: formatRatio(e2eRatio),
        target: '—',
        verdict: 'info',
      },
    ],
    notes: [
      `regex routing, decisions per CPU second, median of ${repetitions}: RE2 ${samples.re2.map((s) => formatRate(s.perCpuSecond)).join(', ')}; JS RegExp ${samples.jsRegExp.map((s) => formatRate(s.perCpuSecond)).join(', ')} (ratio: median of paired runs)`,
      `end to end, CPU µs per user request: RE2 ${e2e.cpu.re2.map((c) => (c * 1e6).toFixed(1)).join(', ')}; JS RegExp ${e2e.cpu.jsRegExp.map((c) => (c * 1e6).toFixed(1)).join(', ')}; both simulated ${e2e.outcome}`,
      `both engines chose the same routes (checksum ${[...checksums][0]}); of the 1024 requests, routes firefox/mobile-safari/jason/items/default got ${byRoute.join('/')}`,
    ],
  };
}
