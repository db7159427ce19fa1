/**
 * Informational: simulator events per second on the bookinfo example
 * (scenarios/bookinfo.yaml: four services, call fan-out, lognormal/gamma
 * service times, two zones) run longer than its default 60 s. The figure is
 * the CLI's own count over its own run time (results `run.events /
 * run.wallSeconds`, start-up excluded), so it is comparable with the
 * "inside the run" rate the M/M/1 case prints. No reference or target: the
 * richer model's cost per event is what it is worth watching over time.
 */
import { join } from 'node:path';
import { runMeshsimTimed } from '../lib/meshsim.mjs';
import { formatCount, formatRate, formatSeconds } from '../lib/report.mjs';

export const title = 'events/s of meshsim run on scenarios/bookinfo.yaml (informational)';

export function run(ctx) {
  const duration = ctx.quick ? 120 : 1800; // simulated seconds at 200 req/s
  const { results, wallSeconds } = runMeshsimTimed(ctx.repoRoot, join(ctx.repoRoot, 'scenarios', 'bookinfo.yaml'), ['--duration', `${duration}s`]);
  const perSecond = results.run.events / results.run.wallSeconds;
  ctx.log(`  ${results.run.events} events in ${results.run.wallSeconds} s`);
  return {
    rows: [
      {
        case: `bookinfo, ${duration} s simulated, events/s`,
        figure: formatRate(perSecond),
        reference: '—',
        ratio: '—',
        target: '—',
        verdict: 'info',
      },
    ],
    notes: [
      `${formatCount(results.run.events)} events, ${results.endToEnd.requests} requests in ${results.run.wallSeconds} s inside the run (${formatSeconds(wallSeconds)} whole process); ` +
        `availability ${results.endToEnd.availability}, p99 ${(results.endToEnd.latency.p99 * 1000).toFixed(1)} ms`,
    ],
  };
}
