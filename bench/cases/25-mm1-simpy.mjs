/**
 * meshsim against SimPy on the same M/M/1 (bench/lib/mm1Model.mjs: λ = 800/s,
 * mean service 1 ms, 2 s warm-up), the same number of requests, both timed as
 * whole processes from this one. SimPy comes from Debian (`apt-get install -y
 * python3-simpy`, SimPy 2.3's classic API) or pip (simpy ≥ 3); the driver
 * bench/drivers/mm1_simpy.py speaks both. Without SimPy the row says so.
 * Target (issue 6): meshsim at least 20× faster.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseLastJsonLine, runChild } from '../lib/childProcess.mjs';
import { MM1, durationFor, implausibility, meshsimDurationArgs, scenarioPath } from '../lib/mm1Model.mjs';
import { runMeshsimTimed } from '../lib/meshsim.mjs';
import { formatCount, formatRatio, formatSeconds, median } from '../lib/report.mjs';

export const title = 'meshsim run vs SimPy on the same M/M/1, whole-process wall time';

const TARGET_SPEEDUP = 20; // issue 6

/** The first Python that can import SimPy (either API), or undefined. */
function findSimPyPython() {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'try:\n import simpy\nexcept ImportError:\n import SimPy.Simulation'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return undefined;
}

export function run(ctx) {
  const requests = ctx.quick ? 200_000 : 5_000_000;
  const repetitions = ctx.quick ? 1 : 3;
  const python = findSimPyPython();
  if (!python) {
    return {
      rows: [{ case: `M/M/1 ${formatCount(requests)} requests vs SimPy`, figure: '—', reference: 'SimPy unavailable', ratio: '—', target: `≥ ${TARGET_SPEEDUP}× faster`, verdict: 'NOT MEASURED' }],
      notes: ['SimPy is not installed: `apt-get install -y python3-simpy` (Debian) or `pip install simpy`'],
    };
  }
  const driver = join(ctx.benchDir, 'drivers', 'mm1_simpy.py');
  const args = [MM1.arrivalRate, MM1.serviceMean, MM1.warmup, durationFor(requests), MM1.seed].map(String);
  const meshsimTimes = [];
  const simpyTimes = [];
  let simpyLast;
  let meshsimLast;
  for (let rep = 0; rep < repetitions; rep++) {
    const s = runChild(python, [driver, ...args]);
    simpyLast = parseLastJsonLine(s.stdout);
    simpyTimes.push(s.wallSeconds);
    const m = runMeshsimTimed(ctx.repoRoot, scenarioPath(ctx.repoRoot), meshsimDurationArgs(requests));
    meshsimLast = m.results;
    meshsimTimes.push(m.wallSeconds);
    ctx.log(`  rep ${rep + 1}/${repetitions}: meshsim ${formatSeconds(m.wallSeconds)}, SimPy ${formatSeconds(s.wallSeconds)}`);
  }
  const e2e = meshsimLast.endToEnd;
  const problems = [
    implausibility(e2e.requests, requests, e2e.latency.mean) && `meshsim: ${implausibility(e2e.requests, requests, e2e.latency.mean)}`,
    implausibility(simpyLast.requests, requests, simpyLast.meanSojourn) && `SimPy: ${implausibility(simpyLast.requests, requests, simpyLast.meanSojourn)}`,
  ].filter(Boolean);
  // Paired: each SimPy run with the meshsim run right after it; the median of the ratios.
  const speedup = median(simpyTimes.map((s, i) => s / meshsimTimes[i]));
  const verdict = problems.length > 0 ? `INVALID (${problems.join('; ')})` : speedup >= TARGET_SPEEDUP ? 'met' : `MISSED (${formatRatio(speedup / TARGET_SPEEDUP)} of target)`;
  return {
    rows: [
      {
        case: `M/M/1 ${formatCount(requests)} requests vs SimPy, whole process`,
        figure: formatSeconds(median(meshsimTimes)),
        reference: `${formatSeconds(median(simpyTimes))} (${simpyLast.api})`,
        ratio: `${formatRatio(speedup)} faster`,
        target: `≥ ${TARGET_SPEEDUP}× faster`,
        verdict,
      },
    ],
    notes: [
      `median of ${repetitions} (ratio: median of paired runs); meshsim ${meshsimTimes.map(formatSeconds).join(', ')}; SimPy ${simpyTimes.map(formatSeconds).join(', ')} (${python}, ${simpyLast.api})`,
      `mean sojourn meshsim ${e2e.latency.mean.toFixed(4)} s, SimPy ${simpyLast.meanSojourn.toFixed(4)} s; requests meshsim ${e2e.requests}, SimPy ${simpyLast.requests}`,
    ],
  };
}
