/**
 * Whole-process A/B (bench/ab.mjs): each build's CLI as a child process, alternately —
 * the 5M-request M/M/1 (whole process, as 20-mm1-process runs it) and bookinfo with the
 * networking samples in a sidecar mesh (in-run user requests per second, as
 * 50-bookinfo-policies runs it: policy engine only, and the calibrated sidecar), wall
 * and CPU time. `base` is a checkout with its own built bin/ and dist/.
 */
import { join, resolve } from 'node:path';
import { variant } from '../cases/50-bookinfo-policies.mjs';
import { runMeshsimTimed } from './meshsim.mjs';
import { scenarioPath } from './mm1Model.mjs';
import { formatRatio, median } from './report.mjs';

export function runWholeProcess({ base, reps, duration, repoRoot }) {
  const builds = { base: resolve(base), new: repoRoot };
  const ctx = { repoRoot, benchDir: join(repoRoot, 'bench') };
  const bookinfo = join(repoRoot, 'scenarios', 'bookinfo-istio.yaml');
  const perWallSecond = (r) => r.results.endToEnd.requests / r.results.run.wallSeconds;
  const perCpuSecond = (r) => r.results.endToEnd.requests / r.cpuSeconds;
  const bookinfoArgs = ['--duration', duration, '--workers', '1'];
  // Each case is measured once; its figures read the same runs (wall beside CPU).
  const cases = [
    { name: 'M/M/1 5M requests', file: scenarioPath(repoRoot), args: [], figures: [['whole-process wall s', (r) => r.wallSeconds, true], ['whole-process CPU s', (r) => r.cpuSeconds, true]] },
    { name: `bookinfo policies (costs none), ${duration}`, file: variant(ctx, bookinfo, 'sidecar', true), args: bookinfoArgs, figures: [['in-run user req/s', perWallSecond, false], ['user req per CPU s (whole process)', perCpuSecond, false]] },
    { name: `bookinfo calibrated sidecar, ${duration}`, file: variant(ctx, bookinfo, 'sidecar'), args: bookinfoArgs, figures: [['in-run user req/s', perWallSecond, false], ['user req per CPU s (whole process)', perCpuSecond, false]] },
  ];
  const fmt = (x) => (x >= 1000 ? `${(x / 1000).toFixed(1)}k` : x.toFixed(3));
  const table = ['| case | base (median) | new (median) | new speed vs base (median of pairs) |', '|---|---|---|---|'];
  const notes = [];
  for (const k of cases) {
    const raw = { base: [], new: [] };
    for (let rep = 0; rep < reps; rep++) {
      for (const which of rep % 2 === 0 ? ['base', 'new'] : ['new', 'base']) raw[which].push(runMeshsimTimed(builds[which], k.file, k.args));
    }
    for (const [label, figure, lowerIsBetter] of k.figures) {
      const a = raw.base.map(figure);
      const b = raw.new.map(figure);
      // As a speed: > 1 means the new build is faster.
      const ratio = median(a.map((x, i) => (lowerIsBetter ? x / b[i] : b[i] / x)));
      table.push(`| ${k.name}, ${label} | ${fmt(median(a))} | ${fmt(median(b))} | ${formatRatio(ratio)} |`);
      notes.push(`${k.name}, ${label}: base ${a.map(fmt).join(' ')}; new ${b.map(fmt).join(' ')}`);
    }
  }
  return { table, notes };
}
