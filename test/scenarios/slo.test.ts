import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatThreshold, parseSlo, sloContradictions, SloSyntaxError, type Slo } from '../../src/scenarios/slo.js';

function syntaxError(text: string): SloSyntaxError {
  try {
    parseSlo(text);
  } catch (err) {
    if (err instanceof SloSyntaxError) return err;
    throw err;
  }
  throw new Error(`'${text}' parsed`);
}

describe('parseSlo', () => {
  it('reads end-to-end latency objectives in seconds', () => {
    expect(parseSlo('p99<250ms')).toEqual({ text: 'p99<250ms', scope: { kind: 'endToEnd' }, metric: 'p99', operator: '<', threshold: 0.25 });
    expect(parseSlo('  mean <= 1.5s ')).toMatchObject({ text: 'mean <= 1.5s', metric: 'mean', operator: '<=', threshold: 1.5 });
    expect(parseSlo('endToEnd.p50 < 800us')).toMatchObject({ scope: { kind: 'endToEnd' }, metric: 'p50', threshold: 0.0008 });
  });

  it('reads availability as a percentage or a fraction', () => {
    expect(parseSlo('availability>=99.9%')).toMatchObject({ metric: 'availability', operator: '>=', threshold: 0.999 });
    expect(parseSlo('availability > 0.995')).toMatchObject({ operator: '>', threshold: 0.995 });
  });

  it('reads per-service objectives, p99.9 as p999 included', () => {
    expect(parseSlo('services.reviews.p99<100ms')).toMatchObject({ scope: { kind: 'service', service: 'reviews' }, metric: 'p99', threshold: 0.1 });
    expect(parseSlo('services.reviews.p99.9 < 1s')).toMatchObject({ scope: { kind: 'service', service: 'reviews' }, metric: 'p999', threshold: 1 });
    expect(parseSlo('services.api-v2.availability>=99%')).toMatchObject({ scope: { kind: 'service', service: 'api-v2' }, metric: 'availability' });
  });

  it('reads retry amplification as attempts per request, with or without x', () => {
    expect(parseSlo('retryAmplification <= 1.3')).toMatchObject({ metric: 'retryAmplification', threshold: 1.3 });
    expect(parseSlo('services.db.retryAmplification<2x')).toMatchObject({ scope: { kind: 'service', service: 'db' }, threshold: 2 });
  });

  it('says what is wrong, what was expected, and at which column', () => {
    const fast = syntaxError('p99<fast');
    expect(fast.message).toBe("'fast' is not a duration");
    expect(fast.expected).toMatch(/duration with a unit/);
    expect(fast.column).toBe(5);
    expect(syntaxError('p99 250ms').message).toBe("'p99 250ms' has no comparison");
    expect(syntaxError('p98<1s').message).toBe("'p98' is not a metric");
    expect(syntaxError('services.p99<1s').message).toBe("'services.p99' names no service");
    expect(syntaxError('availability>=101%').message).toBe('101% is not between 0% and 100%');
    expect(syntaxError('p99<250').message).toBe("'250' is not a duration");
    expect(syntaxError('p99<').message).toBe("'p99<' has no threshold after <");
    expect(syntaxError('p99<1s<2s').message).toBe("'p99<1s<2s' has more than one comparison");
    expect(syntaxError('  p99 < soon').column).toBe(9);
  });

  it('round-trips every threshold it formats (property)', () => {
    const metric = fc.constantFrom('p50', 'p90', 'p99', 'mean', 'availability', 'retryAmplification') as fc.Arbitrary<Slo['metric']>;
    fc.assert(
      fc.property(metric, fc.double({ min: 0.001, max: 1, noNaN: true }), (m, x) => {
        const value = m === 'retryAmplification' ? 1 + x : m === 'availability' ? Number(x.toPrecision(6)) : Number(x.toPrecision(3));
        const back = parseSlo(`${m}<=${formatThreshold(m, value)}`).threshold;
        expect(back).toBeCloseTo(value, 5);
      }),
      { seed: 20261204, numRuns: 200 },
    );
  });
});

describe('sloContradictions', () => {
  const list = (...texts: string[]): Slo[] => texts.map(parseSlo);

  it('finds bounds on one figure that leave nothing between them', () => {
    expect(sloContradictions(list('p99<100ms', 'p99>200ms'))).toEqual([
      { index: 1, message: "'p99>200ms' contradicts 'p99<100ms': no value meets both", expected: 'bounds that leave room between them' },
    ]);
    expect(sloContradictions(list('p99<=100ms', 'p99>=100ms'))).toEqual([]);
    expect(sloContradictions(list('p99<100ms', 'p99>=100ms'))).toHaveLength(1);
  });

  it('knows percentiles are ordered: a floor on p50 above a ceiling on p99 clashes, the reverse does not', () => {
    expect(sloContradictions(list('p50>200ms', 'p99<100ms'))).toHaveLength(1);
    expect(sloContradictions(list('p99>200ms', 'p50<100ms'))).toEqual([]);
  });

  it('keeps scopes apart', () => {
    expect(sloContradictions(list('services.a.p99<100ms', 'services.b.p99>200ms', 'p99>200ms'))).toEqual([]);
  });

  it('refuses objectives that can never hold on their own', () => {
    expect(sloContradictions(list('availability>100%')).map((p) => p.message)).toEqual(["'availability>100%' can never hold"]);
    expect(sloContradictions(list('p99<0ms')).map((p) => p.message)).toEqual(["'p99<0ms' can never hold"]);
    expect(sloContradictions(list('retryAmplification<1')).map((p) => p.message)).toEqual(["'retryAmplification<1' can never hold"]);
    expect(sloContradictions(list('retryAmplification<=1', 'availability>=100%'))).toEqual([]);
  });
});
