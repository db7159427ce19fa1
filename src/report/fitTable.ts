/**
 * Console tables that fit the terminal: given the width of stdout (when it is a
 * terminal), a table gives up its least important columns first, then shortens its
 * first column (service and edge names) with an ellipsis — and says what it left out,
 * so the reader knows `--wide` shows the rest. Without a width (a pipe, a file,
 * `--wide`) nothing changes.
 */

/** Rows of cells; a plain string is a line of its own (a group title), never cut. */
export type TableRows = ReadonlyArray<readonly string[] | string>;

export interface FitSpec {
  /** Column indices in the order they go when the table is too wide (first listed, first dropped). */
  readonly dropOrder: readonly number[];
  /** The first column is never shortened below this many characters (ellipsis included). */
  readonly minFirstColumn?: number;
  /** Where a shortened name loses characters: its end (default), or just before its last word, which tells rows apart ("a → b… p99"). */
  readonly ellipsis?: Ellipsis;
  /**
   * Renders rows to lines, so the fit is measured exactly as the table is printed;
   * `columns` are the original indices of the cells left in each row.
   */
  readonly render: (rows: TableRows, columns: readonly number[]) => string[];
  /** Names the columns in the note that says what was left out (default: the first row's cells). */
  readonly columnName?: (index: number) => string;
}

export interface FittedTable {
  readonly lines: string[];
  /** Names of the columns left out, in drop order (empty when everything fit). */
  readonly dropped: string[];
}

const ELLIPSIS = '…';

export type Ellipsis = 'end' | 'before-last-word';

/** `text` cut to `width` characters with an ellipsis at its end (or before its last word), when it is longer. */
export function truncate(text: string, width: number, where: Ellipsis = 'end'): string {
  if (text.length <= width) return text;
  if (width <= 1) return ELLIPSIS.slice(0, width);
  const space = text.lastIndexOf(' ');
  const last = space > 0 ? text.slice(space) : '';
  // The last word is kept only while it leaves the head room to say something.
  if (where === 'before-last-word' && last.length > 0 && 2 * last.length < width) return text.slice(0, width - last.length - 1).trimEnd() + ELLIPSIS + last;
  return text.slice(0, width - 1) + ELLIPSIS;
}

function longest(lines: readonly string[]): number {
  return lines.reduce((m, l) => Math.max(m, l.length), 0);
}

/**
 * Renders `rows` no wider than `width` characters where it can: shortens the first
 * column (down to `minFirstColumn`), then drops the columns of `dropOrder` one at a time
 * until the table fits. With `width` undefined, renders everything.
 */
export function fitTable(rows: TableRows, width: number | undefined, spec: FitSpec): FittedTable {
  const cells = rows.find((r): r is readonly string[] => Array.isArray(r)) ?? [];
  const all = cells.map((_, i) => i);
  const full = spec.render(rows, all);
  if (width === undefined || longest(full) <= width) return { lines: full, dropped: [] };
  const name = spec.columnName ?? ((i: number) => (cells[i] ?? '').trim());
  // Names first: a long name costs every row its width, and its start says the most.
  const firstWidth = rows.reduce((m, r) => (typeof r === 'string' ? m : Math.max(m, (r[0] ?? '').length)), 0);
  const target = Math.min(firstWidth, Math.max(spec.minFirstColumn ?? 20, firstWidth - (longest(full) - width)));
  const shortened = rows.map((r) => (typeof r === 'string' ? r : [truncate(r[0] ?? '', target, spec.ellipsis), ...r.slice(1)]));
  const gone = new Set<number>();
  const render = (): string[] => {
    const kept = all.filter((i) => !gone.has(i));
    return spec.render(
      shortened.map((r) => (typeof r === 'string' ? r : r.filter((_, i) => !gone.has(i)))),
      kept,
    );
  };
  let current = render();
  for (const column of spec.dropOrder) {
    if (longest(current) <= width) break;
    gone.add(column);
    current = render();
  }
  return { lines: current, dropped: spec.dropOrder.filter((c) => gone.has(c)).map(name) };
}

/** The line under a table that left columns out, or none. */
export function droppedNote(dropped: readonly string[]): string[] {
  const names = [...new Set(dropped)];
  return names.length === 0 ? [] : [`(left out to fit the terminal: ${names.join(', ')}; --wide shows every column)`];
}
