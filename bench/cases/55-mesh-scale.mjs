/**
 * Issue 15: does a large mesh cost more per simulated request than a small one doing
 * the same work, whole process included? Generated meshes (bench/lib/meshGenerator.mjs:
 * Alibaba-like call trees, 3 replicas per service over 3 zones) of 30, 300 and 3,000
 * services, under `dataPlane: none` and `sidecar` (a VirtualService with retries and
 * timeouts and a DestinationRule with subsets, pool limits and outlier detection per
 * service). The total arrival rate is the same at every size (the issue's 300/s for
 * 200 s), spread over one source per application, so every size simulates the same
 * number of requests of the same shapes.
 * Figures: whole-process wall and CPU seconds per user request (parsing, building,
 * the run and the report), meshsim's in-run figure (`run.wallSeconds`) beside them, and
 * peak RSS, from which memory per service and per replica is derived.
 * Diagnostics beside them (no target): the 3,000-service mesh with all its traffic on
 * one 30-service copy of the catalogue (the same mesh to parse and build, a 30-service
 * working set while it runs: what is left of the growth is size, not cache misses), and
 * every mesh with 1 s simulated, which splits the whole-process cost into a fixed part
 * and a marginal cost per request.
 * Targets (issue 15): 300 ≤ 1.2× and 3,000 ≤ 1.5× the 30-service cost per request, for
 * both planes; sidecar ≤ 2× none on the same mesh; the 3,000-service sidecar mesh
 * comfortably inside 2 GiB.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { meshScenario } from '../lib/meshGenerator.mjs';
import { runMeshsimPeakRss } from '../lib/meshsim.mjs';
import { formatRatio, median } from '../lib/report.mjs';

export const title = 'cost per simulated request on 30/300/3,000-service meshes, none and sidecar, whole process';

const SIZES = [30, 300, 3000];
const PLANES = ['none', 'sidecar'];
const RATE = 300; // user requests per second, all sources together (issue 15)
const REPLICAS = 3;
const HOT = '3000-traffic-on-30';
const FIXED = '1s';

const us = (seconds) => `${(seconds * 1e6).toFixed(1)} µs`;
const ns = (seconds) => `${(seconds * 1e9).toFixed(0)} ns`;
const verdict = (ratio, target) => (ratio <= target ? 'met' : `MISSED (${formatRatio(ratio / target)} over)`);

export function run(ctx) {
  const duration = ctx.quick ? 20 : 200;
  const repetitions = ctx.quick ? 1 : 3;
  const dir = join(ctx.benchDir, 'out', 'scenarios');
  mkdirSync(dir, { recursive: true });
  const files = {};
  let shapes = '';
  const write = (key, mesh) => {
    files[key] = join(dir, `mesh-scale-${key.replaceAll('/', '-')}.yaml`);
    writeFileSync(files[key], mesh.yaml);
  };
  for (const plane of PLANES) {
    for (const services of SIZES) {
      const mesh = meshScenario({ services, dataPlane: plane, rate: RATE, duration });
      shapes = mesh.shapes;
      write(`${plane}/${services}`, mesh);
    }
    // Diagnostics, no target: the largest mesh with all the traffic on one copy of the
    // catalogue (the same build, a 30-service working set during the run), and every
    // mesh with 1 s simulated (what the run costs before and after its requests).
    write(`${plane}/${HOT}`, meshScenario({ services: 3000, dataPlane: plane, rate: RATE, duration, activeCopies: 1 }));
  }
  const runs = PLANES.flatMap((plane) => [
    ...SIZES.map((services) => ({ key: `${plane}/${services}`, file: `${plane}/${services}`, services, args: [] })),
    { key: `${plane}/${HOT}`, file: `${plane}/${HOT}`, services: 3000, args: [] },
    ...SIZES.map((services) => ({ key: `${plane}/${services}/${FIXED}`, file: `${plane}/${services}`, services, args: ['--duration', '1s'] })),
  ]);
  // Interleaved: every repetition runs every mesh once, so a busy minute hits all alike.
  const samples = {};
  for (let rep = 0; rep < repetitions; rep++) {
    for (const { key, file, services, args } of runs) {
      const r = runMeshsimPeakRss(ctx.repoRoot, files[file], ['--workers', '1', ...args]);
      const n = r.results.endToEnd.requests;
      if (Object.keys(r.results.services).length !== services) throw new Error(`${key}: ${Object.keys(r.results.services).length} services reported`);
      if (r.results.endToEnd.availability < 0.999) throw new Error(`${key}: availability ${r.results.endToEnd.availability}; the mesh is overloaded, not measured`);
      (samples[key] ??= []).push({ wall: r.wallSeconds / n, cpu: r.cpuSeconds / n, inRun: r.results.run.wallSeconds / n, wallSeconds: r.wallSeconds, rssKiB: r.maxRssKiB, requests: n, events: r.results.run.events / n });
      ctx.log(`  ${key}, rep ${rep + 1}/${repetitions}: ${us(r.wallSeconds / n)}/request whole, ${us(r.results.run.wallSeconds / n)} in run, ${(r.maxRssKiB / 1024).toFixed(0)} MiB`);
    }
  }
  const fig = {};
  for (const [key, list] of Object.entries(samples)) {
    fig[key] = {
      wall: median(list.map((s) => s.wall)),
      cpu: median(list.map((s) => s.cpu)),
      inRun: median(list.map((s) => s.inRun)),
      wallSeconds: median(list.map((s) => s.wallSeconds)),
      rssKiB: median(list.map((s) => s.rssKiB)),
      requests: list[0].requests,
      // Deterministic (the same seed each repetition): the work the model does per request, whatever the machine's minute.
      events: list[0].events,
    };
  }
  const rows = [];
  const notes = [`meshes: ${shapes}; ${REPLICAS} replicas per service over 3 zones; ${RATE}/s for ${duration} s; median of ${repetitions}`];
  for (const plane of PLANES) {
    const base = fig[`${plane}/30`];
    for (const services of [300, 3000]) {
      const f = fig[`${plane}/${services}`];
      const target = services === 300 ? 1.2 : 1.5;
      rows.push({
        case: `${plane}: ${services} vs 30 services, per request, whole process wall`,
        figure: us(f.wall),
        reference: `${us(base.wall)} (30 services)`,
        ratio: formatRatio(f.wall / base.wall),
        target: `≤ ${target}×`,
        verdict: verdict(f.wall / base.wall, target),
      });
      rows.push({ case: `${plane}: same, whole process CPU`, figure: us(f.cpu), reference: us(base.cpu), ratio: formatRatio(f.cpu / base.cpu), target: '—', verdict: 'info' });
      rows.push({ case: `${plane}: same, in-run (run.wallSeconds)`, figure: us(f.inRun), reference: us(base.inRun), ratio: formatRatio(f.inRun / base.inRun), target: '—', verdict: 'info' });
    }
  }
  for (const plane of PLANES) {
    const base = fig[`${plane}/30`];
    const hot = fig[`${plane}/${HOT}`];
    rows.push({ case: `${plane}: 3,000 services with the traffic on 30 of them vs 30 services, per request, whole process wall`, figure: us(hot.wall), reference: `${us(base.wall)} (30 services)`, ratio: formatRatio(hot.wall / base.wall), target: '—', verdict: 'info' });
    rows.push({ case: `${plane}: same, in-run`, figure: us(hot.inRun), reference: us(base.inRun), ratio: formatRatio(hot.inRun / base.inRun), target: '—', verdict: 'info' });
    // Fixed: the same command with 1 s simulated (start-up, parsing, building, the
    // report, and the first calls' lazily built state). Marginal: what the other requests add.
    const fixed = (services) => fig[`${plane}/${services}/${FIXED}`];
    const marginal = (services) => {
      const full = fig[`${plane}/${services}`];
      return (full.wallSeconds - fixed(services).wallSeconds) / (full.requests - fixed(services).requests);
    };
    rows.push({ case: `${plane}: fixed cost (the same command, 1 s simulated), 30 / 300 / 3,000 services`, figure: SIZES.map((s) => `${fixed(s).wallSeconds.toFixed(2)} s`).join(' / '), reference: `${base.wallSeconds.toFixed(2)} s (30 services, whole run)`, ratio: formatRatio(fixed(3000).wallSeconds / fixed(30).wallSeconds), target: '—', verdict: 'info' });
    rows.push({ case: `${plane}: marginal cost per request (whole run − fixed), 3,000 vs 30 services`, figure: us(marginal(3000)), reference: `${us(marginal(30))} (30 services)`, ratio: formatRatio(marginal(3000) / marginal(30)), target: '—', verdict: 'info' });
  }
  for (const services of SIZES) {
    const s = fig[`sidecar/${services}`];
    const n = fig[`none/${services}`];
    rows.push({ case: `${services} services: sidecar vs none, per request, whole process wall`, figure: us(s.wall), reference: `${us(n.wall)} (none)`, ratio: formatRatio(s.wall / n.wall), target: '≤ 2×', verdict: verdict(s.wall / n.wall, 2) });
    rows.push({ case: `${services} services: sidecar vs none, in-run`, figure: us(s.inRun), reference: `${us(n.inRun)} (none)`, ratio: formatRatio(s.inRun / n.inRun), target: '—', verdict: 'info' });
    // Events per measured request (warm-up's events counted too, alike for both planes): how
    // much of the sidecar's cost is more events, and how much dearer events.
    rows.push({ case: `${services} services: sidecar vs none, events per request`, figure: s.events.toFixed(1), reference: `${n.events.toFixed(1)} (none)`, ratio: formatRatio(s.events / n.events), target: '—', verdict: 'info' });
    rows.push({ case: `${services} services: sidecar vs none, in-run cost per event`, figure: ns(s.inRun / s.events), reference: `${ns(n.inRun / n.events)} (none)`, ratio: formatRatio(s.inRun / s.events / (n.inRun / n.events)), target: '—', verdict: 'info' });
  }
  const big = fig['sidecar/3000'];
  rows.push({ case: 'peak RSS, 3,000-service sidecar mesh', figure: `${(big.rssKiB / 1024).toFixed(0)} MiB`, reference: `${(fig['sidecar/30'].rssKiB / 1024).toFixed(0)} MiB (30 services)`, ratio: '—', target: '≤ 2 GiB, comfortably', verdict: big.rssKiB < 1024 * 1024 ? 'met' : big.rssKiB < 2 * 1024 * 1024 ? 'tight' : 'MISSED' });
  for (const plane of PLANES) {
    const extra = fig[`${plane}/3000`].rssKiB - fig[`${plane}/30`].rssKiB;
    notes.push(`${plane}: peak RSS ${SIZES.map((s) => `${(fig[`${plane}/${s}`].rssKiB / 1024).toFixed(0)}`).join(' / ')} MiB for ${SIZES.join(' / ')} services: ${(extra / 2970).toFixed(1)} KiB per added service, ${(extra / (2970 * REPLICAS)).toFixed(1)} KiB per added replica (3,000 − 30, peak RSS includes the parsed scenario)`);
  }
  for (const [key, list] of Object.entries(samples)) notes.push(`${key}: ${list[0].requests} requests; whole ${list.map((s) => us(s.wall)).join(', ')}; in-run ${list.map((s) => us(s.inRun)).join(', ')} per request`);
  return { rows, notes };
}
