/** Where the CLI writes: injected so tests run it in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is an interactive terminal that takes cursor movements (progress bars only then). */
  readonly stderrIsTty?: boolean;
}

/**
 * A terminal that understands cursor movements: a TTY whose TERM is not `dumb` (Emacs
 * shells, some CI runners and editors' consoles set it to say they do not).
 */
export function isInteractiveTerminal(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTty: isInteractiveTerminal(process.stderr),
};

/** A usage error: a flag or argument is wrong. Exit status 2, one line, no stack. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
