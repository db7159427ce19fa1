import { describe, expect, it } from 'vitest';
import { distribution, percentileKeyToQuantile } from '../../src/scenarios/distributionSchema.js';

describe('percentileKeyToQuantile', () => {
  it('reads two digits as the percent and the rest as its decimals', () => {
    expect(['p50', 'p90', 'p99', 'p999', 'p9999', 'p5', 'p75', 'p995', 'p99.9', 'p0.1'].map(percentileKeyToQuantile)).toEqual([
      0.5, 0.9, 0.99, 0.999, 0.9999, 0.05, 0.75, 0.995, 0.999, 0.001,
    ]);
  });
  it('refuses p0, p100 and things that are not percentiles', () => {
    expect(['p0', 'p100', 'p1000', 'p', '50', 'p50x', 'p100.5'].map(percentileKeyToQuantile)).toEqual(Array(7).fill(undefined));
  });
});

const parse = (v: unknown) => distribution.parse(v);
const issues = (v: unknown) => distribution.safeParse(v).error?.issues.map((i) => [i.path.join('.'), i.message]);

describe('distribution', () => {
  it('reads a plain duration as a constant, in seconds', () => {
    expect(parse('5ms')).toEqual({ dist: 'constant', value: 0.005 });
    expect(parse(0)).toEqual({ dist: 'constant', value: 0 });
  });
  it('reads each family', () => {
    expect(parse({ dist: 'constant', value: '2s' })).toEqual({ dist: 'constant', value: 2 });
    expect(parse({ dist: 'exponential', mean: '250us' })).toEqual({ dist: 'exponential', mean: 0.00025 });
    expect(parse({ dist: 'lognormal', median: '1ms', p99: '10ms' })).toEqual({ dist: 'lognormal', median: 0.001, p99: 0.01 });
    expect(parse({ dist: 'gamma', mean: '1ms', cv: 2 })).toEqual({ dist: 'gamma', mean: 0.001, cv: 2 });
    expect(parse({ dist: 'empirical', percentiles: { p99: '10ms', p50: '1ms' } })).toEqual({ dist: 'empirical', points: [{ q: 0.5, value: 0.001 }, { q: 0.99, value: 0.01 }] });
  });
  it('normalizes mixture weights and nests', () => {
    expect(parse({ dist: 'mixture', of: [{ weight: 99, dist: '1ms' }, { weight: 1, dist: { dist: 'exponential', mean: '1s' } }] })).toEqual({
      dist: 'mixture',
      of: [
        { weight: 0.99, dist: { dist: 'constant', value: 0.001 } },
        { weight: 0.01, dist: { dist: 'exponential', mean: 1 } },
      ],
    });
  });
  it('accepts a mixture component written flat, as every other distribution is (issue 10)', () => {
    // The form a user writes first; refused with three errors before.
    expect(parse({ dist: 'mixture', of: [{ weight: 0.99, dist: 'exponential', mean: '2ms' }, { weight: 0.01, dist: 'constant', value: '1002ms' }] })).toEqual({
      dist: 'mixture',
      of: [
        { weight: 0.99, dist: { dist: 'exponential', mean: 0.002 } },
        { weight: 0.01, dist: { dist: 'constant', value: 1.002 } },
      ],
    });
    // Both forms side by side, and a flat mixture inside a mixture.
    expect(parse({ dist: 'mixture', of: [{ weight: 1, dist: { dist: 'constant', value: '1ms' } }, { weight: 1, dist: 'mixture', of: [{ weight: 1, dist: 'gamma', mean: '1ms', cv: 1 }] }] })).toEqual({
      dist: 'mixture',
      of: [
        { weight: 0.5, dist: { dist: 'constant', value: 0.001 } },
        { weight: 0.5, dist: { dist: 'mixture', of: [{ weight: 1, dist: { dist: 'gamma', mean: 0.001, cv: 1 } }] } },
      ],
    });
  });
  it('locates errors of a flat mixture component at the field written', () => {
    expect(issues({ dist: 'mixture', of: [{ weight: 1, dist: 'exponential', mean: '0s' }] })).toEqual([['of.0.mean', 'must be greater than 0']]);
    expect(issues({ dist: 'mixture', of: [{ weight: -1, dist: 'exponential', mean: '1s' }] })).toEqual([['of.0.weight', 'must be greater than 0']]);
    expect(issues({ dist: 'mixture', of: [{ dist: 'exponential', mean: '1s' }] })).toEqual([['of.0', 'missing required field "weight"']]);
    expect(issues({ dist: 'mixture', of: [{ weight: 1, dist: 'exponential', mean: '1s', bogus: 1 }] })?.[0]?.[0]).toBe('of.0');
  });
  it('refuses bad parameters where they are written', () => {
    expect(issues({ dist: 'exponential', mean: '0s' })).toEqual([['mean', 'must be greater than 0']]);
    expect(issues({ dist: 'lognormal', median: '5ms', p99: '5ms' })).toEqual([['p99', 'must be greater than the median']]);
    expect(issues({ dist: 'gamma', mean: '1ms', cv: 0 })).toEqual([['cv', 'must be greater than 0']]);
    expect(issues({ dist: 'empirical', percentiles: { p50: '1ms' } })).toEqual([['percentiles', 'needs at least two percentiles, got 1']]);
    expect(issues({ dist: 'empirical', percentiles: { p50: '1ms', p99: '2ms', 'p99.0': '3ms' } })).toEqual([['percentiles.p99.0', 'is the same percentile as p99']]);
    expect(issues({ dist: 'empirical', percentiles: { p50: '1ms', median: '2ms' } })).toEqual([['percentiles.median', '"median" is not a percentile']]);
    expect(issues({ dist: 'mixture', of: [{ weight: 0, dist: '1ms' }] })).toEqual([['of.0.weight', 'must be greater than 0']]);
    expect(issues(['1ms'])).toEqual([['', 'a list is not a distribution']]);
    expect(issues(5)).toEqual([['', '5 has no unit']]);
  });
});
