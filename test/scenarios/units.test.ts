import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseRate, parseSize } from '../../src/scenarios/units.js';

describe('parseDuration', () => {
  it.each([
    ['250ms', 0.25],
    ['1.5s', 1.5],
    ['2m', 120],
    ['1h', 3600],
    ['100us', 1e-4],
    ['0s', 0],
    ['.5s', 0.5],
    ['1e3ms', 1],
    [' 30s ', 30],
  ])('%s → %f s', (text, seconds) => {
    expect(parseDuration(text)).toBeCloseTo(seconds, 12);
  });

  it.each(['', '10', 'ms', '-1s', '10 parsecs', '1.5.2s', 'NaNs', '10sec'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('parseRate', () => {
  it('accepts numbers and per-unit strings', () => {
    expect(parseRate(100)).toBe(100);
    expect(parseRate('100')).toBe(100);
    expect(parseRate('6000/m')).toBe(100);
    expect(parseRate('7200/h')).toBe(2);
  });
  it('rejects negatives, NaN and junk', () => {
    expect(parseRate(-1)).toBeUndefined();
    expect(parseRate(Number.NaN)).toBeUndefined();
    expect(parseRate('fast')).toBeUndefined();
    expect(parseRate(true)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it('picks a readable unit', () => {
    expect(formatDuration(0.00025)).toBe('250us');
    expect(formatDuration(0.012)).toBe('12ms');
    expect(formatDuration(90)).toBe('90s');
    expect(formatDuration(0)).toBe('0s');
  });
});

describe('parseDuration precision', () => {
  it('gives the exact decimal for sub-second units (9ms is 0.009, not 0.009000000000000001)', () => {
    expect(parseDuration('9ms')).toBe(0.009);
    expect(parseDuration('3us')).toBe(0.000003);
  });
});

describe('parseSize', () => {
  it.each([
    ['512B', 512],
    ['1KiB', 1024],
    ['16kB', 16000],
    ['60MiB', 60 * 1024 * 1024],
    ['1.5GiB', 1.5 * 1024 ** 3],
  ])('%s → %d bytes', (text, bytes) => expect(parseSize(text)).toBe(bytes));
  it.each(['', '10', 'KiB', '-1KiB', '1 parsec', '1kib'])('rejects %j', (text) => expect(parseSize(text)).toBeUndefined());
});
