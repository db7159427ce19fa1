/**
 * Located messages about user input, and the error that carries them.
 *
 * Every problem in a user file is reported as `FILE:LINE:COL: path.to.field: what is
 * wrong (expected …)` (docs/contract.md, exit status 2), never as a stack trace. Loading
 * collects all problems it can find before throwing, so a user fixes a file in one pass.
 */

export interface LocatedMessage {
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly col: number;
  /** Dotted field path inside the document ("services[0].replicas"); '' when not tied to a field. */
  readonly path: string;
  readonly message: string;
  readonly expected?: string;
  /** Istio's levels: an error makes the input unusable; warnings and infos are printed. */
  readonly severity: 'error' | 'warning' | 'info';
  /**
   * Catalog code (src/policy/analysis/messages.ts): IST… as istioctl analyze names the
   * check, MSH… for meshsim's own. Absent on errors in meshsim's own scenario format.
   */
  readonly code?: string;
  /**
   * Set on the one message that stands for this many more of its severity, left out
   * (messageLog.ts: "… and 99,980 more errors not shown"); listed after the others.
   */
  readonly leftOut?: number;
  /** The Istio/Kubernetes resource a diagnostic is about, `Kind name.namespace` (what `validate --suppress` matches). */
  readonly resource?: string;
}

/**
 * `FILE:LINE:COL: [warning: |info: ]path: message (expected …) [CODE]`; the path part
 * is left out when empty, the code when there is none.
 */
export function formatLocated(m: LocatedMessage): string {
  const where = `${m.file}:${m.line}:${m.col}: `;
  const level = m.severity === 'error' ? '' : `${m.severity}: `;
  const path = m.path === '' ? '' : `${m.path}: `;
  const expected = m.expected === undefined ? '' : ` (expected ${m.expected})`;
  const code = m.code === undefined ? '' : ` [${m.code}]`;
  return `${where}${level}${path}${m.message}${expected}${code}`;
}

/** Renders a field path the way users write it: services[0].calls[1].service. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/** Orders messages by file (first appearance kept), then line, then column; stable otherwise. Summaries of left-out messages end their file's list. */
export function sortMessages(messages: ReadonlyArray<LocatedMessage>): LocatedMessage[] {
  const fileOrder = new Map<string, number>();
  for (const m of messages) if (!fileOrder.has(m.file)) fileOrder.set(m.file, fileOrder.size);
  return messages
    .map((m, i) => ({ m, i }))
    .sort((a, b) =>
      (fileOrder.get(a.m.file) ?? 0) - (fileOrder.get(b.m.file) ?? 0) ||
      Number(a.m.leftOut !== undefined) - Number(b.m.leftOut !== undefined) ||
      a.m.line - b.m.line ||
      a.m.col - b.m.col ||
      a.i - b.i,
    )
    .map(({ m }) => m);
}

/** Bad input: one or more located errors (warnings found on the way are kept too). */
export class InputError extends Error {
  readonly messages: LocatedMessage[];

  constructor(messages: ReadonlyArray<LocatedMessage>) {
    const sorted = sortMessages(messages);
    super(sorted.map(formatLocated).join('\n'));
    this.name = 'InputError';
    this.messages = sorted;
  }
}

/** Builds a message at a fixed position (files that cannot be parsed point at line 1, column 1). */
export function messageAtStart(file: string, message: string, expected?: string): LocatedMessage {
  return { file, line: 1, col: 1, path: '', message, severity: 'error', ...(expected === undefined ? {} : { expected }) };
}
