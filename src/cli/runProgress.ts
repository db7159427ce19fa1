/**
 * The progress bar of `meshsim run` on stderr (cli-progress): replications done,
 * simulated time, ETA. Only when stderr is a terminal (docs/contract.md: progress only
 * on a TTY), so pipes, files and CI logs stay clean.
 */
import type { RunProgress } from '../experiments/runScenario.js';
import { formatDuration } from '../scenarios/units.js';

export interface ProgressReporter {
  update(p: RunProgress): void;
  stop(): void;
}

const SILENT: ProgressReporter = { update: () => {}, stop: () => {} };

/**
 * A progress bar for `planned` replications, or a silent reporter when `enabled`
 * is false. With `fleet` (a run on the Redis queue), the bar also says how many
 * workers share the run ("3 workers"). cli-progress is loaded only then: importing it costs 20–40 ms of
 * start-up, which a piped or scripted run should not pay.
 */
export async function createRunProgress(enabled: boolean, planned: number, stream: NodeJS.WritableStream = process.stderr, fleet?: () => string): Promise<ProgressReporter> {
  if (!enabled) return SILENT;
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `meshsim run [{bar}] {value}/{total} replications | {simulated} simulated${fleet ? ' | {fleet}' : ''} | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(planned, 0, { simulated: '0s', ...(fleet && { fleet: fleet() }) });
  return {
    update(p) {
      // A precision target can raise the plan as replications come in.
      if (p.planned > 0) bar.setTotal(p.planned);
      bar.update(p.done, { simulated: formatDuration(p.simulatedSeconds), ...(fleet && { fleet: fleet() }) });
    },
    stop() {
      bar.stop();
    },
  };
}
