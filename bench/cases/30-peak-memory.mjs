/**
 * Peak memory must not grow with the number of requests (docs/architecture.md, "Bounded
 * memory"): meshsim's peak RSS on the M/M/1 at 1M and at 5M requests, each
 * reported by the child itself (process.resourceUsage().maxRSS), next to the
 * C M/M/1's peak RSS (getrusage) on the same runs.
 * Target (issue 2): "flat", i.e. peak RSS at 5M ≤ 1.1 × peak RSS at 1M, with the 5M
 * requests over the same simulated span as the 1M (bench/scenarios/mm1-5m-dense.yaml,
 * the same queue with time scaled): the per-second series the HTML report draws (issue
 * 13) grows with the simulated span by design, ~1.2 KiB a simulated second, so the 5M
 * run over a 5× span is reported beside it as information.
 */
import { join } from 'node:path';
import { durationFor, implausibility, meshsimDurationArgs, runCMm1, scenarioPath } from '../lib/mm1Model.mjs';
import { runMeshsimPeakRss } from '../lib/meshsim.mjs';
import { formatCount, formatKiB, formatRatio } from '../lib/report.mjs';

export const title = 'peak RSS of meshsim run on the M/M/1 at 1M and 5M requests';

const FLAT_GROWTH = 1.1; // issue 2
const DENSE_SCENARIO = 'bench/scenarios/mm1-5m-dense.yaml';
const DENSE_MEAN_SOJOURN = 1 / (1 / 0.0002 - 4000); // 1 ms: λ 4000/s, mean service 0.2 ms

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
  // The same number of requests as `large`, over `small`'s simulated span.
  const dense = runMeshsimPeakRss(ctx.repoRoot, join(ctx.repoRoot, DENSE_SCENARIO), meshsimDurationArgs(small));
  const denseE2e = dense.results.endToEnd;
  if (Math.abs(denseE2e.requests - large) > 0.01 * large || !(Math.abs(denseE2e.latency.mean - DENSE_MEAN_SOJOURN) <= 0.1 * DENSE_MEAN_SOJOURN)) {
    throw new Error(`meshsim dense M/M/1 is implausible: ${denseE2e.requests} requests, mean ${denseE2e.latency.mean} s`);
  }
  ctx.log(`  ${formatCount(large)} requests over the ${formatCount(small)}-request span: meshsim ${formatKiB(dense.maxRssKiB)}`);
  const growth = dense.maxRssKiB / lo.meshsimKiB;
  rows.push({
    case: `peak RSS growth, ${formatCount(large)} / ${formatCount(small)} requests, same simulated span`,
    figure: formatRatio(growth),
    reference: `${formatRatio(hi.cKiB / lo.cKiB)} (C loop)`,
    ratio: '—',
    target: `≤ ${formatRatio(FLAT_GROWTH)}`,
    verdict: growth <= FLAT_GROWTH ? 'flat' : 'GROWS',
  });
  rows.push({
    case: `peak RSS growth, ${formatCount(large)} / ${formatCount(small)} requests, 5× the simulated span`,
    figure: formatRatio(hi.meshsimKiB / lo.meshsimKiB),
    reference: `${formatRatio(hi.cKiB / lo.cKiB)} (C loop)`,
    ratio: '—',
    target: '—',
    verdict: 'info',
  });
  return {
    rows,
    notes: [
      `peak RSS in KiB: meshsim ${lo.meshsimKiB} → ${dense.maxRssKiB} (same span) and ${hi.meshsimKiB} (5× span), C ${lo.cKiB} → ${hi.cKiB} (one run each; the C figure is mostly the C runtime)`,
      `the 5× span adds ${formatKiB(hi.meshsimKiB - dense.maxRssKiB)} over the same requests in the short span: ${((hi.meshsimKiB - dense.maxRssKiB) / (durationFor(large) - durationFor(small))).toFixed(2)} KiB per simulated second (the per-second series: 288 latency bins of 4 bytes and 3 counters of 8 a second)`,
    ],
  };
}
