#!/usr/bin/env node
/**
 * A/B of two meshsim builds on the cases a hot-path change must not slow down:
 * the 5M-request M/M/1 (whole process, as 20-mm1-process runs it) and bookinfo with
 * the networking samples in a sidecar mesh (in-run user requests per second, as
 * 50-bookinfo-policies runs it: policy engine only, and the calibrated sidecar).
 * The two builds run alternately (A B, then B A, …) so both see the same minutes of a
 * shared machine; each figure is the median of the paired ratios.
 *
 *   node bench/ab.mjs --base ../other-checkout [--reps 5] [--duration 1000s]
 *
 * `--base` is a checkout with its own built bin/ and dist/ (this one is "new"). The
 * scenarios are this checkout's, so both builds read identical inputs.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { runMeshsimTimed } from './lib/meshsim.mjs';
import { scenarioPath } from './lib/mm1Model.mjs';
import { formatRatio, median } from './lib/report.mjs';
import { variant } from './cases/50-bookinfo-policies.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const base = option('--base');
if (base === undefined) {
  process.stderr.write('usage: node bench/ab.mjs --base DIR [--reps N] [--duration D]\n');
  process.exit(2);
}
const reps = Number(option('--reps', '5'));
const duration = option('--duration', '1000s');
const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const builds = { base: resolve(base), new: repoRoot };
const ctx = { repoRoot, benchDir: join(repoRoot, 'bench') };
const bookinfo = join(repoRoot, 'scenarios', 'bookinfo-istio.yaml');
const cases = [
  { name: 'M/M/1 5M requests, whole-process wall s', file: scenarioPath(repoRoot), args: [], figure: (r) => r.wallSeconds, lowerIsBetter: true },
  { name: 'same, whole-process CPU s', figure: (r) => r.cpuSeconds, lowerIsBetter: true, same: 0 },
  { name: `bookinfo policies (costs none), ${duration}, in-run user req/s`, file: variant(ctx, bookinfo, 'sidecar', true), args: ['--duration', duration, '--workers', '1'], figure: (r) => r.results.endToEnd.requests / r.results.run.wallSeconds },
  { name: 'same, user req per CPU s (whole process)', figure: (r) => r.results.endToEnd.requests / r.cpuSeconds, same: 0 },
  { name: `bookinfo calibrated sidecar, ${duration}, in-run user req/s`, file: variant(ctx, bookinfo, 'sidecar'), args: ['--duration', duration, '--workers', '1'], figure: (r) => r.results.endToEnd.requests / r.results.run.wallSeconds },
  { name: 'same, user req per CPU s (whole process)', figure: (r) => r.results.endToEnd.requests / r.cpuSeconds, same: 0 },
];

const load = [loadavg()[0]];
const rows = [];
for (let c = 0; c < cases.length; c++) {
  const k = cases[c];
  // A `same` row reads the same runs as the row before it (CPU beside wall).
  if (k.same !== undefined) {
    const raw = rows[rows.length - 1].raw;
    rows.push({ name: k.name, raw, ...pairs(raw, k) });
    continue;
  }
  const raw = { base: [], new: [] };
  for (let rep = 0; rep < reps; rep++) {
    const order = rep % 2 === 0 ? ['base', 'new'] : ['new', 'base'];
    for (const which of order) raw[which].push(runMeshsimTimed(builds[which], k.file, k.args));
  }
  rows.push({ name: k.name, raw, ...pairs(raw, k) });
}
load.push(loadavg()[0]);

function pairs(raw, k) {
  const a = raw.base.map(k.figure);
  const b = raw.new.map(k.figure);
  // "new vs base" as a speed: > 1 means the new build is faster.
  const ratios = a.map((x, i) => (k.lowerIsBetter ? x / b[i] : b[i] / x));
  return { base: a, new: b, ratio: median(ratios) };
}

const fmt = (x) => (x >= 1000 ? `${(x / 1000).toFixed(1)}k` : x.toFixed(3));
process.stdout.write('| case | base (median) | new (median) | new speed vs base (median of pairs) |\n|---|---|---|---|\n');
for (const r of rows) process.stdout.write(`| ${r.name} | ${fmt(median(r.base))} | ${fmt(median(r.new))} | ${formatRatio(r.ratio)} |\n`);
process.stdout.write(`\nper run: ${rows.map((r) => `${r.name}: base ${r.base.map(fmt).join(' ')}; new ${r.new.map(fmt).join(' ')}`).join('\n         ')}\n`);
process.stdout.write(`load average ${load[0].toFixed(2)} at start, ${load[1].toFixed(2)} at end; ${reps} alternating pairs; base ${builds.base}\n`);
