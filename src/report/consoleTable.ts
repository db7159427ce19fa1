import { formatDuration } from '../sim/units.js';
import type { LatencySummary, Results, StatsBlock } from './results.js';

/**
 * The console summary of a run: what the users saw first, then each service and
 * each edge, one row each, aligned so a person can scan a column.
 */
export function renderConsoleTable(r: Results): string {
  const lines: string[] = [];
  const e = r.endToEnd;
  const measured = `${formatDuration(r.duration)} measured after ${formatDuration(r.warmup)} warm-up`;
  const reps = r.replications > 1 ? `, ${r.replications} replications` : '';
  lines.push(`${r.scenario} — seed ${r.seed}, data plane ${r.dataPlane}, ${measured}${reps}`);
  lines.push('');
  lines.push(
    `End to end: ${e.requests} requests (${fmtRate(e.rate)}), availability ${pct(e.availability)}, ` +
      `p50 ${ms(e.latency.p50)}  p99 ${ms(e.latency.p99)}  p99.9 ${ms(e.latency.p999)}  mean ${ms(e.latency.mean)}`,
  );
  const reasons = failureLine(e);
  if (reasons) lines.push(`  failures: ${reasons}`);
  lines.push('');

  const serviceRows: string[][] = [['service', 'requests', 'avail', 'p50', 'p99', 'p99.9', 'mean', 'util', 'rejected', 'failures']];
  for (const [name, s] of Object.entries(r.services)) {
    serviceRows.push([name, String(s.requests), pct(s.availability), ...lat(s.latency), pct(s.utilization), String(s.rejected), failureLine(s)]);
    for (const [vname, v] of Object.entries(s.versions ?? {})) {
      serviceRows.push([`  ${vname}`, String(v.requests), pct(v.availability), ...lat(v.latency), pct(v.utilization), String(v.rejected), failureLine(v)]);
    }
  }
  lines.push(...table(serviceRows));
  lines.push('');

  const edgeRows: string[][] = [['edge', 'requests', 'attempts', 'avail', 'p50', 'p99', 'cross-zone', 'failures']];
  for (const edge of r.edges) {
    edgeRows.push([
      `${edge.from} → ${edge.to}`,
      String(edge.requests),
      String(edge.attempts),
      pct(edge.availability),
      ms(edge.latency.p50),
      ms(edge.latency.p99),
      pct(edge.crossZone),
      failureLine(edge),
    ]);
  }
  lines.push(...table(edgeRows));
  return lines.join('\n') + '\n';
}

function lat(l: LatencySummary): string[] {
  return [ms(l.p50), ms(l.p99), ms(l.p999), ms(l.mean)];
}

function failureLine(s: StatsBlock): string {
  return Object.entries(s.failures)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

function ms(seconds: number): string {
  return seconds === 0 ? '-' : formatDuration(seconds);
}

function pct(x: number): string {
  if (x === 1) return '100%';
  if (x >= 0.99) return `${(x * 100).toFixed(3)}%`;
  return `${(x * 100).toFixed(1)}%`;
}

function fmtRate(rate: number): string {
  return `${Number(rate.toPrecision(4))}/s`;
}

/** Left-aligns the first column, right-aligns the numbers, leaves the last (free text) ragged. */
function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => {
        if (i === row.length - 1) return cell;
        const w = widths[i] ?? 0;
        return i === 0 ? cell.padEnd(w) : cell.padStart(w);
      })
      .join('  ')
      .trimEnd(),
  );
}
