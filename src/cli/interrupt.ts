/**
 * Ctrl-C and SIGTERM during a long command: give the terminal back (the progress bar
 * hides the cursor and turns line wrap off), say so on stderr, and exit with 128 + the
 * signal's number — 130 for SIGINT, 143 for SIGTERM, what shells report for a process
 * a signal ended. Nothing is half-written: results files are written only at the end,
 * through a temporary file and a rename (writeFileAtomically.ts), both synchronous, so
 * a signal is handled either before the file exists or after it is complete.
 *
 * A handler runs only when the event loop does: the run must yield now and then
 * (runScenario's progressWithinReplications), or the signal waits for the run's end.
 */
import { constants } from 'node:os';

type Exit = (status: number) => void;

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Until the returned function is called, SIGINT and SIGTERM run `restore`, print
 * `meshsim: interrupted` and exit. `exit` is process.exit (tests hand in their own).
 */
export function exitCleanlyOnSignals(restore: () => void, stderr: (text: string) => void, exit: Exit = (s) => process.exit(s)): () => void {
  const handlers = SIGNALS.map((signal) => {
    const handler = (): void => {
      restore();
      stderr(`\nmeshsim: interrupted (${signal}); nothing was written\n`);
      exit(128 + constants.signals[signal]);
    };
    process.once(signal, handler);
    return () => void process.off(signal, handler);
  });
  return () => handlers.forEach((off) => off());
}

/**
 * Runs `work` (a long experiment: compare, plan, check, diff) so that Ctrl-C or SIGTERM
 * clears its progress line (on a terminal), says so and exits 128 + the signal — before
 * any output file exists, since those are written after `work` returns. Worker threads
 * end with the process.
 */
export async function interruptibly<T>(work: () => Promise<T>, io: { stderr(text: string): void; stderrIsTty?: boolean }): Promise<T> {
  const stop = exitCleanlyOnSignals(() => {
    if (io.stderrIsTty === true) io.stderr('\r\x1b[K');
  }, io.stderr);
  try {
    return await work();
  } finally {
    stop();
  }
}
