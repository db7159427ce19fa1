/**
 * The console table of `meshsim compare`: one column per data plane with the
 * absolute value, and beside it the delta against the baseline (the first run) —
 * end-to-end latency and availability, each edge's p50 and p99, then cost.
 */
import { POLICY_ONLY, POLICY_ONLY_MEANING } from '../scenarios/comparedPlane.js';
import { formatDuration } from '../scenarios/units.js';
import { formatDeltaCell, formatValue } from './compareFormat.js';
import { comparisonRows, type RowGroup } from './compareRows.js';
import type { Ci95 } from '../statistics/intervals.js';
import type { ConsoleWidth } from './consoleTable.js';
import { droppedNote, fitTable } from './fitTable.js';
import type { Results } from './results.js';

const GROUP_TITLES: Record<RowGroup, string> = {
  'end to end': 'end to end (successful requests)',
  'per hop': "per edge (caller's view, includes the callee's own calls)",
  cost: 'cost (average over the measured window)',
};

/** The comparison's first line: scenario, seed, window, replications, baseline (and what brackets mean when there are intervals). */
export function compareHeadline(runs: readonly Results[], deltaCi95: ReadonlyArray<Ci95 | undefined> = []): string {
  const first = runs[0] as Results;
  const reps = first.replications > 1 ? `, ${first.replications} replications each` : '';
  // `warmup: auto` chooses per run, so the data planes may discard different spans.
  const warmup = runs.every((r) => r.warmup === first.warmup)
    ? `${formatDuration(first.warmup)} warm-up`
    : `warm-up chosen per data plane (${runs.map((r) => `${r.dataPlane} ${formatDuration(r.warmup)}`).join(', ')})`;
  const brackets = deltaCi95.some((c) => c !== undefined) ? ' [95% interval, paired by replication]' : '';
  const meaning = first.dataPlane === POLICY_ONLY ? ` (${POLICY_ONLY_MEANING})` : '';
  return `${first.scenario} — seed ${first.seed}, ${formatDuration(first.duration)} measured after ${warmup}${reps}; deltas against ${first.dataPlane}${meaning}${brackets}`;
}

/** Renders `runs` (baseline first) as an aligned text table; `deltaCi95` as in comparisonRows. */
export function renderCompareTable(runs: readonly Results[], deltaCi95: ReadonlyArray<Ci95 | undefined> = [], options: ConsoleWidth = {}): string {
  const rows = comparisonRows(runs, deltaCi95);
  const header = ['', ...runs.flatMap((r, i) => (i === 0 ? [r.dataPlane] : [r.dataPlane, `Δ ${runs[0]?.dataPlane ?? ''}`]))];
  const body: Array<string[] | string> = [];
  let group: RowGroup | undefined;
  for (const row of rows) {
    if (row.group !== group) {
      group = row.group;
      body.push(GROUP_TITLES[group]);
    }
    const cells = [`  ${row.label}`];
    row.values.forEach((v, i) => {
      cells.push(formatValue(row.unit, v));
      if (i > 0) cells.push(formatDeltaCell(row.unit, row.deltas[i] as number, row.deltaCi95[i]));
    });
    body.push(cells);
  }
  // On a narrow terminal the other data planes' absolute values go first (their deltas
  // are the point of a comparison), from the last data plane back, then whole data planes.
  const valueColumns = runs.map((_, i) => 2 * i).slice(1).reverse();
  const deltaColumns = runs.map((_, i) => 2 * i + 1).slice(1).reverse();
  const dropOrder = [...valueColumns, ...deltaColumns.slice(0, -1)];
  const columnName = (c: number): string => (c % 2 === 0 ? `${header[c] ?? ''} value` : `${header[c - 1] ?? ''} Δ`);
  const fitted = fitTable([header, ...body], options.width, {
    dropOrder,
    columnName,
    ellipsis: 'before-last-word',
    render: (rows, columns) => {
      // A delta whose value column is gone names its data plane itself.
      const [head, ...rest] = rows as Array<string[] | string>;
      const named = (head as string[]).map((cell, k) => {
        const c = columns[k] as number;
        return c >= 3 && c % 2 === 1 && !columns.includes(c - 1) ? `${header[c - 1] ?? ''} Δ` : cell;
      });
      return align([named, ...rest], columns);
    },
  });
  return [compareHeadline(runs, deltaCi95), '', ...fitted.lines, ...droppedNote(fitted.dropped)].join('\n') + '\n';
}

/**
 * Left-aligns the label column and right-aligns the numbers; a plain string is a
 * group title on its own line. A wider gap before each data plane's value keeps
 * the value–delta pairs visibly together.
 */
function align(rows: Array<string[] | string>, columns?: readonly number[]): string[] {
  const widths: number[] = [];
  for (const r of rows) if (Array.isArray(r)) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => {
    if (!Array.isArray(r)) return r;
    return r
      .map((c, i) => {
        const w = widths[i] ?? 0;
        if (i === 0) return c.padEnd(w);
        // Columns 1, 2, 4, 6, … start a data plane (value); 3, 5, … are deltas
        // (by their index in the full table when some were left out).
        const at = columns?.[i] ?? i;
        const gap = at === 1 || at % 2 === 0 ? '    ' : '  ';
        return gap + c.padStart(w);
      })
      .join('')
      .trimEnd();
  });
}
