#!/usr/bin/env node
/**
 * Which events a scenario's run is made of: every event taken off the calendar, counted
 * by the name of its handler, per user request. Issue 15 asks for the sidecar to cost
 * ≤ 2× `dataPlane: none` per request; this says how many of the sidecar's events are
 * the model's stages (a proxy's worker pass, a network hop, the service's work) and so
 * which could go only by changing the model, not by making an event cheaper.
 *
 *   node bench/eventCensus.mjs SCENARIO.yaml… [--duration 20]
 *
 * The sources of this checkout are bundled (esbuild, into bench/out/census/) and the
 * calendar's pop() is wrapped to count; the run is otherwise the same (seed 1, no
 * warm-up, so every request counts). Counts include events cancelled before they ran
 * (the results' `events` excludes them; both are printed). A timeout lane's timer is
 * counted as `surfaceLane`, whatever it then calls.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const args = process.argv.slice(2);
const at = args.indexOf('--duration');
const duration = at >= 0 ? Number(args[at + 1]) : 20;
const files = args.filter((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1));
if (files.length === 0 || !(duration > 0)) {
  process.stderr.write('usage: node bench/eventCensus.mjs SCENARIO.yaml… [--duration SECONDS]\n');
  process.exit(2);
}

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const outDir = join(repoRoot, 'bench', 'out', 'census');
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, 'census.mjs');
await build({
  stdin: {
    contents: [
      "export { runMesh } from './src/models/meshSimulation.js';",
      "export { loadScenario } from './src/scenarios/loadScenario.js';",
      "export { EventCalendar } from './src/sim/eventCalendar.js';",
    ].join('\n'),
    resolveDir: repoRoot,
    loader: 'ts',
    sourcefile: 'entry.ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile,
  logLevel: 'warning',
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
});
const { runMesh, loadScenario, EventCalendar } = await import(pathToFileURL(outfile).href);

const counts = new Map();
const pop = EventCalendar.prototype.pop;
EventCalendar.prototype.pop = function countedPop() {
  pop.call(this);
  const name = this.poppedHandler.name || '(anonymous)';
  counts.set(name, (counts.get(name) ?? 0) + 1);
};

for (const file of files) {
  counts.clear();
  const { scenario } = loadScenario(file);
  const out = runMesh({ ...scenario, simulation: { ...scenario.simulation, warmup: 0, duration } }, { seed: 1 });
  const requests = out.metrics.endToEnd.requests;
  const popped = [...counts.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(`${file}: ${requests} user requests in ${duration} s; ${out.events} events run, ${popped} popped (${(popped / requests).toFixed(2)} per request)\n`);
  process.stdout.write('| handler | events | per user request |\n|---|---|---|\n');
  for (const [name, n] of [...counts].sort((a, b) => b[1] - a[1])) process.stdout.write(`| ${name} | ${n} | ${(n / requests).toFixed(2)} |\n`);
  process.stdout.write('\n');
}
