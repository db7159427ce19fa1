/**
 * Does a bigger mesh cost more per request when each request does the same work?
 * Two generated meshes of N/3 independent chains entry → mid → leaf (N = 30 and
 * N = 300 services), the same total arrival rate spread over one traffic source
 * per chain, so every request makes 2 calls and visits 3 services in both. The
 * figure is meshsim's own in-run wall time (`run.wallSeconds`, parsing and start-
 * up excluded) per measured request.
 * Target (issue 6): 300 services at most 1.5× the 30-service time per request.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMeshsimTimed } from '../lib/meshsim.mjs';
import { formatCount, formatRatio, median } from '../lib/report.mjs';

export const title = 'wall time per simulated request, 300-service vs 30-service mesh, same work per request';

const TARGET_RATIO = 1.5; // issue 6
const TOTAL_RATE = 20_000; // requests per second over all sources

/** A mesh of `services` (a multiple of 3) as YAML: chains c<i>-entry → c<i>-mid → c<i>-leaf. */
function meshYaml(services, durationSeconds) {
  const chains = services / 3;
  const lines = [
    'apiVersion: meshsim/v1',
    'kind: Scenario',
    `metadata: {name: mesh-${services}}`,
    `simulation: {duration: ${durationSeconds}s, warmup: 1s, seed: 1}`,
    'services:',
  ];
  for (let i = 0; i < chains; i++) {
    lines.push(`  - {name: c${i}-entry, concurrency: 16, serviceTime: {dist: exponential, mean: 0.5ms}, calls: [{service: c${i}-mid}]}`);
    lines.push(`  - {name: c${i}-mid, concurrency: 16, serviceTime: {dist: exponential, mean: 0.5ms}, calls: [{service: c${i}-leaf}]}`);
    lines.push(`  - {name: c${i}-leaf, concurrency: 16, serviceTime: {dist: exponential, mean: 0.5ms}}`);
  }
  lines.push('traffic:');
  for (let i = 0; i < chains; i++) lines.push(`  - {name: u${i}, to: c${i}-entry, rate: ${TOTAL_RATE / chains}, arrivals: poisson}`);
  return lines.join('\n') + '\n';
}

export function run(ctx) {
  const requests = ctx.quick ? 200_000 : 2_000_000;
  const repetitions = ctx.quick ? 1 : 3;
  const duration = requests / TOTAL_RATE;
  const dir = join(ctx.benchDir, 'out', 'scenarios');
  mkdirSync(dir, { recursive: true });
  const perRequest = {};
  const notes = [];
  for (const services of [30, 300]) {
    const file = join(dir, `mesh-${services}.yaml`);
    writeFileSync(file, meshYaml(services, duration));
    const samples = [];
    for (let rep = 0; rep < repetitions; rep++) {
      const { results } = runMeshsimTimed(ctx.repoRoot, file, ['--workers', '1']);
      const n = results.endToEnd.requests;
      if (Math.abs(n - requests) > 0.01 * requests) throw new Error(`mesh-${services}: ${n} requests, expected ~${requests}`);
      if (Object.keys(results.services).length !== services) throw new Error(`mesh-${services}: ${Object.keys(results.services).length} services reported`);
      samples.push(results.run.wallSeconds / n);
      ctx.log(`  ${services} services, rep ${rep + 1}/${repetitions}: ${(samples.at(-1) * 1e9).toFixed(0)} ns/request`);
    }
    perRequest[services] = median(samples);
    notes.push(`${services} services: ${samples.map((s) => `${(s * 1e9).toFixed(0)} ns`).join(', ')} per request (in-run wall time / measured requests)`);
  }
  const ratio = perRequest[300] / perRequest[30];
  return {
    rows: [
      {
        case: `mesh of 300 vs 30 services, ${formatCount(requests)} requests, 3 visits each`,
        figure: `${(perRequest[300] * 1e9).toFixed(0)} ns/request`,
        reference: `${(perRequest[30] * 1e9).toFixed(0)} ns/request (30 services)`,
        ratio: formatRatio(ratio),
        target: `≤ ${TARGET_RATIO}×`,
        verdict: ratio <= TARGET_RATIO ? 'met' : `MISSED (${formatRatio(ratio / TARGET_RATIO)} over)`,
      },
    ],
    notes: [...notes, `median of ${repetitions}; total ${TOTAL_RATE}/s over N/3 sources, chains entry → mid → leaf, exponential 0.5 ms service, concurrency 16`],
  };
}
