/**
 * What the figures were measured on: CPU model, cores, Node, C compiler,
 * kernel and UTC date. Ratios travel between machines; absolute figures don't.
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

/** One-line description of this machine, e.g. "AMD EPYC, 2 cores, 23 GiB · Node v20.20.2 · cc … · Linux … · date". */
export function describeMachine() {
  const memoryGiB = Math.round(os.totalmem() / 2 ** 30);
  const cores = os.availableParallelism();
  return [
    `${cpuModel()}, ${cores} core${cores === 1 ? '' : 's'}, ${memoryGiB} GiB`,
    `Node ${process.version}`,
    firstLineOf('cc', ['--version']),
    `${os.type()} ${os.release()}`,
    firstLineOf('date', ['-u']),
  ].join(' · ');
}
