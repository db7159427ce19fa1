import { describe, expect, it } from 'vitest';
import { formatLocated, type LocatedMessage } from '../../src/scenarios/inputError.js';
import { listNames, MAX_ERRORS_SHOWN, MAX_WARNINGS_SHOWN, MessageLog } from '../../src/scenarios/messageLog.js';

const at = (line: number, severity: 'error' | 'warning' = 'error', file = 'f'): LocatedMessage => ({ file, line, col: 1, path: '', message: `m${line}`, severity });

describe('MessageLog', () => {
  it('keeps the first errors and warnings, builds no more than one past each limit, and counts the rest', () => {
    const log = new MessageLog();
    let built = 0;
    for (let i = 1; i <= 1000; i++) {
      log.add('error', () => (built++, at(2000 - i)));
      log.add('warning', () => (built++, at(5000 - i, 'warning')));
    }
    expect(built).toBe(MAX_ERRORS_SHOWN + 1 + MAX_WARNINGS_SHOWN + 1);
    expect(log.errors).toBe(1000);
    const out = log.messages().map(formatLocated);
    expect(out).toHaveLength(MAX_ERRORS_SHOWN + MAX_WARNINGS_SHOWN + 2);
    // Sorted by line, the summaries last, each at the first message left out.
    expect(out[0]).toBe('f:1980:1: m1980');
    expect(out.at(-2)).toBe('f:1979:1: … and 980 more errors not shown, the first of them here (only the first 20 are listed)');
    expect(out.at(-1)).toBe('f:4899:1: warning: … and 900 more warnings not shown, the first of them here (only the first 100 are listed)');
  });

  it("keeps another list's summary as it is, counts what it stands for, and sums up its own overflow beside it", () => {
    const inner = new MessageLog();
    for (let i = 1; i <= 30; i++) inner.add('error', () => at(i, 'error', 'istio.yaml'));
    const log = new MessageLog();
    log.push([at(3, 'error', 'scenario.yaml')]);
    log.push(inner.messages());
    expect(log.errors).toBe(31);
    expect(log.messages().map((m) => `${m.file}:${m.line}${m.leftOut === undefined ? '' : ` +${m.leftOut}`}`).slice(-2)).toEqual(['istio.yaml:20 +1', 'istio.yaml:21 +10']);
  });
});

describe('listNames', () => {
  it('lists up to ten names, then says how many more', () => {
    expect(listNames(['a', 'b'])).toBe('a, b');
    expect(listNames(new Set(Array.from({ length: 5000 }, (_, i) => `s${i}`)))).toBe('s0, s1, s2, s3, s4, s5, s6, s7, s8, s9 … (4,990 more)');
  });
});
