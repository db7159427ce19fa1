/**
 * What `meshsim diff` prints and writes: one row per figure — before, after, the delta
 * with its paired 95% interval, and the verdict — as a console table, a Markdown table
 * (for pull requests), an HTML page, and the `meshsim.diff/v1` JSON.
 */
import type { DiffOutcome, FigureDelta, FigureDeltas } from '../experiments/diff.js';
import { formatDuration } from '../scenarios/units.js';
import { HTML_STYLE } from './htmlStyle.js';

export const DIFF_SCHEMA = 'meshsim.diff/v1';

export interface DiffRow {
  /** "end to end", "services.api" or "cost". */
  readonly block: string;
  readonly figure: string;
  readonly delta: FigureDelta;
}

const LATENCY = new Set(['mean', 'p50', 'p90', 'p99', 'p999']);

/** The rows in report order: end to end, each service, cost. */
export function diffRows(d: DiffOutcome): DiffRow[] {
  const rows: DiffRow[] = [];
  const add = (block: string, figures: FigureDeltas): void => {
    for (const [figure, delta] of Object.entries(figures)) rows.push({ block, figure, delta });
  };
  add('end to end', d.endToEnd);
  for (const [name, figures] of Object.entries(d.services)) add(`services.${name}`, figures);
  add('cost', d.cost);
  return rows;
}

/** A value in the figure's unit, for people: 99.95%, 12.3ms, 42, $120.5. */
export function formatFigure(figure: string, x: number, signed = false): string {
  const sign = x < 0 ? '-' : signed && x > 0 ? '+' : '';
  const abs = Math.abs(x);
  if (figure === 'availability') return `${sign}${Number((abs * 100).toPrecision(4))}${signed ? ' pt' : '%'}`;
  if (LATENCY.has(figure)) return `${sign}${formatDuration(abs)}`;
  if (figure === 'usdPerMonth') return `${sign}$${Number(abs.toPrecision(4))}`;
  return `${sign}${Number(abs.toPrecision(4))}`;
}

function deltaText(r: DiffRow): string {
  const ci = r.delta.ci95 ? ` [${formatFigure(r.figure, r.delta.ci95[0], true)}, ${formatFigure(r.figure, r.delta.ci95[1], true)}]` : '';
  return `${formatFigure(r.figure, r.delta.delta, true)}${ci}`;
}

/** Rows that changed significantly, and the rest counted: the headline. */
export function diffHeadline(d: DiffOutcome): string {
  const rows = diffRows(d);
  const better = rows.filter((r) => r.delta.verdict === 'better').length;
  const worse = rows.filter((r) => r.delta.verdict === 'worse').length;
  return `${d.after} against ${d.before}: ${better} figure${better === 1 ? '' : 's'} significantly better, ${worse} significantly worse, ${rows.length - better - worse} without significant change (${d.replications} paired replications, seed ${d.seed})`;
}

export function renderDiffTable(d: DiffOutcome): string {
  const rows = diffRows(d);
  const table = [['', 'figure', 'before', 'after', 'delta [95% interval]', 'verdict']];
  let block = '';
  for (const r of rows) {
    table.push([r.block !== block ? r.block : '', r.figure, formatFigure(r.figure, r.delta.before), formatFigure(r.figure, r.delta.after), deltaText(r), r.delta.verdict]);
    block = r.block;
  }
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => (row[c] as string).length)));
  const lines = table.map((row) => row.map((cell, c) => (c <= 1 || c === 5 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number))).join('  ').trimEnd());
  return `${diffHeadline(d)}\n\n${lines.join('\n')}\n`;
}

function mdCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

export function renderDiffMarkdown(d: DiffOutcome): string {
  const lines = [`**${mdCell(diffHeadline(d))}**`, '', '| | figure | before | after | delta [95% interval] | verdict |', '|---|---|--:|--:|--:|---|'];
  let block = '';
  for (const r of diffRows(d)) {
    const verdict = r.delta.verdict === 'no significant change' ? r.delta.verdict : `**${r.delta.verdict}**`;
    lines.push(`| ${r.block !== block ? `**${mdCell(r.block)}**` : ''} | ${r.figure} | ${formatFigure(r.figure, r.delta.before)} | ${formatFigure(r.figure, r.delta.after)} | ${mdCell(deltaText(r))} | ${verdict} |`);
    block = r.block;
  }
  return lines.join('\n') + '\n';
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function renderDiffHtml(d: DiffOutcome, command: string): string {
  let block = '';
  const body = diffRows(d)
    .map((r) => {
      const head = r.block !== block ? `<tr class="group"><th colspan="5">${escapeHtml(r.block)}</th></tr>` : '';
      block = r.block;
      const cls = r.delta.verdict === 'better' ? ' down' : r.delta.verdict === 'worse' ? ' up' : '';
      return `${head}<tr><th>${escapeHtml(r.figure)}</th><td>${escapeHtml(formatFigure(r.figure, r.delta.before))}</td><td>${escapeHtml(formatFigure(r.figure, r.delta.after))}</td><td>${escapeHtml(deltaText(r))}</td><td><span class="delta${cls}">${r.delta.verdict}</span></td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>meshsim diff: ${escapeHtml(d.before)} → ${escapeHtml(d.after)}</title><style>${HTML_STYLE}</style></head>
<body><main>
<header><p class="kicker">meshsim diff</p><h1>${escapeHtml(d.before)} → ${escapeHtml(d.after)}</h1>
<p class="meta">${escapeHtml(diffHeadline(d))}</p>
<p class="lede">Replication <i>i</i> of both scenarios ran with the same seed; each delta's interval is the paired 95% t interval of the per-replication differences. A change is significant when its interval excludes zero.</p></header>
<div class="scroll"><table><thead><tr><th>figure</th><th>before</th><th>after</th><th>delta [95% interval]</th><th>verdict</th></tr></thead>
<tbody>
${body}
</tbody></table></div>
<footer>Reproduce: <code>${escapeHtml(command)}</code></footer>
</main></body></html>
`;
}

/** `--json`: `{"schema": "meshsim.diff/v1", …}`. */
export function diffJson(d: DiffOutcome) {
  return {
    schema: DIFF_SCHEMA,
    before: d.before,
    after: d.after,
    seed: d.seed,
    replications: d.replications,
    endToEnd: d.endToEnd,
    services: d.services,
    cost: d.cost,
  };
}
