import { describe, expect, it } from 'vitest';
import { regularizedIncompleteBeta, studentTCdf, studentTQuantile } from '../../src/statistics/studentT.js';
import { meanInterval, meetsRelativePrecision } from '../../src/statistics/confidenceInterval.js';

describe('Student t', () => {
  // Tabled two-sided critical values (NIST/SEMATECH e-Handbook 1.3.6.7.2; R qt()), 8+ digits.
  it.each([
    [0.975, 1, 12.7062047],
    [0.975, 2, 4.30265273],
    [0.975, 4, 2.77644511],
    [0.975, 5, 2.57058184],
    [0.975, 9, 2.26215716],
    [0.975, 10, 2.22813885],
    [0.975, 19, 2.09302405],
    [0.975, 29, 2.04522964],
    [0.975, 30, 2.04227246],
    [0.975, 100, 1.98397152],
    [0.975, 1e6, 1.95996591],
    [0.95, 10, 1.81246112],
    [0.995, 9, 3.24983554],
    [0.9995, 19, 3.88340551],
    [0.9, 3, 1.63774435],
  ])('quantile(%f, df=%d) = %f', (p, df, tabled) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(tabled, 6);
    expect(studentTQuantile(1 - p, df)).toBeCloseTo(-tabled, 6);
  });

  it('CDF is the inverse of the quantile, and the Cauchy case (df = 1) has a closed form', () => {
    for (const t of [-20, -3, -0.5, 0, 0.1, 1, 2.5, 40]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
    }
    // Round trip where the CDF is not within float64 rounding of 0 or 1.
    for (const t of [-3, -0.5, 0.1, 1, 2.5]) for (const df of [2, 7, 33]) expect(studentTQuantile(studentTCdf(t, df), df)).toBeCloseTo(t, 8);
    // df = 2 has a closed form too: F(t) = 1/2 + t / (2 √(2 + t²)).
    for (const t of [-4, -1, 0.3, 5]) expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 12);
  });

  it('I_x(a, b) agrees with closed forms', () => {
    // I_x(a, 1) = x^a; I_x(1, b) = 1 − (1 − x)^b.
    expect(regularizedIncompleteBeta(0.3, 2.5, 1)).toBeCloseTo(0.3 ** 2.5, 13);
    expect(regularizedIncompleteBeta(0.7, 1, 3.5)).toBeCloseTo(1 - 0.3 ** 3.5, 13);
  });

  it('rejects what has no answer', () => {
    expect(() => studentTQuantile(1, 5)).toThrow(RangeError);
    expect(() => studentTCdf(1, 0)).toThrow(RangeError);
  });
});

describe('meanInterval', () => {
  it('mean ± t·s/√n, undefined below two values', () => {
    expect(meanInterval([3])).toBeUndefined();
    const ci = meanInterval([1, 2, 3, 4, 5]);
    // s = √2.5, t(0.975, 4) = 2.77644511
    expect(ci?.mean).toBe(3);
    expect(ci?.halfWidth).toBeCloseTo((2.77644511 * Math.sqrt(2.5)) / Math.sqrt(5), 7);
    expect(ci && meetsRelativePrecision(ci, 0.5)).toBe(false);
    expect(ci && meetsRelativePrecision(ci, 0.7)).toBe(true);
    const flat = meanInterval([1, 1, 1]);
    expect(flat?.halfWidth).toBe(0);
    expect(flat && meetsRelativePrecision(flat, 0)).toBe(true);
  });
});
