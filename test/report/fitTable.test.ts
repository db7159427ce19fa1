import { describe, expect, it } from 'vitest';
import { table } from '../../src/report/consoleTable.js';
import { droppedNote, fitTable, truncate } from '../../src/report/fitTable.js';

const ROWS = [
  ['name', 'a', 'bb', 'ccc'],
  ['a-rather-long-service-name-indeed', '1', '22', '333'],
  ['short', '4', '55', '666'],
];
const render = (rows: ReadonlyArray<readonly string[] | string>) => table(rows as string[][]);
const widest = (lines: string[]) => Math.max(...lines.map((l) => l.length));

describe('truncate', () => {
  it('keeps what fits and marks what it cut with one ellipsis', () => {
    expect(truncate('short', 5)).toBe('short');
    expect(truncate('abcdefghij', 5)).toBe('abcd…');
    expect(truncate('frontend → backend p99', 12, 'before-last-word')).toBe('fronten… p99');
    expect(truncate('frontend → backend p99', 12)).toBe('frontend → …');
  });
});

describe('fitTable', () => {
  it('changes nothing without a width, or when the table fits', () => {
    const full = render(ROWS);
    expect(fitTable(ROWS, undefined, { dropOrder: [3, 2], render }).lines).toEqual(full);
    expect(fitTable(ROWS, widest(full), { dropOrder: [3, 2], render })).toEqual({ lines: full, dropped: [] });
  });

  it('shortens the first column first, down to its minimum, then drops columns in order', () => {
    const { lines, dropped } = fitTable(ROWS, 30, { dropOrder: [3, 2, 1], render, minFirstColumn: 20 });
    expect(widest(lines)).toBeLessThanOrEqual(30);
    expect(lines[1]?.startsWith('a-rather-long-servi… ')).toBe(true);
    expect(dropped).toEqual(['ccc']);
    expect(lines[0]?.split(/\s+/)).toEqual(['name', 'a', 'bb']);
  });

  it('names what it left out, once each', () => {
    expect(droppedNote([])).toEqual([]);
    expect(droppedNote(['p99', 'p99'])).toEqual(['(left out to fit the terminal: p99; --wide shows every column)']);
  });
});
