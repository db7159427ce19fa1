import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createRunProgress } from '../../src/cli/runProgress.js';

/** A stream that says it is a terminal and keeps what is written to it. */
function fakeTerminal(): { stream: NodeJS.WritableStream; text: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
  let written = '';
  stream.on('data', (chunk: Buffer) => void (written += chunk.toString('utf8')));
  return { stream, text: () => written };
}

describe('run progress', () => {
  it('shows replications done, simulated time and an ETA, and grows with a precision target', async () => {
    const t = fakeTerminal();
    const p = await createRunProgress(true, 4, t.stream);
    p.update({ phase: 'replications', done: 1, planned: 4, simulatedSeconds: 90 });
    p.update({ phase: 'replications', done: 4, planned: 9, simulatedSeconds: 360 });
    p.stop();
    await new Promise((resolve) => setImmediate(resolve));
    const out = t.text();
    expect(out).toMatch(/meshsim run \[.*\] 0\/4 replications \| 0s simulated \| ETA/);
    expect(out).toMatch(/4\/9 replications \| 360s simulated \| ETA \d/);
  });

  it('writes nothing when stderr is not a terminal', async () => {
    const t = fakeTerminal();
    const p = await createRunProgress(false, 4, t.stream);
    p.update({ phase: 'replications', done: 1, planned: 4, simulatedSeconds: 1 });
    p.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.text()).toBe('');
  });
});
