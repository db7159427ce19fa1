/**
 * Anything but a regular file given as the scenario, a manifest or an `istio:` file is
 * refused before a byte is read (issue 20: /dev/zero or a named pipe given as the
 * scenario hung forever), and `istio:` files are read within one size budget. The
 * refusals run the built CLI in a child process with a deadline, so a hang fails the
 * test instead of freezing the suite.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, ftruncateSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ISTIO_FILES } from '../../src/scenarios/istioResources.js';
import { MAX_FILE_BYTES } from '../../src/scenarios/sourceText.js';
import { cli } from '../cliHarness.js';
import { privateBuild, type PrivateBuild } from '../experiments/privateBuild.js';

const dir = mkdtempSync(join(tmpdir(), 'meshsim-special-'));
const fifo = join(dir, 'pipe.yaml');
const directory = join(dir, 'folder.yaml');
mkdirSync(directory);
/** mkfifo(1) exists on Linux and macOS; where it does not, the pipe cases are skipped. */
const haveFifo = ((): boolean => {
  try {
    execFileSync('mkfifo', [fifo]);
    return true;
  } catch {
    return false;
  }
})();
const haveDevZero = existsSync('/dev/zero');

let build: PrivateBuild;
beforeAll(() => {
  build = privateBuild('special-files');
});
afterAll(() => {
  build.remove();
  rmSync(dir, { recursive: true, force: true });
});

/** The built CLI, given 30 s (a hang is killed and fails the test). */
function runCli(...args: string[]): { status: number | null; stderr: string } {
  return build.runCli(args, 30_000);
}

const EXPECTED = '(expected a YAML scenario or manifest file)';

const scenario = (istio: string[]): string =>
  `apiVersion: meshsim/v1\nkind: Scenario\nmetadata: {name: special}\nservices: [{name: a, serviceTime: 1ms}]\ntraffic: [{to: a, rate: 1}]\nistio:\n${istio.map((p) => `  - ${JSON.stringify(p)}`).join('\n')}\n`;

describe('special files', () => {
  it.runIf(haveDevZero)('/dev/zero as the scenario is refused at once, by run and validate', () => {
    for (const command of ['run', 'validate']) {
      const r = runCli(command, '/dev/zero');
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toBe(`/dev/zero:1:1: is a character device, not a regular file ${EXPECTED}\n`);
    }
  });

  it.runIf(haveFifo)('a named pipe with no writer is refused, not waited on', () => {
    const r = runCli('run', fifo);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toBe(`${fifo}:1:1: is a named pipe (FIFO), not a regular file ${EXPECTED}\n`);
  });

  it('a directory is refused by run; validate reads the YAML files in it, and says so when there are none', async () => {
    const r = await cli('run', directory);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${directory}:1:1: is a directory, not a regular file ${EXPECTED}\n`);
    const v = await cli('validate', directory);
    expect(v.status).toBe(2);
    expect(v.stderr).toMatch(new RegExp(`^${directory.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:1: the directory has no \\.yaml, \\.yml or \\.json file directly in it`));
  });

  it('istio: entries that are not regular files are refused at their list items', () => {
    const entries = [directory, ...(haveDevZero ? ['/dev/zero'] : []), ...(haveFifo ? [fifo] : [])];
    const file = join(dir, 'istio-special.yaml');
    writeFileSync(file, scenario(entries));
    const r = runCli('validate', file);
    expect(r.status, r.stderr).toBe(2);
    const kinds = ['a directory', ...(haveDevZero ? ['a character device'] : []), ...(haveFifo ? ['a named pipe (FIFO)'] : [])];
    expect(r.stderr.split('\n').filter((l) => l !== '')).toEqual(
      entries.map((e, i) => `${file}:${7 + i}:5: istio[${i}]: ${e} is ${kinds[i]}, not a regular file (expected a path to a YAML file, relative to the scenario file)`),
    );
  });

  it('istio: files are read within 10 MiB together', async () => {
    // Two files of 6 MiB of comments: each is under the limit, together they are over it.
    const big = (name: string): string => {
      const path = join(dir, name);
      writeFileSync(path, '# a comment\n'.repeat((6 * 1024 * 1024) / 12) + 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
      return path;
    };
    const [one, two] = [big('one.yaml'), big('two.yaml')];
    const file = join(dir, 'istio-big.yaml');
    writeFileSync(file, scenario([one, two]));
    const r = await cli('validate', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(`^${file}:8:5: istio\\[1\\]: ${two} \\(\\d+ bytes\\) takes the istio: files over ${MAX_FILE_BYTES} bytes together \\(expected at most 10 MiB of Istio resources in all\\)$`, 'm'),
    );
  }, 60_000);

  it(`at most ${MAX_ISTIO_FILES} istio: files`, async () => {
    const one = join(dir, 'one-resource.yaml');
    writeFileSync(one, 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: a}\nspec: {host: a}\n');
    const file = join(dir, 'istio-many.yaml');
    writeFileSync(file, scenario(Array.from({ length: MAX_ISTIO_FILES + 1 }, () => one)));
    const r = await cli('validate', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${file}:${7 + MAX_ISTIO_FILES}:5: istio[${MAX_ISTIO_FILES}]: ${MAX_ISTIO_FILES + 1} files are listed (expected at most ${MAX_ISTIO_FILES} files (put the resources of several in one))\n`);
  });

  it('a file that is larger than the limit is refused by its size, before it is read', async () => {
    const path = join(dir, 'sparse.yaml');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, MAX_FILE_BYTES + 1);
    closeSync(fd);
    const r = await cli('run', path);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${path}:1:1: the file is too large (${MAX_FILE_BYTES + 1} bytes; the limit is ${MAX_FILE_BYTES} bytes = 10 MiB) ${EXPECTED}\n`);
  });
});
