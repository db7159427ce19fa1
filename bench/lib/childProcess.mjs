/**
 * Running a measured program as a child process. Every figure in the bench
 * comes from a fresh process, so one case's JIT state, heap or page cache
 * warmth cannot leak into another's.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/**
 * CPU seconds (user + system) of this process's reaped children so far, from
 * /proc/self/stat (cutime + cstime, in clock ticks: 10 ms resolution at the
 * usual 100 Hz); NaN where /proc is missing.
 */
function childrenCpuSeconds() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from 3 (state) on
    return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/**
 * Runs `command args…` to completion and returns its output, its wall time in
 * seconds measured in this (the parent) process with process.hrtime around the
 * whole child (start-up, work and exit), and its CPU seconds (user + system,
 * all threads), which a busy machine inflates less than wall time.
 * Throws when the child fails.
 */
export function runChild(command, args, { cwd } = {}) {
  const cpuBefore = childrenCpuSeconds();
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpuSeconds = childrenCpuSeconds() - cpuBefore;
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const tail = (result.stderr || result.stdout || '').trim().split('\n').slice(-5).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${tail}`);
  }
  return { stdout: result.stdout, stderr: result.stderr, wallSeconds, cpuSeconds };
}

/** Parses the last non-empty line of `text` as JSON (the drivers and C programs print one line). */
export function parseLastJsonLine(text) {
  const lines = text.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/**
 * Runs several children at once and returns the wall seconds until the last has
 * exited (measured here, as runChild does); throws when any fails.
 */
export async function runChildrenTogether(children, { cwd } = {}) {
  const start = process.hrtime.bigint();
  await Promise.all(
    children.map(
      ({ command, args }) =>
        new Promise((resolve, reject) => {
          const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
          let stderr = '';
          child.stderr.on('data', (chunk) => (stderr += chunk));
          child.on('error', reject);
          child.on('exit', (code, signal) =>
            code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}:\n${stderr.trim().split('\n').slice(-5).join('\n')}`)),
          );
        }),
    ),
  );
  return Number(process.hrtime.bigint() - start) / 1e9;
}
