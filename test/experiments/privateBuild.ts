import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Worker threads need compiled JavaScript (Node 20 cannot start a worker on .ts),
 * so tests that start workers build src/ with the project's own build
 * (scripts/build.mjs) into a private directory under node_modules/.cache — where
 * Node still finds the packages left external — one per test file and process,
 * since engineers and CI may run the suite at the same time.
 */
export const repo = resolve(import.meta.dirname, '../..');

export interface PrivateBuild {
  readonly dir: string;
  /** The built replication worker, for a ReplicationPool. */
  readonly workerUrl: URL;
  /** Runs the built CLI in a child process, as bin/meshsim.js would (killed after `timeoutMs`, if given: status null). */
  runCli(args: string[], timeoutMs?: number): { status: number | null; stdout: string; stderr: string };
  remove(): void;
}

export function privateBuild(name: string): PrivateBuild {
  const dir = join(repo, 'node_modules', '.cache', `meshsim-${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const built = spawnSync(process.execPath, [join(repo, 'scripts', 'build.mjs'), '--outdir', dir], { cwd: repo, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  writeFileSync(join(dir, 'package.json'), '{"type": "module"}\n');
  // What bin/meshsim.js does, against this build.
  writeFileSync(join(dir, 'run-cli.js'), `const { main } = await import(${JSON.stringify(pathToFileURL(join(dir, 'cli.js')).href)});\nprocess.exitCode = await main(process.argv.slice(2));\n`);
  return {
    dir,
    workerUrl: pathToFileURL(join(dir, 'replicationWorker.js')),
    runCli(args, timeoutMs) {
      const r = spawnSync(process.execPath, [join(dir, 'run-cli.js'), ...args], { cwd: repo, encoding: 'utf8', maxBuffer: 64 << 20, ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }) });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
