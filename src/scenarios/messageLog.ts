/**
 * A bounded collection of located messages: the first MAX_ERRORS_SHOWN errors and
 * MAX_WARNINGS_SHOWN warnings are kept, the rest only counted, and each overflow is
 * said in one more message ("… and 99,980 more errors not shown").
 *
 * A file with 100,000 unknown fields has 100,000 errors; listing them all helps nobody,
 * and building each one (locating it in the document, phrasing it) is where the time
 * went (issue 20). Messages are added as functions that build them, called only for
 * those that will be shown, so refusing such a file takes time linear in its size.
 */
import { sortMessages, type LocatedMessage } from './inputError.js';

/** Errors shown per file at most; the rest are counted in a summary line. */
export const MAX_ERRORS_SHOWN = 20;
/** Warnings (and infos) shown per file at most (more than errors: a manifest of many resources warns about each). */
export const MAX_WARNINGS_SHOWN = 100;

type Severity = LocatedMessage['severity'];

const LIMITS: Readonly<Record<Severity, number>> = { error: MAX_ERRORS_SHOWN, warning: MAX_WARNINGS_SHOWN, info: MAX_WARNINGS_SHOWN };

export class MessageLog {
  private readonly kept: LocatedMessage[] = [];
  private readonly total: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  /** The first message of each severity that is not shown: the summary sits at its place. */
  private readonly firstLeftOut: Partial<Record<Severity, LocatedMessage>> = {};
  /** Summaries pushed from other lists. */
  private readonly summaries: LocatedMessage[] = [];

  /** Adds a message of `severity`; `build` runs only if it will be shown (or is the first left out). */
  add(severity: Severity, build: () => LocatedMessage): void {
    const n = this.total[severity]++;
    if (n < LIMITS[severity]) this.kept.push(build());
    else if (n === LIMITS[severity]) this.firstLeftOut[severity] = build();
  }

  /** Adds messages already built (a summary of another list, e.g. an `istio:` file's, is kept as it is). */
  push(messages: Iterable<LocatedMessage>): void {
    for (const m of messages) {
      if (m.leftOut === undefined) this.add(m.severity, () => m);
      else this.summaries.push(m);
    }
  }

  /** Errors added, shown or not. */
  get errors(): number {
    let n = this.total.error;
    for (const m of this.summaries) if (m.severity === 'error') n += m.leftOut ?? 0;
    return n;
  }

  /** The messages to show, sorted by file and line, each overflow summed up in a last message per severity. */
  messages(): LocatedMessage[] {
    const out = [...this.kept, ...this.summaries];
    for (const severity of ['error', 'warning', 'info'] as const) {
      const first = this.firstLeftOut[severity];
      if (first !== undefined) out.push(summary(first, this.total[severity] - LIMITS[severity], LIMITS[severity]));
    }
    return sortMessages(out);
  }
}

/** Messages added beyond the limits, as one message at the place of the first of them. */
function summary(first: LocatedMessage, leftOut: number, shown: number): LocatedMessage {
  const what = `${first.severity}${leftOut === 1 ? '' : 's'}`;
  return {
    file: first.file,
    line: first.line,
    col: first.col,
    path: '',
    message: `… and ${leftOut.toLocaleString('en-US')} more ${what} not shown, the first of them here (only the first ${shown} are listed)`,
    severity: first.severity,
    leftOut,
  };
}

/**
 * Lists names in a message: all of them up to `max`, else the first `max` and how many
 * more. Reads only the names it shows, so naming 5,000 services in each of 20,000
 * messages costs nothing.
 */
export function listNames(names: ReadonlyArray<string> | ReadonlySet<string>, max = 10): string {
  const size = Array.isArray(names) ? names.length : (names as ReadonlySet<string>).size;
  const shown: string[] = [];
  for (const name of names) {
    if (shown.length === max) break;
    shown.push(name);
  }
  return size <= max ? shown.join(', ') : `${shown.join(', ')} … (${(size - max).toLocaleString('en-US')} more)`;
}
