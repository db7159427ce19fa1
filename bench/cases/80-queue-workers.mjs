/**
 * Replications on the Redis queue (issue 16): `meshsim run --redis` on the M/M/1 with
 * 1 and with 3 `meshsim worker` processes (concurrency 1 each), the submitter timed as
 * a whole process with the workers already waiting, and a check that every run prints
 * the same results outside `run` as a run on this machine.
 * Target (issue 16): 3 workers reach ≥ 1.7× the throughput of one on a 2-core machine
 * (two cores cap it at 2×; the third worker only keeps a core busy while another hands
 * a job back).
 *
 * The ceiling, measured in the same repetitions: the same replications with no queue —
 * one plain `meshsim run --workers 1` process running all of them, against three such
 * processes side by side running a third each. Nothing is shared but the machine (its
 * caches, memory bandwidth and each process's own V8 GC and compiler threads), so no
 * queue can beat that ratio; the queue's figure is also given as a fraction of it.
 * Each ratio is the median of the paired repetitions, with their spread (min–max).
 *
 * Where the CPU goes: the worker processes' CPU seconds (all threads, from
 * /proc/PID/stat, from "taking jobs" to the end of the run) per job, with 1 and with 3
 * workers, against the one-thread local run's CPU per replication; and the
 * submitter's own CPU.
 *
 * Also the queue's cost per job: many tiny replications (a few ms of simulation each)
 * through one worker against the same on this machine's one thread, both minus a
 * one-replication run of their own, so start-up, the Redis probe and loading BullMQ
 * cancel: what remains is a job's round trip (queue, pick-up, sandbox thread, result
 * in Redis, completion event, decoding) per replication.
 *
 * Needs Debian's redis-server (`apt-get install -y redis-server`); without it the
 * rows say NOT MEASURED. The case starts its own server on a free loopback port.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { MM1, scenarioPath } from '../lib/mm1Model.mjs';
import { runChildrenTogether } from '../lib/childProcess.mjs';
import { meshsimCommand, runMeshsimTimed } from '../lib/meshsim.mjs';
import { formatCount, formatRatio, formatSeconds, median } from '../lib/report.mjs';

export const title = 'replications on the Redis queue: 3 worker processes vs 1, and the overhead per job';

const TARGET_SPEEDUP = 1.7; // issue 16

function withoutRun(results) {
  const copy = { ...results };
  delete copy.run;
  return JSON.stringify(copy);
}

const CLOCK_TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** CPU seconds (user + system, all threads) process `pid` has used so far, from /proc; NaN where there is none. */
function cpuSecondsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from 3 (state) on
    return (Number(fields[14 - 3]) + Number(fields[15 - 3])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** "1.74× (1.62–1.81×)": the median of paired ratios and their spread. */
function ratioWithSpread(ratios) {
  return `${formatRatio(median(ratios))} (${formatRatio(Math.min(...ratios))}–${formatRatio(Math.max(...ratios))})`;
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a child and resolves once `ready` appears on its stdout or stderr. */
function startUntil(command, args, ready, cwd) {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const look = (d) => {
      out += d;
      if (out.includes(ready)) resolve(child);
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.on('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${out.trim().split('\n').slice(-5).join('\n')}`)));
  });
}

function stop(children) {
  return Promise.all(
    children.splice(0).map(
      (c) =>
        new Promise((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', resolve);
          c.kill('SIGTERM');
        }),
    ),
  );
}

export async function run(ctx) {
  const notMeasured = (why) => ({
    rows: [{ case: 'replications on the Redis queue, 3 workers vs 1', figure: '—', reference: why, ratio: '—', target: `≥ ${TARGET_SPEEDUP}×`, verdict: 'NOT MEASURED' }],
    notes: [`${why}: apt-get install -y redis-server`],
  });
  if (spawnSync('redis-server', ['--version']).status !== 0) return notMeasured('redis-server is not installed');

  const port = await freePort();
  const redisServer = await startUntil('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], 'Ready to accept connections');
  const url = `redis://127.0.0.1:${port}`;
  const workers = [];
  const startWorkers = (n) =>
    Promise.all(Array.from({ length: n }, () => startUntil(process.execPath, [join(ctx.repoRoot, 'bin', 'meshsim.js'), 'worker', '--redis', url, '--concurrency', '1'], 'taking jobs', ctx.repoRoot))).then((started) => workers.push(...started));
  const scenario = scenarioPath(ctx.repoRoot);
  try {
    // Throughput: enough work (~10–20 s on one thread) that the submitter's fixed costs do not hide the speedup.
    const replications = ctx.quick ? 6 : 18;
    const perReplication = ctx.quick ? 100_000 : 1_000_000;
    const repetitions = ctx.quick ? 1 : 5;
    const duration = ['--duration', `${perReplication / MM1.arrivalRate}s`];
    const args = ['--replications', String(replications), ...duration];
    const local = withoutRun(runMeshsimTimed(ctx.repoRoot, scenario, [...args, '--workers', '1']).results);
    const times = { 1: [], 3: [] };
    const workerCpu = { 1: [], 3: [] };
    const submitterCpu = [];
    const plain = { 1: [], 3: [] };
    const plainCpu = [];
    const third = meshsimCommand(ctx.repoRoot, scenario, ['--replications', String(replications / 3), ...duration, '--workers', '1']);
    for (let rep = 0; rep < repetitions; rep++) {
      for (const n of [1, 3]) {
        await startWorkers(n);
        const cpuBefore = workers.map((w) => cpuSecondsOf(w.pid));
        const m = runMeshsimTimed(ctx.repoRoot, scenario, [...args, '--redis', url]);
        const cpu = workers.reduce((sum, w, i) => sum + cpuSecondsOf(w.pid) - cpuBefore[i], 0);
        await stop(workers);
        if (withoutRun(m.results) !== local) throw new Error(`--redis with ${n} workers printed other results than a local run`);
        times[n].push(m.wallSeconds);
        workerCpu[n].push(cpu / replications);
        submitterCpu.push(m.cpuSeconds);
      }
      // The ceiling: the same replications with no queue, one process on one thread vs three side by side.
      const one = runMeshsimTimed(ctx.repoRoot, scenario, [...args, '--workers', '1']);
      plain[1].push(one.wallSeconds);
      plainCpu.push(one.cpuSeconds / replications);
      plain[3].push(await runChildrenTogether([third, third, third], { cwd: ctx.repoRoot }));
      ctx.log(`  rep ${rep + 1}/${repetitions}: queue 1 worker ${formatSeconds(times[1].at(-1))}, 3 workers ${formatSeconds(times[3].at(-1))}; no queue 1 process ${formatSeconds(plain[1].at(-1))}, 3 processes ${formatSeconds(plain[3].at(-1))}`);
    }
    const ratios = times[1].map((t, i) => t / times[3][i]);
    const ceilings = plain[1].map((t, i) => t / plain[3][i]);
    const speedup = median(ratios);
    const ceiling = median(ceilings);
    const ms = (seconds) => `${(seconds * 1000).toFixed(0)} ms`;

    // Overhead per job: tiny replications, queue (1 worker) vs this machine's one thread, fixed costs subtracted.
    const tiny = ctx.quick ? 20 : 100;
    const tinyArgs = (n) => ['--replications', String(n), '--duration', `${1000 / MM1.arrivalRate}s`, '--warmup', '0s'];
    await startWorkers(1);
    const queued = (n) => runMeshsimTimed(ctx.repoRoot, scenario, [...tinyArgs(n), '--redis', url]).wallSeconds;
    const onThread = (n) => runMeshsimTimed(ctx.repoRoot, scenario, [...tinyArgs(n), '--workers', '1']).wallSeconds;
    const perJob = [];
    for (let rep = 0; rep < repetitions; rep++) {
      const queueCost = queued(tiny) - queued(1);
      const threadCost = onThread(tiny) - onThread(1);
      perJob.push((queueCost - threadCost) / (tiny - 1));
    }
    await stop(workers);

    const cores = os.availableParallelism();
    const verdict = cores < 2 ? `NOT MEASURABLE (${cores} core)` : speedup >= TARGET_SPEEDUP ? 'met' : `MISSED (${formatRatio(speedup)})`;
    return {
      rows: [
        {
          case: `${replications} × ${formatCount(perReplication)}-request M/M/1 replications on the queue, 3 worker processes`,
          figure: formatSeconds(median(times[3])),
          reference: `${formatSeconds(median(times[1]))} (1 worker process)`,
          ratio: `${ratioWithSpread(ratios)} throughput`,
          target: `≥ ${TARGET_SPEEDUP}×`,
          verdict,
        },
        {
          case: `ceiling: the same replications with no queue, 3 plain processes of ${replications / 3} side by side (one thread each)`,
          figure: formatSeconds(median(plain[3])),
          reference: `${formatSeconds(median(plain[1]))} (1 process of ${replications})`,
          ratio: `${ratioWithSpread(ceilings)}; the queue reaches ${Math.round((speedup / ceiling) * 100)}% of it`,
          target: '—',
          verdict: 'ceiling',
        },
        {
          case: 'CPU per job in the worker processes (all threads), 3 workers vs 1',
          figure: ms(median(workerCpu[3])),
          reference: `${ms(median(workerCpu[1]))} (1 worker); one local thread ${ms(median(plainCpu))} per replication, whole process`,
          ratio: formatRatio(median(workerCpu[3]) / median(workerCpu[1])),
          target: '—',
          verdict: 'info',
        },
        {
          case: `queue overhead per job (${tiny} replications of ${formatCount(1000)} requests, 1 worker, vs one local thread)`,
          figure: `${(median(perJob) * 1000).toFixed(1)} ms per job`,
          reference: 'the same replications on this machine\'s one thread',
          ratio: '—',
          target: '—',
          verdict: 'measured',
        },
      ],
      notes: [
        `median of ${repetitions} (ratio: median of paired runs, min–max in brackets); 1 worker ${times[1].map(formatSeconds).join(', ')}; 3 workers ${times[3].map(formatSeconds).join(', ')}; paired ratios ${ratios.map(formatRatio).join(', ')}; identical results outside \`run\` to a local run; ${cores} cores; workers started before the submitter and not timed`,
        `ceiling, no queue: 1 process ${plain[1].map(formatSeconds).join(', ')}; 3 processes ${plain[3].map(formatSeconds).join(', ')} until all had exited; paired ratios ${ceilings.map(formatRatio).join(', ')}`,
        `CPU per job, worker processes: 1 worker ${workerCpu[1].map(ms).join(', ')}; 3 workers ${workerCpu[3].map(ms).join(', ')}; submitter, whole process: ${submitterCpu.map((c) => c.toFixed(2)).join(', ')} s (1, 3 workers alternately)`,
        `overhead per job, each repetition: ${perJob.map((s) => `${(s * 1000).toFixed(1)} ms`).join(', ')}`,
      ],
    };
  } finally {
    await stop(workers);
    redisServer.kill('SIGKILL');
  }
}
