import { describe, expect, it } from 'vitest';
import { cli } from '../cliHarness.js';
import type { Results } from '../../src/report/results.js';

const BOOKINFO = 'scenarios/bookinfo.yaml';
const STARTS_FULL = 'test/experiments/fixtures/mm1-starts-full.yaml';

describe('meshsim run: statistics flags', () => {
  it('one replication: ci95 from batch means of the run, and the table says so', async () => {
    const r = await cli('run', BOOKINFO, '--duration', '10s', '--workers', '1', '--json', '-');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as Results;
    expect(j.confidence?.method).toBe('batch-means');
    expect(j.confidence?.samples).toBeGreaterThanOrEqual(32);
    expect(j.confidence?.samples).toBeLessThan(64);
    const [lo, hi] = j.endToEnd.ci95?.mean ?? [NaN, NaN];
    expect(lo).toBeLessThan(j.endToEnd.latency.mean);
    expect(hi).toBeGreaterThan(j.endToEnd.latency.mean);
    expect(j.endToEnd.ci95?.p99).toBeUndefined(); // batch means carry no percentiles
    const table = await cli('run', BOOKINFO, '--duration', '10s', '--workers', '1');
    expect(table.stdout).toMatch(/95% CI: availability \[.*\], mean \[.*\] \(batch means of \d+ batches of \d+ requests\)/);
  });

  it('replications: ci95 per service, and the interval brackets the pooled estimate', async () => {
    const r = await cli('run', BOOKINFO, '--duration', '3s', '--replications', '4', '--workers', '1', '--json', '-');
    const j = JSON.parse(r.stdout) as Results;
    expect(j.confidence).toEqual({ level: 0.95, method: 'replications', samples: 4 });
    for (const name of ['productpage', 'details', 'reviews', 'ratings']) {
      const ci = j.services[name]?.ci95;
      expect(Object.keys(ci ?? {}), name).toEqual(['availability', 'mean', 'p50', 'p90', 'p99', 'p999']);
    }
    const [lo, hi] = j.endToEnd.ci95?.availability ?? [NaN, NaN];
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(1);
  });

  it('--warmup auto reports the chosen warm-up in the JSON and the table header', async () => {
    const j = JSON.parse((await cli('run', STARTS_FULL, '--replications', '2', '--workers', '1', '--json', '-')).stdout) as Results;
    expect(j.warmupAuto).toEqual({ chosen: j.warmup, pilotSeconds: 200, settled: true });
    const t = await cli('run', STARTS_FULL, '--duration', '60s', '--workers', '1');
    expect(t.stdout).toMatch(/^mm1-starts-full — seed 1, data plane none, 60s measured after [\d.]+s warm-up \(auto: MSER-5 on a 60s pilot\)/);
    // A fixed --warmup replaces the file's auto.
    const fixed = JSON.parse((await cli('run', STARTS_FULL, '--warmup', '30s', '--workers', '1', '--json', '-')).stdout) as Results;
    expect(fixed.warmup).toBe(30);
    expect(fixed.warmupAuto).toBeUndefined();
  });

  it('--warmup auto on a pilot too short warns on stderr', async () => {
    const r = await cli('run', STARTS_FULL, '--duration', '20s', '--workers', '1', '--quiet');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^meshsim: warmup auto: the transient may last longer than half the 20 s pilot/);
  });

  it('--precision adds replications until met, or stops at the cap with a message', async () => {
    const met = JSON.parse((await cli('run', BOOKINFO, '--duration', '3s', '--precision', '5%', '--workers', '1', '--json', '-')).stdout) as Results;
    expect(met.confidence?.precision).toEqual({ target: 0.05, met: true, maxReplications: 100 });
    expect(met.replications).toBeGreaterThanOrEqual(5);
    const mean = met.endToEnd.ci95?.mean ?? [0, 0];
    expect((mean[1] - mean[0]) / 2).toBeLessThanOrEqual(0.05 * met.endToEnd.latency.mean * 1.05);

    const capped = await cli('run', BOOKINFO, '--duration', '1s', '--precision', '0.1%', '--max-replications', '6', '--workers', '1', '--json', '-');
    expect(capped.status).toBe(0);
    expect(capped.stderr).toBe('meshsim: --precision 0.1%: not met after 6 replications (the cap; raise it with --max-replications); the ci95 intervals show the precision reached\n');
    const j = JSON.parse(capped.stdout) as Results;
    expect(j.replications).toBe(6);
    expect(j.confidence?.precision).toEqual({ target: 0.001, met: false, maxReplications: 6 });
  });

  it.each([
    [['--precision', '2'], /^meshsim: --precision: '2' is not a precision \(expected a relative half-width such as 2% or 0.02\)/],
    [['--precision', '0%'], /^meshsim: --precision: '0%' is not a precision/],
    [['--workers', '0'], /^meshsim: --workers: '0' is not allowed \(expected a whole number from 1 to 1024\)/],
    [['--max-replications', '1'], /^meshsim: --max-replications: '1' is not allowed/],
    [['--warmup', 'soon'], /^meshsim: --warmup: 'soon' is not a duration/],
  ])('%j is a usage error (exit 2)', async (flags, message) => {
    const r = await cli('run', BOOKINFO, ...flags);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('no progress bar when stderr is not a terminal', async () => {
    const r = await cli('run', BOOKINFO, '--duration', '1s', '--replications', '3', '--workers', '1', '--quiet');
    expect(r.stderr).toBe('');
  });
});
