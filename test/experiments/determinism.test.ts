import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { Results } from '../../src/report/results.js';

const BASE = 'test/fixtures/determinism/base.yaml';
const WITH_UNRELATED = 'test/fixtures/determinism/with-unrelated-source.yaml';

async function runJson(file: string, ...args: string[]): Promise<string> {
  let out = '';
  const status = await main(['run', file, '--json', '-', ...args], { stdout: (s) => void (out += s), stderr: () => {} });
  expect(status).toBe(0);
  return out;
}

/** The results without the `run` block (wall time), as the contract's determinism promise reads. */
function withoutRun(json: string): string {
  const r = JSON.parse(json) as Partial<Results>;
  delete r.run;
  return JSON.stringify(r);
}

describe('determinism', () => {
  it('same scenario and seed give byte-identical JSON outside `run`', async () => {
    const a = await runJson(BASE);
    const b = await runJson(BASE);
    expect(withoutRun(a)).toBe(withoutRun(b));
    // And the run block is the only place that may differ: events are identical too.
    expect((JSON.parse(a) as Results).run.events).toBe((JSON.parse(b) as Results).run.events);
  });

  it('another seed gives different numbers', async () => {
    const a = JSON.parse(await runJson(BASE)) as Results;
    const b = JSON.parse(await runJson(BASE, '--seed', '8')) as Results;
    expect(b.seed).toBe(8);
    expect(b.endToEnd.latency.mean).not.toBe(a.endToEnd.latency.mean);
    expect(b.endToEnd.requests).not.toBe(a.endToEnd.requests);
  });

  it("adding an unrelated traffic source leaves an unrelated service's draws unchanged", async () => {
    const base = JSON.parse(await runJson(BASE)) as Results;
    const more = JSON.parse(await runJson(WITH_UNRELATED)) as Results;
    expect(more.services.reports?.requests).toBeGreaterThan(0);
    for (const name of ['frontend', 'catalog', 'recommend']) {
      expect(JSON.stringify(more.services[name]), name).toBe(JSON.stringify(base.services[name]));
    }
    const edges = (r: Results): string => JSON.stringify(r.edges.filter((e) => e.from !== 'batch'));
    expect(edges(more)).toBe(edges(base));
  });
});

describe('determinism under each data plane', () => {
  it.each(['sidecar', 'ambient', 'ebpf'] as const)('%s: the same seed gives byte-identical JSON outside `run`', async (plane) => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-determinism-'));
    const file = join(dir, `${plane}.yaml`);
    writeFileSync(file, readFileSync(BASE, 'utf8').replace('seed: 7', `seed: 7\ndataPlane: ${plane}`));
    const a = await runJson(file);
    const b = await runJson(file);
    expect(withoutRun(a)).toBe(withoutRun(b));
    expect((JSON.parse(a) as Results).cost.meshVcpu).toBeGreaterThan(0);
  });
});
