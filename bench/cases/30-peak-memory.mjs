/**
 * Peak memory must not grow with the number of requests (docs/architecture.md, "Bounded
 * memory"): meshsim's peak RSS on the M/M/1 at 1M and at 5M requests, each
 * reported by the child itself (process.resourceUsage().maxRSS), next to the
 * C M/M/1's peak RSS (getrusage) on the same runs.
 * Target (issue 2): "flat", i.e. peak RSS at 5M ≤ 1.1 × peak RSS at 1M.
 */
import { implausibility, meshsimDurationArgs, runCMm1, scenarioPath } from '../lib/mm1Model.mjs';
import { runMeshsimPeakRss } from '../lib/meshsim.mjs';
import { formatCount, formatKiB, formatRatio } from '../lib/report.mjs';

export const title = 'peak RSS of meshsim run on the M/M/1 at 1M and 5M requests';

const FLAT_GROWTH = 1.1; // issue 2

export function run(ctx) {
  const [small, large] = ctx.quick ? [100_000, 500_000] : [1_000_000, 5_000_000];
  const cBinary = ctx.compileC('mm1');

  const measured = [small, large].map((requests) => {
    const m = runMeshsimPeakRss(ctx.repoRoot, scenarioPath(ctx.repoRoot), meshsimDurationArgs(requests));
    const c = runCMm1(cBinary, requests);
    const e2e = m.results.endToEnd;
    const problem = implausibility(e2e.requests, requests, e2e.latency.mean);
    if (problem) throw new Error(`meshsim M/M/1 at ${formatCount(requests)} is implausible: ${problem}`);
    ctx.log(`  ${formatCount(requests)} requests: meshsim ${formatKiB(m.maxRssKiB)}, C ${formatKiB(c.maxRssKiB)}`);
    return { requests, meshsimKiB: m.maxRssKiB, cKiB: c.maxRssKiB };
  });

  const rows = measured.map(({ requests, meshsimKiB, cKiB }) => ({
    case: `peak RSS, M/M/1 ${formatCount(requests)} requests`,
    figure: formatKiB(meshsimKiB),
    reference: `${formatKiB(cKiB)} (C loop)`,
    ratio: formatRatio(meshsimKiB / cKiB),
    target: '—',
    verdict: 'info',
  }));
  const [lo, hi] = measured;
  const growth = hi.meshsimKiB / lo.meshsimKiB;
  rows.push({
    case: `peak RSS growth, ${formatCount(large)} / ${formatCount(small)} requests`,
    figure: formatRatio(growth),
    reference: `${formatRatio(hi.cKiB / lo.cKiB)} (C loop)`,
    ratio: '—',
    target: `≤ ${formatRatio(FLAT_GROWTH)}`,
    verdict: growth <= FLAT_GROWTH ? 'flat' : 'GROWS',
  });
  return {
    rows,
    notes: [`peak RSS in KiB: meshsim ${lo.meshsimKiB} → ${hi.meshsimKiB}, C ${lo.cKiB} → ${hi.cKiB} (one run each; the C figure is mostly the C runtime)`],
  };
}
