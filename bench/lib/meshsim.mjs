/**
 * Running meshsim's CLI (the compiled dist/, as users run it) as a measured
 * child process, either whole-process timed or reporting its own peak RSS.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runChild } from './childProcess.mjs';

// The bench's scenarios are long on purpose; the CLI's default event budget guards users, not us.
const COMMON_FLAGS = ['--json', '-', '--quiet', '--max-events', '1e9'];

/** The command line of `node bin/meshsim.js run SCENARIO --json - --quiet …extraArgs`. */
export function meshsimCommand(repoRoot, scenario, extraArgs = []) {
  return { command: process.execPath, args: [join(repoRoot, 'bin', 'meshsim.js'), 'run', scenario, ...COMMON_FLAGS, ...extraArgs] };
}

/**
 * `node bin/meshsim.js run SCENARIO --json - --quiet …extraArgs` timed from the
 * parent (seconds, start-up and exit included); returns the results JSON and
 * the child's CPU seconds too.
 */
export function runMeshsimTimed(repoRoot, scenario, extraArgs = []) {
  const { command, args } = meshsimCommand(repoRoot, scenario, extraArgs);
  const { stdout, wallSeconds, cpuSeconds } = runChild(command, args, { cwd: repoRoot });
  return { results: JSON.parse(stdout), wallSeconds, cpuSeconds };
}

/**
 * The same run inside a child that prints its own peak resident set size on exit
 * (process.resourceUsage().maxRSS, KiB); returns the results and maxRssKiB, and the
 * whole-process wallSeconds and cpuSeconds measured here as runChild does (the wrapper
 * is the CLI's own main(), so start-up differs from bin/meshsim.js only by the `-e`
 * program's few lines).
 */
export function runMeshsimPeakRss(repoRoot, scenario, extraArgs = []) {
  const cli = pathToFileURL(join(repoRoot, 'dist', 'cli.js')).href;
  const argv = JSON.stringify(['run', scenario, ...COMMON_FLAGS, ...extraArgs]);
  const program = [
    `const { main } = await import(${JSON.stringify(cli)});`,
    `const status = await main(${argv});`,
    "process.stderr.write('maxrss ' + process.resourceUsage().maxRSS + '\\n');",
    'process.exitCode = status;',
  ].join('\n');
  const { stdout, stderr, wallSeconds, cpuSeconds } = runChild(process.execPath, ['--input-type=module', '-e', program], { cwd: repoRoot });
  const match = /^maxrss (\d+)$/m.exec(stderr);
  if (!match) throw new Error(`meshsim child did not report its peak RSS:\n${stderr}`);
  return { results: JSON.parse(stdout), maxRssKiB: Number(match[1]), wallSeconds, cpuSeconds };
}
