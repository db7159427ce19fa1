import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/report/results.js';
import { privateBuild, type PrivateBuild } from './privateBuild.js';

/**
 * Must show (issue 6): 1, 2 and 4 workers give identical JSON, through the built
 * CLI in a child process, exactly as a user would run it (privateBuild.ts).
 */
let build: PrivateBuild;
const runCli = (args: string[]) => build.runCli(args);

/** The results without the `run` block (wall time, worker count), as the contract's determinism promise reads. */
function withoutRun(json: string): string {
  const r = JSON.parse(json) as Partial<Results>;
  delete r.run;
  return JSON.stringify(r);
}

describe('--workers N gives byte-identical results', () => {
  beforeAll(() => {
    build = privateBuild('worker-invariance');
  });
  afterAll(() => build.remove());

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

  // How many threads the automatic choice starts depends on the wall clock; replicationPool.test.ts
  // drives that choice with an injected clock. Here: whatever it chose, the results are the same.
  it('without --workers, the automatic thread count gives the same results as one', () => {
    const args = ['run', 'scenarios/bookinfo.yaml', '--duration', '1s', '--replications', '3', '--json', '-'];
    const auto = runCli(args);
    const one = runCli([...args, '--workers', '1']);
    expect(auto.status, auto.stderr).toBe(0);
    expect(withoutRun(auto.stdout)).toBe(withoutRun(one.stdout));
  });
});
