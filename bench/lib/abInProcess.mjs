/**
 * In-process A/B (bench/ab.mjs --in-process): both trees' `runMesh` are bundled (esbuild,
 * into bench/out/ab/) and loaded into this one process, and the same scenario runs
 * through each alternately, timed by this process's CPU time. Start-up, parsing and the
 * CLI are left out, and both sides share one process's heap, JIT and machine minutes, so
 * this sees a few per cent where whole-process runs on a shared machine swing by tens.
 * `base` is a checkout (its src/ is read). Cases: the M/M/1 cut to 1M requests; bookinfo
 * with the networking samples in a sidecar mesh, 120k user requests, policy engine only
 * and the calibrated sidecar.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { variant } from '../cases/50-bookinfo-policies.mjs';
import { scenarioPath } from './mm1Model.mjs';
import { formatRatio, median } from './report.mjs';

/** Bundles a tree's runMesh and loadScenario into one module, resolving packages from this checkout. */
async function bundle(name, tree, repoRoot) {
  const outDir = join(repoRoot, 'bench', 'out', 'ab');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    stdin: { contents: "export { runMesh } from './src/models/meshSimulation.js'; export { loadScenario } from './src/scenarios/loadScenario.js';", resolveDir: tree, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'warning',
    nodePaths: [join(repoRoot, 'node_modules')],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return import(pathToFileURL(outfile).href);
}

export async function runInProcess({ base, reps, repoRoot }) {
  const libs = { base: await bundle('base', resolve(base), repoRoot), new: await bundle('new', repoRoot, repoRoot) };
  const ctx = { repoRoot, benchDir: join(repoRoot, 'bench') };
  const bookinfo = join(repoRoot, 'scenarios', 'bookinfo-istio.yaml');
  const cases = [
    { name: 'M/M/1, 1M requests', file: scenarioPath(repoRoot), duration: 1250 },
    { name: 'bookinfo policies (costs none), 120k user requests', file: variant(ctx, bookinfo, 'sidecar', true), duration: 600 },
    { name: 'bookinfo calibrated sidecar, 120k user requests', file: variant(ctx, bookinfo, 'sidecar'), duration: 600 },
  ];
  const table = ['| case | base CPU s (median) | new CPU s (median) | new speed vs base (median of pairs) |', '|---|---|---|---|'];
  const notes = [];
  for (const k of cases) {
    const cpu = { base: [], new: [] };
    const requests = {};
    for (let rep = 0; rep < reps; rep++) {
      for (const which of rep % 2 === 0 ? ['base', 'new'] : ['new', 'base']) {
        const { scenario } = libs[which].loadScenario(k.file);
        const s = { ...scenario, simulation: { ...scenario.simulation, duration: k.duration } };
        const before = process.cpuUsage();
        const out = libs[which].runMesh(s, { seed: 1 });
        const used = process.cpuUsage(before);
        cpu[which].push((used.user + used.system) / 1e6);
        requests[which] = out.metrics.endToEnd.requests;
      }
    }
    if (requests.base !== requests.new) notes.push(`${k.name}: request counts differ (base ${requests.base}, new ${requests.new})`);
    const ratio = median(cpu.base.map((b, i) => b / cpu.new[i]));
    table.push(`| ${k.name} | ${median(cpu.base).toFixed(3)} | ${median(cpu.new).toFixed(3)} | ${formatRatio(ratio)} |`);
    notes.push(`${k.name}: base ${cpu.base.map((x) => x.toFixed(3)).join(' ')}; new ${cpu.new.map((x) => x.toFixed(3)).join(' ')}`);
  }
  return { table, notes };
}
