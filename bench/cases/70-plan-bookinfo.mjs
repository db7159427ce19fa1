/**
 * Wall time of `meshsim plan` on scenarios/bookinfo-dataplanes.yaml (sidecar, the
 * file's 120 s per replication) at 3.6× its traffic, where the planner must simulate a
 * candidate that holds and its neighbour that does not. Goal (issue 11): under 10 s on
 * 2 cores. The reference, measured in the same run, is one `meshsim run` of the planned
 * scenario with as many replications as the plan simulated in all, on the same
 * threads: the ratio says what the search costs beyond the simulations it needs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild } from '../lib/childProcess.mjs';
import { runMeshsimTimed } from '../lib/meshsim.mjs';
import { formatRatio, formatSeconds, median } from '../lib/report.mjs';

export const title = 'wall time of meshsim plan on bookinfo-dataplanes (goal < 10 s on 2 cores)';

const GOAL_SECONDS = 10;

export function run(ctx) {
  const scenario = join(ctx.repoRoot, 'scenarios', 'bookinfo-dataplanes.yaml');
  const out = join(mkdtempSync(join(tmpdir(), 'meshsim-bench-plan-')), 'planned.yaml');
  const flags = ['--slo', 'p99<35ms', '--slo', 'availability>=99.9%', '--load', '3.6x', '--workers', '2', ...(ctx.quick ? ['--duration', '30s'] : [])];
  const repetitions = ctx.quick ? 1 : 3;
  const plans = [];
  let plan;
  for (let i = 0; i < repetitions; i++) {
    const { stdout, wallSeconds, cpuSeconds } = runChild(process.execPath, [join(ctx.repoRoot, 'bin', 'meshsim.js'), 'plan', scenario, ...flags, '--json', '-', '--out', out], { cwd: ctx.repoRoot });
    plan = JSON.parse(stdout);
    plans.push({ wallSeconds, cpuSeconds });
    ctx.log(`  plan ${i + 1}: ${wallSeconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU, ${plan.simulations} simulations (${plan.replications} replications)`);
  }
  const runs = [];
  for (let i = 0; i < repetitions; i++) {
    const r = runMeshsimTimed(ctx.repoRoot, out, ['--replications', String(plan.replications), '--workers', '2', ...(ctx.quick ? ['--duration', '30s'] : [])]);
    runs.push(r.wallSeconds);
  }
  const planSeconds = median(plans.map((p) => p.wallSeconds));
  const runSeconds = median(runs);
  return {
    rows: [
      {
        case: `plan bookinfo-dataplanes, load 3.6x, ${plan.simulations} simulations, 2 workers${ctx.quick ? ' (quick: 30 s runs)' : ''}`,
        figure: formatSeconds(planSeconds),
        reference: `${formatSeconds(runSeconds)} (meshsim run, ${plan.replications} replications)`,
        ratio: formatRatio(planSeconds / runSeconds),
        target: `< ${GOAL_SECONDS} s`,
        verdict: planSeconds < GOAL_SECONDS ? 'met' : 'missed',
      },
    ],
    notes: [
      `plan: ${plans.map((p) => `${p.wallSeconds.toFixed(2)} s (CPU ${p.cpuSeconds.toFixed(2)} s)`).join(', ')}; run: ${runs.map((s) => s.toFixed(2)).join(', ')} s`,
      `plan: ${JSON.stringify(Object.fromEntries(Object.entries(plan.services).map(([k, v]) => [k, v.replicas])))}, binding ${plan.binding}, feasible ${plan.feasible}`,
    ],
  };
}
