import { formatDuration } from '../scenarios/units.js';
import { droppedNote, fitTable } from './fitTable.js';
import type { Results, StatsBlock } from './results.js';

export interface ConsoleWidth {
  /** Fit the tables to this many characters (a terminal's width); undefined: print every column. */
  readonly width?: number;
}

// Which columns give way first when the terminal is narrow (indices into the rows below):
// the counters of resilience machinery, then the tails, then the counts.
const SERVICE_DROP_ORDER = [10, 11, 9, 8, 12, 5, 6, 1];
const EDGE_DROP_ORDER = [7, 6, 2, 1];

/**
 * The console summary of a run: what the users saw first, then each service and
 * each edge, one row each, aligned so a person can scan a column.
 */
export function renderConsoleTable(r: Results, options: ConsoleWidth = {}): string {
  const lines: string[] = [];
  const e = r.endToEnd;
  const auto = r.warmupAuto ? ` (auto: MSER-5 on a ${formatDuration(r.warmupAuto.pilotSeconds)} pilot${r.warmupAuto.settled ? '' : ', NOT settled'})` : '';
  const measured = `${formatDuration(r.duration)} measured after ${formatDuration(r.warmup)} warm-up${auto}`;
  const reps = r.replications > 1 ? `, ${r.replications} replications` : '';
  lines.push(`${r.scenario} — seed ${r.seed}, data plane ${r.dataPlane}, ${measured}${reps}`);
  lines.push('');
  lines.push(
    `End to end: ${e.requests} requests (${fmtRate(e.rate)}), availability ${pct(e.availability)}, ` +
      `p50 ${ms(e.latency.p50, e.succeeded)}  p99 ${ms(e.latency.p99, e.succeeded)}  p99.9 ${ms(e.latency.p999, e.succeeded)}  mean ${ms(e.latency.mean, e.succeeded)}`,
  );
  const reasons = failureLine(e);
  if (reasons) lines.push(`  failures: ${reasons}`);
  const ci = ciLine(r);
  if (ci) lines.push(`  ${ci}`);
  lines.push('');

  const serviceRows: string[][] = [
    ['service', 'requests', 'avail', 'p50', 'p99', 'p99.9', 'mean', 'util', 'rejected', 'retries', 'overflow', 'ejected', 'failures'],
  ];
  for (const [name, s] of Object.entries(r.services)) {
    serviceRows.push([
      name,
      String(s.requests),
      pct(s.availability),
      ...lat(s),
      pct(s.utilization),
      String(s.rejected),
      String(s.retries),
      String(s.overflow),
      String(s.ejections),
      failureLine(s),
    ]);
    for (const [vname, v] of Object.entries(s.versions ?? {})) {
      serviceRows.push([`  ${vname}`, String(v.requests), pct(v.availability), ...lat(v), pct(v.utilization), String(v.rejected), '', '', String(v.ejections), failureLine(v)]);
    }
  }
  const services = fitTable(serviceRows, options.width, { dropOrder: SERVICE_DROP_ORDER, render: (rows) => table(rows as string[][]) });
  lines.push(...services.lines);
  lines.push('');

  const edgeRows: string[][] = [['edge', 'requests', 'attempts', 'avail', 'p50', 'p99', 'cross-zone', 'failures']];
  // Mirrors are shown only when a route mirrors (they are load, not requests of the edge);
  // the calling app's own timeouts and retries only when it gave up or retried.
  for (const edge of r.edges) {
    const notes = [
      failureLine(edge),
      edge.mirrored > 0 ? `mirrored ${edge.mirrored}` : '',
      edge.appTimeouts > 0 ? `app timeouts ${edge.appTimeouts}` : '',
      edge.appRetries > 0 ? `app retries ${edge.appRetries}` : '',
    ];
    edgeRows.push([
      `${edge.from} → ${edge.to}`,
      String(edge.requests),
      String(edge.attempts),
      pct(edge.availability),
      ms(edge.latency.p50, edge.requests - edge.failed),
      ms(edge.latency.p99, edge.requests - edge.failed),
      pct(edge.crossZone),
      notes.filter((x) => x !== '').join('; '),
    ]);
  }
  const edges = fitTable(edgeRows, options.width, { dropOrder: EDGE_DROP_ORDER, render: (rows) => table(rows as string[][]) });
  lines.push(...edges.lines);
  lines.push(...droppedNote([...services.dropped, ...edges.dropped]));
  return lines.join('\n') + '\n';
}

/** A stats block's latency cells; its latency is over the requests that succeeded. */
function lat(s: StatsBlock): string[] {
  const n = s.requests - s.failed;
  return [ms(s.latency.p50, n), ms(s.latency.p99, n), ms(s.latency.p999, n), ms(s.latency.mean, n)];
}

function failureLine(s: StatsBlock): string {
  return Object.entries(s.failures)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

/**
 * A latency, or `-` when nothing was observed (`observations`: how many requests it is
 * over). A latency of exactly 0 is a measurement (a service with no work, no network
 * delay and no proxy), not missing data.
 */
function ms(seconds: number, observations: number): string {
  return observations > 0 ? formatDuration(seconds) : '-';
}

/** A fraction as a percentage; `-` when there is none (no requests, so no availability). */
function pct(x: number | null): string {
  if (x === null) return '-';
  if (x === 1) return '100%';
  if (x >= 0.99) return `${(x * 100).toFixed(3)}%`;
  return `${(x * 100).toFixed(1)}%`;
}

function fmtRate(rate: number): string {
  return `${Number(rate.toPrecision(4))}/s`;
}

/** Left-aligns the first column, right-aligns the numbers, leaves the last (free text) ragged. */
export function table(rows: string[][]): string[] {
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

/** "95% CI: mean [a, b] …, over N replications" — or undefined when there are no intervals. */
function ciLine(r: Results): string | undefined {
  const ci = r.endToEnd.ci95;
  const c = r.confidence;
  if (!ci || !c) return undefined;
  const parts: string[] = [];
  if (ci.availability) parts.push(`availability [${pct(ci.availability[0])}, ${pct(ci.availability[1])}]`);
  // An interval is there only when there were observations to make it from.
  if (ci.mean) parts.push(`mean [${formatDuration(ci.mean[0])}, ${formatDuration(ci.mean[1])}]`);
  if (ci.p99) parts.push(`p99 [${formatDuration(ci.p99[0])}, ${formatDuration(ci.p99[1])}]`);
  const basis = c.method === 'replications' ? `over ${c.samples} replications` : `batch means of ${c.samples} batches of ${c.batchSize ?? '?'} requests`;
  const caveat = c.stationary === false ? '; not stationary (faults scheduled): use --replications' : '';
  return `95% CI: ${parts.join(', ')} (${basis}${caveat})`;
}
