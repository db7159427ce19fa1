/** Where the CLI writes: injected so tests run it in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is an interactive terminal that takes cursor movements (progress bars only then). */
  readonly stderrIsTty?: boolean;
  /** Characters per line of stdout when it is a terminal (tables fit it); undefined for a pipe or a file. */
  readonly stdoutColumns?: number;
}

/**
 * A terminal that understands cursor movements: a TTY whose TERM is not `dumb` (Emacs
 * shells, some CI runners and editors' consoles set it to say they do not).
 */
export function isInteractiveTerminal(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

/**
 * The width tables should fit: stdout's when it is a TTY — `COLUMNS` when set to a
 * positive integer (the shell's own variable, and how a user narrows or widens it), the
 * terminal's otherwise. Undefined when stdout is not a terminal: piped output never changes.
 */
export function terminalColumns(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (stream.isTTY !== true) return undefined;
  const fromEnv = Number(env['COLUMNS']);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return stream.columns !== undefined && stream.columns > 0 ? stream.columns : undefined;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTty: isInteractiveTerminal(process.stderr),
  stdoutColumns: terminalColumns(process.stdout),
};

/** A usage error: a flag or argument is wrong. Exit status 2, one line, no stack. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
