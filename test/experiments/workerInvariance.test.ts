import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/report/results.js';

/**
 * Must show (issue 6): 1, 2 and 4 workers give identical JSON. Worker threads need
 * compiled JavaScript (Node 20 cannot start a worker on .ts), so this test builds
 * src/ with the project's own build (scripts/build.mjs) into a private directory
 * under node_modules/.cache — where Node still finds the packages left external —
 * and runs that build's CLI in a child process, exactly as a user would.
 */
const repo = resolve(import.meta.dirname, '../..');
// One directory per test process: engineers and CI may run the suite at the same time.
const build = join(repo, 'node_modules', '.cache', `meshsim-worker-invariance-${process.pid}`);

function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(build, 'run-cli.js'), ...args], { cwd: repo, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The results without the `run` block (wall time, worker count), as the contract's determinism promise reads. */
function withoutRun(json: string): string {
  const r = JSON.parse(json) as Partial<Results>;
  delete r.run;
  return JSON.stringify(r);
}

describe('--workers N gives byte-identical results', () => {
  beforeAll(() => {
    rmSync(build, { recursive: true, force: true });
    mkdirSync(build, { recursive: true });
    const built = spawnSync(process.execPath, [join(repo, 'scripts', 'build.mjs'), '--outdir', build], { cwd: repo, encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    writeFileSync(join(build, 'package.json'), '{"type": "module"}\n');
    // What bin/meshsim.js does, against this build.
    writeFileSync(join(build, 'run-cli.js'), `const { main } = await import(${JSON.stringify(pathToFileURL(join(build, 'cli.js')).href)});\nprocess.exitCode = await main(process.argv.slice(2));\n`);
  });
  afterAll(() => rmSync(build, { recursive: true, force: true }));

  it('bookinfo, 6 replications, with warmup auto and a precision target: 1, 2 and 4 workers agree', () => {
    const outputs = [1, 2, 4].map((workers) => {
      const r = runCli(['run', 'scenarios/bookinfo.yaml', '--duration', '4s', '--replications', '6', '--warmup', 'auto', '--precision', '1%', '--max-replications', '9', '--workers', String(workers), '--json', '-']);
      expect(r.status, r.stderr).toBe(0);
      const parsed = JSON.parse(r.stdout) as Results;
      expect(parsed.run.workers).toBe(workers);
      return withoutRun(r.stdout);
    });
    const first = JSON.parse(outputs[0] ?? '{}') as Results;
    expect(first.replications).toBeGreaterThanOrEqual(6);
    expect(first.endToEnd.ci95?.mean).toBeDefined();
    expect(first.services.reviews?.ci95?.p99).toBeDefined();
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[2]).toBe(outputs[0]);
  });

  it('without --workers, a run too short to gain starts no threads (same results)', () => {
    const args = ['run', 'scenarios/bookinfo.yaml', '--duration', '1s', '--replications', '3', '--json', '-'];
    const auto = runCli(args);
    const one = runCli([...args, '--workers', '1']);
    expect(auto.status, auto.stderr).toBe(0);
    expect((JSON.parse(auto.stdout) as Results).run.workers).toBe(1);
    expect(withoutRun(auto.stdout)).toBe(withoutRun(one.stdout));
  });
});
