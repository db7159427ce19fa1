import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/policy/diagnostics.js';
import { parseIstioDuration } from '../../src/policy/istioDuration.js';

function parse(raw: unknown, checks = {}) {
  const d = new Diagnostics();
  return { value: parseIstioDuration(raw, ['spec', 'x'], d, checks), diag: d };
}

describe('parseIstioDuration', () => {
  it.each([
    ['1.5s', 1.5],
    ['250ms', 0.25],
    ['10s', 10],
    ['1h', 3600],
    ['5m', 300],
    ['1m30s', 90],
    ['0.250s', 0.25],
    ['5.000s', 5],
    ['100us', 0.0001],
    ['0', 0],
    ['0s', 0],
  ])('%s → %s s', (raw, seconds) => {
    const { value, diag } = parse(raw);
    expect(value).toBeCloseTo(seconds, 12);
    expect(diag.items).toEqual([]);
  });

  it.each([['5'], ['abc'], ['1.5'], ['s'], ['1d'], ['-1s'], ['10 s']])('rejects %s with an error at the path', (raw) => {
    const { value, diag } = parse(raw);
    expect(value).toBeUndefined();
    expect(diag.items).toHaveLength(1);
    expect(diag.items[0]).toMatchObject({ severity: 'error', path: ['spec', 'x'] });
  });

  it('rejects a bare YAML number and says to add a unit', () => {
    const { value, diag } = parse(5);
    expect(value).toBeUndefined();
    expect(diag.items[0]?.message).toContain('add a unit');
  });

  it('applies Istio minimum and ms-precision checks when asked', () => {
    expect(parse('0.5ms', { minSeconds: 0.001 }).value).toBeUndefined();
    expect(parse('1500us', { millisecondPrecision: true }).value).toBeUndefined();
    expect(parse('0s', { minSeconds: 0.001, allowZero: true }).value).toBe(0);
    expect(parse('0s', { minSeconds: 0.001 }).value).toBeUndefined();
  });
});
