/**
 * Running a measured program as a child process. Every figure in the bench
 * comes from a fresh process, so one case's JIT state, heap or page cache
 * warmth cannot leak into another's.
 */
import { spawnSync } from 'node:child_process';

/**
 * Runs `command args…` to completion and returns its output and wall time in
 * seconds, measured in this (the parent) process with process.hrtime around
 * the whole child: start-up, work and exit. Throws when the child fails.
 */
export function runChild(command, args, { cwd } = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const tail = (result.stderr || result.stdout || '').trim().split('\n').slice(-5).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${tail}`);
  }
  return { stdout: result.stdout, stderr: result.stderr, wallSeconds };
}

/** Parses the last non-empty line of `text` as JSON (the drivers and C programs print one line). */
export function parseLastJsonLine(text) {
  const lines = text.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}
