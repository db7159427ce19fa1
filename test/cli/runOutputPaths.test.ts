/**
 * `run`'s output paths are checked before the simulation starts (issue 18), as
 * compare's are: a missing directory or a directory given as the file exits 2 with
 * one line, at once, and nothing is written — no results, no temporary file.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as runScenarioModule from '../../src/experiments/runScenario.js';
import { cli } from '../cliHarness.js';

const SCENARIO = join(import.meta.dirname, '../../scenarios/bookinfo.yaml');
const root = mkdtempSync(join(tmpdir(), 'meshsim-run-out-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('run --json to a path it cannot write', () => {
  it.each([
    ['a missing directory', (dir: string) => join(dir, 'no', 'such', 'x.json'), /^meshsim: --json: cannot write '.*x\.json': directory '.*such' does not exist\n$/],
    ['a directory', (dir: string) => join(dir, 'out'), /^meshsim: --json: cannot write '.*out': it is a directory \(expected a file path\)\n$/],
  ])('%s: exits 2 before simulating, with one line, and writes nothing', async (_what, target, message) => {
    const dir = mkdtempSync(join(root, 'case-'));
    mkdirSync(join(dir, 'out'));
    const spy = vi.spyOn(runScenarioModule, 'runScenario');
    const r = await cli('run', SCENARIO, '--duration', '1s', '--json', target(dir));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(readdirSync(dir)).toEqual(['out']);
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
  });
});

describe('writeFileAtomically', () => {
  it('leaves no temporary file when the rename fails (the target is a directory)', async () => {
    const { writeFileAtomically } = await import('../../src/cli/writeFileAtomically.js');
    const dir = mkdtempSync(join(root, 'atomic-'));
    mkdirSync(join(dir, 'out'));
    expect(() => writeFileAtomically(join(dir, 'out'), 'x')).toThrow();
    expect(readdirSync(dir)).toEqual(['out']);
  });
});
