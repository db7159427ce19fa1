/**
 * `meshsim compare --markdown`: the comparison as a GitHub-flavoured Markdown
 * table, for pull requests and docs — the same rows as the console table, each
 * non-baseline cell "value (delta)", with the delta's 95% interval in brackets
 * when there are two or more replications.
 */
import { formatDeltaCell, formatValue } from './compareFormat.js';
import { comparisonRows, type RowGroup } from './compareRows.js';
import { compareHeadline } from './compareTable.js';
import type { Ci95 } from '../statistics/intervals.js';
import type { Results } from './results.js';

const GROUP_LABELS: Record<RowGroup, string> = {
  'end to end': 'end to end',
  'per hop': 'edge',
  cost: 'cost',
};

/** Pipes and backslashes would break a table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

/** Renders `runs` (baseline first) as a Markdown section: a headline sentence and one table. */
export function renderCompareMarkdown(runs: readonly Results[], deltaCi95: ReadonlyArray<Ci95 | undefined> = []): string {
  const rows = comparisonRows(runs, deltaCi95);
  const base = runs[0]?.dataPlane ?? '';
  const lines: string[] = [];
  lines.push(`**${cell(compareHeadline(runs, deltaCi95))}** (in parentheses: the difference from \`${base}\`)`);
  lines.push('');
  lines.push(`| | ${runs.map((r) => `\`${r.dataPlane}\``).join(' | ')} |`);
  lines.push(`|---|${runs.map(() => '--:').join('|')}|`);
  let group: RowGroup | undefined;
  for (const row of rows) {
    const label = row.group !== group ? `**${GROUP_LABELS[row.group]}** ${row.label}` : row.label;
    group = row.group;
    const cells = row.values.map((v, i) =>
      i === 0 ? formatValue(row.unit, v) : `${formatValue(row.unit, v)} (${formatDeltaCell(row.unit, row.deltas[i] as number, row.deltaCi95[i])})`,
    );
    lines.push(`| ${cell(label)} | ${cells.map(cell).join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}
