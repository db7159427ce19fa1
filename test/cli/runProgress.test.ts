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
  it('shows replications done, simulated time of the planned and an ETA, and grows with a precision target', async () => {
    const t = fakeTerminal();
    const p = await createRunProgress(true, 4, 90, t.stream);
    p.update({ phase: 'replications', done: 1, planned: 4, simulatedSeconds: 90 });
    p.update({ phase: 'replications', done: 4, planned: 9, simulatedSeconds: 360 });
    p.stop();
    await new Promise((resolve) => setImmediate(resolve));
    const out = t.text();
    expect(out).toMatch(/meshsim run \[.*\] 0\/4 replications \| 0s of 360s simulated \| ETA/);
    expect(out).toMatch(/4\/9 replications \| 360s of 13.5m simulated \| ETA \d/);
  });

  it('moves within one long replication: simulated time, not replications, fills the bar (a warm-up pilot aside)', async () => {
    const t = fakeTerminal();
    const p = await createRunProgress(true, 1, 1000, t.stream);
    p.update({ phase: 'pilot', done: 0, planned: 0, simulatedSeconds: 200 });
    p.update({ phase: 'replications', done: 0, planned: 1, simulatedSeconds: 450 });
    p.stop();
    await new Promise((resolve) => setImmediate(resolve));
    const out = t.text();
    expect(out).toMatch(/\] 0\/1 replications \| 250s of 16.7m simulated/);
    // A quarter of the bar (40 cells by default) is filled.
    expect(out).toMatch(/\[█{10}░{30}\]/);
  });

  it('writes nothing when stderr is not a terminal', async () => {
    const t = fakeTerminal();
    const p = await createRunProgress(false, 4, 1, t.stream);
    p.update({ phase: 'replications', done: 1, planned: 4, simulatedSeconds: 1 });
    p.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.text()).toBe('');
  });
});
