/**
 * NO_COLOR (https://no-color.org, issue 18): meshsim adds no colour to anything it prints
 * — tables, warnings, progress lines, help — so NO_COLOR has nothing to turn off; this
 * keeps it that way. The only escape sequences are the progress lines' cursor
 * movements, written only to an interactive terminal (not TERM=dumb, cliIo.ts).
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { isInteractiveTerminal } from '../../src/cli/cliIo.js';

/** An SGR sequence (colour, bold, underline …): ESC [ params m. */
const SGR = new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m');

async function capture(argv: string[], stderrIsTty: boolean): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), stderrIsTty, stdoutColumns: 60 });
  return { stdout, stderr };
}

describe('no colour anywhere', () => {
  it('compare on a terminal: progress moves the cursor but sets no colour; the table has no escapes at all', async () => {
    const { stdout, stderr } = await capture(['compare', 'scenarios/bookinfo-istio.yaml', '--duration', '1s', '--warmup', '0.2s', '--data-planes', 'none,sidecar'], true);
    expect(stderr).toContain('\r\x1b[K');
    expect(stderr).not.toMatch(SGR);
    expect(stdout).not.toContain('\x1b');
  });

  it('run, validate warnings and help print no escape sequence', async () => {
    for (const argv of [['run', 'scenarios/bookinfo.yaml', '--duration', '1s'], ['validate', 'scenarios/bookinfo-istio.yaml'], ['compare', '--help']]) {
      const { stdout, stderr } = await capture(argv, false);
      expect(stdout + stderr, argv.join(' ')).not.toContain('\x1b');
    }
  });

  it('cursor movements only on a terminal that takes them', () => {
    expect(isInteractiveTerminal({ isTTY: true }, { TERM: 'xterm-256color' })).toBe(true);
    expect(isInteractiveTerminal({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(isInteractiveTerminal({ isTTY: false }, { TERM: 'xterm' })).toBe(false);
  });
});
