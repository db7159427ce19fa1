/**
 * What the figures were measured on: CPU model, cores, Node, C compiler,
 * kernel, load and UTC date. Ratios travel between machines; absolute figures
 * don't, and a load above the core count says other jobs shared the CPU.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

function firstLineOf(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.split('\n')[0].trim() : 'unavailable';
}

function cpuModel() {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) return match[1].trim();
  } catch {
    // not Linux: fall back to what Node reports
  }
  return os.cpus()[0]?.model ?? 'unknown CPU';
}

/** The 1-minute load average, e.g. "4.68": above the core count, other jobs were competing for the CPU. */
export function loadAverage() {
  return os.loadavg()[0].toFixed(2);
}

/**
 * One-line description of this machine, e.g. "AMD EPYC, 2 cores, 23 GiB · Node v20.20.2 · cc … · Linux … ·
 * load 1.02 → 3.50 · date", with the 1-minute load average at the start of the run and now.
 */
export function describeMachine(loadAtStart) {
  const memoryGiB = Math.round(os.totalmem() / 2 ** 30);
  const cores = os.availableParallelism();
  return [
    `${cpuModel()}, ${cores} core${cores === 1 ? '' : 's'}, ${memoryGiB} GiB`,
    `Node ${process.version}`,
    firstLineOf('cc', ['--version']),
    `${os.type()} ${os.release()}`,
    `load average ${loadAtStart} at start, ${loadAverage()} at end`,
    firstLineOf('date', ['-u']),
  ].join(' · ');
}
