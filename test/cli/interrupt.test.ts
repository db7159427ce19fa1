/**
 * Ctrl-C in a real terminal: `meshsim run` (and `compare`, `plan`) under a pseudo-terminal (`script` from
 * util-linux), a long single replication, then the terminal's interrupt character
 * typed into the pty, as a person would press it. The terminal must get its cursor
 * and line wrap back, the exit status must be 130, and the --json file must not exist
 * (nor any temporary file beside it). The same run also shows the progress bar moving
 * in simulated time within its one replication.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateBuild, repo, type PrivateBuild } from '../experiments/privateBuild.js';

const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';
const WRAP_OFF = '\x1b[?7l';
const WRAP_ON = '\x1b[?7h';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasScript && process.env.CI) throw new Error('`script` (util-linux) is missing; CI must have it for the terminal test');
if (!hasScript) console.warn('skipping the Ctrl-C terminal test: `script` (util-linux) is not installed (CI has it)');

/** Quotes for the shell `script -c` runs. */
const sh = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

interface PtyRun {
  readonly status: number | null;
  readonly screen: string;
}

/** Runs `argv` under a pty; types Ctrl-C once the output matches `when`, or after `when` milliseconds. */
function interruptWhen(argv: string[], when: RegExp | number, env: NodeJS.ProcessEnv): Promise<PtyRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', argv.map(sh).join(' '), '/dev/null'], { cwd: repo, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let sent = false;
    // The pty's VINTR character: the line discipline sends SIGINT to meshsim.
    const typeCtrlC = (): void => {
      if (!sent) child.stdin.write('\x03');
      sent = true;
    };
    const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const timer = typeof when === 'number' ? setTimeout(typeCtrlC, when) : undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString('utf8');
      if (when instanceof RegExp && when.test(screen)) typeCtrlC();
    });
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(guard);
      clearTimeout(timer);
      resolve({ status, screen });
    });
  });
}

describe.skipIf(!hasScript)('Ctrl-C during `meshsim run` in a terminal', () => {
  let build: PrivateBuild;
  let out: string;
  beforeAll(() => {
    build = privateBuild('interrupt');
    out = mkdtempSync(join(tmpdir(), 'meshsim-interrupt-'));
  });
  afterAll(() => {
    build.remove();
    rmSync(out, { recursive: true, force: true });
  });

  it('restores the cursor and line wrap, exits 130, writes nothing; the bar had moved within the one replication', async () => {
    const json = join(out, 'results.json');
    const argv = [process.execPath, join(build.dir, 'run-cli.js'), 'run', 'scenarios/bookinfo.yaml', '--duration', '20000s', '--replications', '1', '--json', json];
    // Typed once the single replication has simulated some time (not "0s of …").
    const r = await interruptWhen(argv, /0\/1 replications \| [1-9][\d.]*[a-z]+ of /, { TERM: 'xterm-256color' });
    expect(r.screen).toContain(HIDE_CURSOR);
    expect(r.screen).toContain(WRAP_OFF);
    expect(r.screen.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(r.screen.lastIndexOf(HIDE_CURSOR));
    expect(r.screen.lastIndexOf(WRAP_ON)).toBeGreaterThan(r.screen.lastIndexOf(WRAP_OFF));
    expect(r.screen).toMatch(/meshsim: interrupted \(SIGINT\)/);
    expect(r.screen).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(r.status).toBe(130);
    expect(existsSync(json)).toBe(false);
    expect(readdirSync(out)).toEqual([]);
  });

  it('under TERM=dumb, draws no bar and sends no escape sequences, and Ctrl-C still exits 130', async () => {
    const argv = [process.execPath, join(build.dir, 'run-cli.js'), 'run', 'scenarios/bookinfo.yaml', '--duration', '20000s', '--replications', '1', '--json', join(out, 'dumb.json')];
    // Nothing is printed during the run, so the interrupt is typed after a pause.
    const r = await interruptWhen(argv, 1500, { TERM: 'dumb' });
    expect(r.screen).not.toContain('\x1b');
    expect(r.status).toBe(130);
    expect(readdirSync(out)).toEqual([]);
  });
  // The other long commands (issue 18): Ctrl-C once their progress line shows they are
  // simulating; the line is cleared, nothing is written, exit 130 — promptly, not when
  // the replication under way ends (each would take minutes here).
  it.each([
    ['compare', ['compare', 'scenarios/bookinfo.yaml', '--duration', '20000s', '--data-planes', 'none,sidecar'], /meshsim compare: none \(1 of 2\), 0\/1 replications, [1-9]/],
    ['plan', ['plan', 'scenarios/bookinfo.yaml', '--slo', 'p99<250ms', '--duration', '20000s'], /meshsim plan: none: simulation 1: /],
  ])('%s: Ctrl-C after progress starts clears the line, exits 130 within seconds, writes nothing', async (name, args, progress) => {
    const json = join(out, `${name}.json`);
    const argv = [process.execPath, join(build.dir, 'run-cli.js'), ...args, '--json', json];
    const started = Date.now();
    const r = await interruptWhen(argv, progress, { TERM: 'xterm-256color' });
    expect(r.screen).toMatch(progress);
    // The progress line cleared (ESC [ K), then the word.
    expect(r.screen).toContain('\r\x1b[K');
    expect(r.screen.lastIndexOf('\r\x1b[K')).toBeLessThan(r.screen.indexOf('meshsim: interrupted (SIGINT); nothing was written'));
    expect(r.screen).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(r.status).toBe(130);
    // A replication of 20000 s takes minutes; the interrupt is handled well before.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(existsSync(json)).toBe(false);
    expect(readdirSync(out)).toEqual([]);
  });
});
