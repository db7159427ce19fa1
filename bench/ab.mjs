#!/usr/bin/env node
/**
 * A/B of this checkout ("new") against another ("base") on the cases a hot-path change
 * must not slow down: the M/M/1 and bookinfo with the networking samples in a sidecar
 * mesh. The two run alternately (A B, then B A, …) so both see the same minutes of a
 * shared machine; each ratio is the median of the paired ratios, as a speed (> 1: new
 * is faster).
 *
 *   node bench/ab.mjs --base ../other-checkout [--reps 5] [--duration 1000s]   whole processes (base needs bin/ and dist/ built)
 *   node bench/ab.mjs --base ../other-checkout --in-process [--reps 8]         both trees' runMesh in one process, CPU time
 *
 * The scenarios are this checkout's, so both sides read identical inputs.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInProcess } from './lib/abInProcess.mjs';
import { runWholeProcess } from './lib/abWholeProcess.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const base = option('--base');
if (base === undefined) {
  process.stderr.write('usage: node bench/ab.mjs --base DIR [--in-process] [--reps N] [--duration D]\n');
  process.exit(2);
}
const inProcess = args.includes('--in-process');
const reps = Number(option('--reps', inProcess ? '8' : '5'));
const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const start = loadavg()[0];
const { table, notes } = inProcess
  ? await runInProcess({ base, reps, repoRoot })
  : runWholeProcess({ base, reps, duration: option('--duration', '1000s'), repoRoot });
process.stdout.write(`${table.join('\n')}\n\n${notes.join('\n')}\n`);
process.stdout.write(`load average ${start.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end; ${reps} alternating pairs; base ${resolve(base)}\n`);
