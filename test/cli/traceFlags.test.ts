import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/cliIo.js';
import { parseTraceSampleFlag, parseTraceStartFlag } from '../../src/cli/traceFlags.js';

describe('--trace-start', () => {
  it('reads now from the clock it is given, in whole seconds', () => {
    expect(parseTraceStartFlag('now', () => 1_764_928_800_999)).toBe(1_764_928_800);
  });

  it('reads an ISO 8601 instant with its zone', () => {
    expect(parseTraceStartFlag('2026-01-01T00:00:00Z', () => 0)).toBe(1_767_225_600);
    expect(parseTraceStartFlag('2026-01-01T02:00:00+02:00', () => 0)).toBe(1_767_225_600);
    expect(parseTraceStartFlag('2026-01-01T00:00Z', () => 0)).toBe(1_767_225_600);
  });

  it.each(['2026-01-01T00:00:00', '2026-01-01', 'tomorrow', '', '1969-12-31T23:59:59Z'])('refuses %j, naming what it expects', (text) => {
    expect(() => parseTraceStartFlag(text, () => 0)).toThrow(UsageError);
    expect(() => parseTraceStartFlag(text, () => 0)).toThrow(/expected now, or an ISO 8601 time with its zone/);
  });
});

describe('--trace-sample', () => {
  it('reads a fraction or a percentage', () => {
    expect(parseTraceSampleFlag('0.01')).toBe(0.01);
    expect(parseTraceSampleFlag('1%')).toBe(0.01);
  });
});
