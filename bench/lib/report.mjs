/**
 * The bench's output: one markdown table of rows (case, figure, reference,
 * ratio, target, verdict) plus each case's notes, and number formatting shared
 * by the cases so figures read the same everywhere.
 */

/** @typedef {{case: string, figure: string, reference: string, ratio: string, target: string, verdict: string}} Row */

const COLUMNS = ['case', 'figure', 'reference', 'ratio', 'target', 'verdict'];

/** Renders rows as a GitHub markdown table. */
export function renderTable(rows) {
  const escape = (cell) => String(cell).replaceAll('|', '\\|');
  const lines = [`| ${COLUMNS.join(' | ')} |`, `|${COLUMNS.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${COLUMNS.map((c) => escape(row[c] ?? '')).join(' | ')} |`);
  return lines.join('\n');
}

/** Median of a non-empty list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** "3.21M/s" for a rate in events (or holds) per second. */
export function formatRate(perSecond) {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)}M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k/s`;
  return `${perSecond.toFixed(0)}/s`;
}

/** "4.62 s" for a duration in seconds. */
export function formatSeconds(seconds) {
  return seconds >= 10 ? `${seconds.toFixed(1)} s` : `${seconds.toFixed(3)} s`;
}

/** "83.4 MiB" for a size in KiB (what getrusage and process.resourceUsage report). */
export function formatKiB(kib) {
  return `${(kib / 1024).toFixed(1)} MiB`;
}

/** "1.07×" for a ratio. */
export function formatRatio(ratio) {
  return `${ratio.toFixed(ratio >= 10 ? 1 : 2)}×`;
}

/** "5M" / "500k" for a count of requests or events. */
export function formatCount(n) {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 100 === 0) return `${n / 1e3}k`;
  return String(n);
}
