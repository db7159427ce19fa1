/**
 * The progress bar of `meshsim run` on stderr (cli-progress), measured in simulated
 * time: replications done, simulated seconds of those planned, ETA. A single long
 * replication moves too (the run reports its clock as it goes), instead of sitting at
 * `0/1 … ETA 0s` until it ends. Only on an interactive terminal (cliIo.ts: a TTY that is
 * not TERM=dumb), so pipes, files and CI logs stay clean.
 */
import type { RunProgress } from '../experiments/runScenario.js';
import { formatDuration } from '../scenarios/units.js';

export interface ProgressReporter {
  update(p: RunProgress): void;
  /** Clears the bar and gives the terminal back as it was (cursor shown, line wrap on). */
  stop(): void;
}

const SILENT: ProgressReporter = { update: () => {}, stop: () => {} };

/**
 * A progress bar for `planned` replications of `perReplication` simulated seconds each,
 * or a silent reporter when `enabled` is false. With `fleet` (a run on the Redis queue),
 * the bar also says how many workers share the run ("3 workers"). cli-progress is loaded
 * only then: importing it costs 20–40 ms of start-up, which a piped or scripted run should not pay.
 */
export async function createRunProgress(
  enabled: boolean,
  planned: number,
  perReplication: number,
  stream: NodeJS.WritableStream = process.stderr,
  fleet?: () => string,
): Promise<ProgressReporter> {
  if (!enabled) return SILENT;
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `meshsim run [{bar}] {done}/{planned} replications | {simulated} of {simulatedPlanned} simulated${fleet ? ' | {fleet}' : ''} | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  // The bar counts replications' simulated seconds; a warm-up pilot runs before them.
  let pilot = 0;
  const seconds = (n: number): number => Math.max(1e-9, n * perReplication);
  const labels = (done: number, plan: number, simulated: number) => ({ done, planned: plan, simulated: formatDuration(simulated), simulatedPlanned: formatDuration(plan * perReplication), ...(fleet && { fleet: fleet() }) });
  bar.start(seconds(planned), 0, labels(0, planned, 0));
  return {
    update(p) {
      if (p.phase === 'pilot') {
        pilot = p.simulatedSeconds;
        return;
      }
      // A precision target can raise the plan as replications come in.
      if (p.planned > 0) bar.setTotal(seconds(p.planned));
      const simulated = Math.max(0, p.simulatedSeconds - pilot);
      bar.update(simulated, labels(p.done, p.planned, simulated));
    },
    stop() {
      bar.stop();
    },
  };
}
