import { describe, expect, it } from 'vitest';
import { judgeSlo, judgeSlos } from '../../src/experiments/sloVerdict.js';
import { describeJudgement } from '../../src/report/sloText.js';
import { runScenario } from '../../src/experiments/runScenario.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';
import type { EdgeResults, Results } from '../../src/report/results.js';
import { parseSlo } from '../../src/scenarios/slo.js';

/** Just the fields judging reads, shaped like a real results object. */
function results(over: { p99?: number; ci?: [number, number]; availability?: number; requests?: number; failed?: number; edges?: Partial<EdgeResults>[] }): Results {
  const requests = over.requests ?? 1000;
  const failed = over.failed ?? 0;
  const block = {
    requests,
    failed,
    availability: over.availability ?? (requests - failed) / requests,
    latency: { mean: 0.01, p50: 0.008, p90: 0.02, p99: over.p99 ?? 0.05, p999: 0.09, max: 0.1 },
    failures: {},
    ...(over.ci && { ci95: { p99: over.ci } }),
  };
  return {
    endToEnd: { ...block, succeeded: requests - failed, rate: 10, concurrency: 0.1 },
    services: { api: { ...block, utilization: 0.5, rejected: 0, ejections: 0, retries: 0, overflow: 0 } },
    edges: (over.edges ?? []) as EdgeResults[],
  } as unknown as Results;
}

describe('judgeSlo', () => {
  it('holds only when the whole interval meets the threshold, is violated only when it all misses', () => {
    const slo = parseSlo('p99<60ms');
    expect(judgeSlo(slo, results({ p99: 0.05, ci: [0.045, 0.055] })).verdict).toBe('holds');
    expect(judgeSlo(slo, results({ p99: 0.058, ci: [0.055, 0.061] })).verdict).toBe('undecided');
    expect(judgeSlo(slo, results({ p99: 0.07, ci: [0.065, 0.075] })).verdict).toBe('violated');
    // Without an interval (one replication), the estimate alone decides, and no interval is claimed.
    const single = judgeSlo(slo, results({ p99: 0.058 }));
    expect(single.verdict).toBe('holds');
    expect(single.interval).toBeUndefined();
  });

  it('treats <= and >= as inclusive, < and > as strict', () => {
    expect(judgeSlo(parseSlo('p99<=50ms'), results({ p99: 0.05 })).verdict).toBe('holds');
    expect(judgeSlo(parseSlo('p99<50ms'), results({ p99: 0.05 })).verdict).toBe('violated');
    expect(judgeSlo(parseSlo('availability>=99.9%'), results({ failed: 1 })).verdict).toBe('holds');
    expect(judgeSlo(parseSlo('availability>99.9%'), results({ failed: 1 })).verdict).toBe('violated');
  });

  it('measures headroom against the threshold, and an availability floor against its error budget', () => {
    expect(judgeSlo(parseSlo('p99<100ms'), results({ p99: 0.075 })).margin).toBeCloseTo(0.25, 12);
    expect(judgeSlo(parseSlo('p99<50ms'), results({ p99: 0.075 })).margin).toBeCloseTo(-0.5, 12);
    // 99.9% leaves a budget of 0.1%; 0.04% failed, so 60% of the budget is left.
    expect(judgeSlo(parseSlo('availability>=99.9%'), results({ requests: 10_000, failed: 4 })).margin).toBeCloseTo(0.6, 9);
  });

  it('cannot judge a figure with no value: no requests, or latency without one success', () => {
    expect(judgeSlo(parseSlo('services.api.p99<1s'), results({ requests: 0, availability: 1 })).verdict).toBe('unjudgeable');
    expect(judgeSlo(parseSlo('p99<1s'), results({ requests: 10, failed: 10 })).verdict).toBe('unjudgeable');
    expect(judgeSlo(parseSlo('availability>=50%'), results({ requests: 10, failed: 10 })).verdict).toBe('violated');
    expect(judgeSlo(parseSlo('services.gone.p99<1s'), results({})).verdict).toBe('unjudgeable');
  });

  it('takes retry amplification at the worst edge, or the worst edge into a service', () => {
    const r = results({
      edges: [
        { from: 'client', to: 'api', requests: 100, attempts: 110 },
        { from: 'api', to: 'db', requests: 200, attempts: 300 },
        { from: 'api', to: 'idle', requests: 0, attempts: 0 },
      ],
    });
    expect(judgeSlo(parseSlo('retryAmplification<=1.3'), r)).toMatchObject({ verdict: 'violated', estimate: 1.5 });
    expect(judgeSlo(parseSlo('services.api.retryAmplification<=1.3'), r)).toMatchObject({ verdict: 'holds', estimate: 1.1 });
    expect(judgeSlo(parseSlo('services.idle.retryAmplification<=1.3'), r).verdict).toBe('unjudgeable');
  });

  it('describes a judgement in the objective\'s own units', () => {
    expect(describeJudgement(judgeSlo(parseSlo('p99<60ms'), results({ p99: 0.051, ci: [0.048, 0.054] })))).toBe('p99<60ms: 51ms [48ms, 54ms] holds (headroom 15%)');
  });
});

describe('judgeSlos on a real run with replications', () => {
  it('finds the binding objective and judges p99 by its replication interval', async () => {
    const { scenario } = loadScenario('test/experiments/fixtures/mm1-light.yaml', { replications: 5, duration: 2000 });
    const { results: r } = await runScenario(scenario);
    const interval = r.endToEnd.ci95?.p99;
    expect(interval).toBeDefined();
    const [lo, hi] = interval as [number, number];
    const report = judgeSlos([parseSlo(`p99<${hi * 1.5 * 1000}ms`), parseSlo(`p99<${lo * 0.5 * 1000}ms`), parseSlo('availability>=99%')], r);
    expect(report.judgements.map((j) => j.verdict)).toEqual(['holds', 'violated', 'holds']);
    expect(report.judgements[0]?.interval).toEqual([lo, hi]);
    expect(report.holds).toBe(false);
    expect(report.violated).toBe(true);
    expect(report.binding?.slo.text).toBe(report.judgements[1]?.slo.text);
  });
});
