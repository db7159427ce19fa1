/**
 * Issue 4: simulated requests per wall second for bookinfo with Istio's bookinfo
 * networking samples in a sidecar mesh — scenarios/bookinfo-istio.yaml as
 * shipped (destination-rule-all + virtual-service-reviews-80-20), every call
 * decided by the policy engine (route, subset, LEAST_REQUEST pick, retry state,
 * pool accounting, server-side mTLS/authz). The figure is meshsim's own count
 * over its own run time (end-to-end requests / `run.wallSeconds`: parsing and
 * start-up excluded), one worker thread. A user request is four to five
 * simulated requests (productpage, details, reviews, ratings for v2): both
 * counts are printed, the target is read on user requests, the stricter one.
 * Reference: the same scenario with `dataPlane: none` (no proxies: kube-proxy's
 * random pick), measured in the same run, so the ratio is the policy engine's
 * cost whatever the machine's load.
 * Target (issue 4): ≥ 100k simulated requests/s on one core, for the policy engine
 * alone — issue 4's proxies "add no delay", so that variant runs with
 * `dataPlanes: {costs: none}`. The calibrated sidecar data plane (issue 5: every
 * proxy pass is a queued event) is reported beside it, for information.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { runMeshsimTimed } from '../lib/meshsim.mjs';
import { formatCount, formatRate, formatRatio, median } from '../lib/report.mjs';

export const title = 'simulated requests per wall second, bookinfo with the bookinfo networking samples (sidecar) vs no data plane';

const TARGET = 100_000; // requests per second (issue 4)
const RATE = 200; // the scenario's user requests per second

/**
 * The scenario with `dataPlane` replaced and its `istio:` paths made absolute, written
 * under bench/out/scenarios/ (so the reference reads the very same resources).
 */
export function variant(ctx, source, dataPlane, costsNone = false) {
  const dir = join(ctx.benchDir, 'out', 'scenarios');
  mkdirSync(dir, { recursive: true });
  const base = dirname(source);
  const text = readFileSync(source, 'utf8')
    .replace(/^dataPlane: \w+$/m, `dataPlane: ${dataPlane}${costsNone ? '\ndataPlanes: {costs: none}' : ''}`)
    .replace(/^(\s*- )([^\s/#][^\s#]*\.yaml)/gm, (_, lead, path) => `${lead}${resolve(base, path)}`);
  if (!text.includes(`dataPlane: ${dataPlane}`)) throw new Error(`could not set dataPlane in ${source}`);
  const file = join(dir, `bookinfo-istio-${dataPlane}${costsNone ? '-policy' : ''}.yaml`);
  writeFileSync(file, text);
  return file;
}

/** Service requests (every hop) per user request in one run's results. */
function hopsPerRequest(results) {
  const served = Object.values(results.services).reduce((a, s) => a + s.requests, 0);
  return served / results.endToEnd.requests;
}

export function run(ctx) {
  const source = join(ctx.repoRoot, 'scenarios', 'bookinfo-istio.yaml');
  const duration = ctx.quick ? 300 : 3000; // simulated seconds: 60k / 600k user requests
  const repetitions = ctx.quick ? 1 : 3;
  const files = { policy: variant(ctx, source, 'sidecar', true), sidecar: variant(ctx, source, 'sidecar'), none: variant(ctx, source, 'none') };
  const perSecond = { policy: [], sidecar: [], none: [] };
  const ratios = [];
  let last = {};
  for (let rep = 0; rep < repetitions; rep++) {
    for (const plane of ['none', 'policy', 'sidecar']) {
      const { results } = runMeshsimTimed(ctx.repoRoot, files[plane], ['--duration', `${duration}s`, '--workers', '1']);
      const n = results.endToEnd.requests;
      if (Math.abs(n - RATE * duration) > 0.02 * RATE * duration) throw new Error(`${plane}: ${n} requests, expected ~${RATE * duration}`);
      if (results.dataPlane !== (plane === 'policy' ? 'sidecar' : plane)) throw new Error(`${plane}: results say dataPlane ${results.dataPlane}`);
      perSecond[plane].push(n / results.run.wallSeconds);
      last[plane] = results;
      ctx.log(`  ${plane}, rep ${rep + 1}/${repetitions}: ${formatRate(perSecond[plane].at(-1))} user requests`);
    }
    ratios.push(perSecond.policy.at(-1) / perSecond.none.at(-1));
  }
  // Sanity: the samples act (reviews v3 gets nothing under 80/20; no data plane spreads evenly).
  const versions = last.policy.services.reviews?.versions ?? {};
  if ((versions.v3?.requests ?? -1) !== 0) throw new Error('policy run: reviews v3 got traffic, so the 80/20 sample did not act');
  const policy = median(perSecond.policy);
  const sidecar = median(perSecond.sidecar);
  const none = median(perSecond.none);
  const hops = hopsPerRequest(last.policy);
  return {
    rows: [
      {
        case: `bookinfo + networking samples, policy engine in every sidecar (costs: none), ${formatCount(RATE * duration)} user requests, per wall second`,
        figure: formatRate(policy),
        reference: `${formatRate(none)} (dataPlane none)`,
        ratio: formatRatio(median(ratios)),
        target: `≥ ${formatRate(TARGET)}`,
        verdict: policy >= TARGET ? 'met' : `MISSED (${formatRatio(TARGET / policy)} short)`,
      },
      {
        case: 'same, counting every simulated service request (all hops)',
        figure: formatRate(policy * hops),
        reference: `${formatRate(none * hopsPerRequest(last.none))} (dataPlane none)`,
        ratio: '—',
        target: '—',
        verdict: 'info',
      },
      {
        case: 'same with the calibrated sidecar data plane (each proxy pass queued and costed)',
        figure: formatRate(sidecar),
        reference: `${formatRate(none)} (dataPlane none)`,
        ratio: formatRatio(sidecar / none),
        target: '—',
        verdict: 'info',
      },
    ],
    notes: [
      `user requests per in-run wall second, median of ${repetitions}: policy ${perSecond.policy.map(formatRate).join(', ')}; calibrated sidecar ${perSecond.sidecar.map(formatRate).join(', ')}; none ${perSecond.none.map(formatRate).join(', ')} (ratio: median of paired runs)`,
      `${hops.toFixed(2)} service requests per user request; reviews v1/v2/v3 ${versions.v1?.requests}/${versions.v2?.requests}/${versions.v3?.requests}; ` +
        `events policy ${formatCount(last.policy.run.events)}, sidecar ${formatCount(last.sidecar.run.events)}, none ${formatCount(last.none.run.events)}; availability ${last.policy.endToEnd.availability}, p99 ${(last.policy.endToEnd.latency.p99 * 1000).toFixed(1)} ms`,
    ],
  };
}
