import { describe, expect, it } from 'vitest';
import { formatLocated, formatPath, InputError, sortMessages, type LocatedMessage } from '../../src/scenarios/inputError.js';

const m = (over: Partial<LocatedMessage>): LocatedMessage => ({ file: 'a.yaml', line: 1, col: 1, path: '', message: 'bad', severity: 'error', ...over });

describe('formatLocated', () => {
  it('writes FILE:LINE:COL: path: message (expected …)', () => {
    expect(formatLocated(m({ line: 12, col: 7, path: 'services[0].replicas', message: '-1 is out of range', expected: 'an integer' }))).toBe(
      'a.yaml:12:7: services[0].replicas: -1 is out of range (expected an integer)',
    );
  });
  it('leaves out an empty path and a missing expected', () => {
    expect(formatLocated(m({ message: 'the file is empty' }))).toBe('a.yaml:1:1: the file is empty');
  });
  it('marks warnings after the location', () => {
    expect(formatLocated(m({ severity: 'warning', path: 'kind', message: 'x' }))).toBe('a.yaml:1:1: warning: kind: x');
  });
});

describe('formatPath', () => {
  it('renders indexes in brackets and keys with dots', () => {
    expect(formatPath(['services', 0, 'calls', 1, 'service'])).toBe('services[0].calls[1].service');
    expect(formatPath([])).toBe('');
    expect(formatPath([2, 'a'])).toBe('[2].a');
  });
});

describe('sortMessages and InputError', () => {
  it('orders by file of first appearance, then line, then column, stably', () => {
    const list = [m({ file: 'b', line: 3 }), m({ file: 'a', line: 9 }), m({ file: 'b', line: 1, col: 5 }), m({ file: 'b', line: 1, col: 2 }), m({ file: 'a', line: 2, message: 'x' }), m({ file: 'a', line: 2, message: 'y' })];
    expect(sortMessages(list).map((x) => `${x.file}${x.line}.${x.col}${x.message}`)).toEqual(['b1.2bad', 'b1.5bad', 'b3.1bad', 'a2.1x', 'a2.1y', 'a9.1bad']);
  });
  it('carries every message, sorted, and joins them as its text', () => {
    const err = new InputError([m({ line: 5 }), m({ line: 2 })]);
    expect(err.messages.map((x) => x.line)).toEqual([2, 5]);
    expect(err.message).toBe('a.yaml:2:1: bad\na.yaml:5:1: bad');
    expect(err).toBeInstanceOf(Error);
  });
});
