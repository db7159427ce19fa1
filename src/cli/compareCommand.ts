/**
 * `meshsim compare FILE --data-planes …`: flags → the comparison experiment →
 * the table on stdout, and the JSON, Markdown, HTML report and chart files asked
 * for. Every flag and output path is checked before the first run, and files are
 * written only once everything has been computed, each atomically: bad input
 * leaves nothing behind.
 */
import { join } from 'node:path';
import { ALL_DATA_PLANES, baselineCaveats, compareDataPlanes, comparedPlanes, compareJson, defaultBaseline, deltaIntervals } from '../experiments/compare.js';
import { renderCompareCharts, renderCompareHtml } from '../report/compareHtml.js';
import { renderCompareMarkdown } from '../report/compareMarkdown.js';
import { renderCompareTable } from '../report/compareTable.js';
import { formatLocated } from '../scenarios/inputError.js';
import { loadScenario } from '../scenarios/loadScenario.js';
import { formatDuration } from '../scenarios/units.js';
import type { QueueWiring } from './redisFlag.js';
import { UsageError, type CliIo } from './cliIo.js';
import { PRE_RUN_CHECKS } from './preRunChecks.js';
import { interruptibly } from './interrupt.js';
import { parseBaselineFlag, parseDataPlanesFlag } from './dataPlanesFlag.js';
import { checkCreatableDirectory, checkOutputFile, ensureDirectory } from './outputPaths.js';
import { scenarioOverridesFromFlags, workersFromFlag, type ScenarioFlags } from './scenarioFlags.js';
import { writeFileAtomically } from './writeFileAtomically.js';
import { wallClock } from './wallTime.js';

export interface CompareFlags extends ScenarioFlags {
  dataPlanes?: string;
  baseline?: string;
  json?: string;
  /** true: to stdout (like '-'). */
  markdown?: string | boolean;
  report?: string;
  charts?: string;
  quiet?: boolean;
  wide?: boolean;
}

/** Runs the comparison; throws UsageError / InputError on bad input (before any run). */
export async function compareCommand(file: string, flags: CompareFlags, io: CliIo, queue?: QueueWiring): Promise<void> {
  const asked = flags.dataPlanes !== undefined ? parseDataPlanesFlag(flags.dataPlanes) : [...ALL_DATA_PLANES];
  const baselineFlag = flags.baseline !== undefined ? parseBaselineFlag(flags.baseline) : undefined;
  const overrides = scenarioOverridesFromFlags(flags);
  const workers = workersFromFlag(flags);
  const markdownPath = flags.markdown === true ? '-' : typeof flags.markdown === 'string' ? flags.markdown : undefined;
  if (flags.json === '-' && markdownPath === '-') throw new UsageError('--json - and --markdown -: only one of them can write to stdout (give the other a file path)');
  if (flags.json !== undefined && flags.json !== '-') checkOutputFile('--json', flags.json);
  if (markdownPath !== undefined && markdownPath !== '-') checkOutputFile('--markdown', markdownPath);
  if (flags.report !== undefined) checkOutputFile('--report', flags.report);
  if (flags.charts !== undefined) checkCreatableDirectory('--charts', flags.charts);

  const { scenario, warnings } = loadScenario(file, overrides, PRE_RUN_CHECKS);
  for (const w of warnings) io.stderr(formatLocated(w) + '\n');
  const dataPlanes = comparedPlanes(asked, baselineFlag ?? defaultBaseline(scenario, asked));
  for (const c of baselineCaveats(scenario, dataPlanes)) io.stderr(`meshsim: warning: ${c}\n`);

  const tty = io.stderrIsTty === true;
  const comparison = await interruptibly(() =>
    compareDataPlanes(scenario, {
    dataPlanes,
    // In steps that yield, so Ctrl-C is handled within a replication run on this thread.
    run: { workers, adaptiveWorkers: flags.workers === undefined, progressWithinReplications: true, wallClock, ...(queue && { runner: queue.runner }) },
    ...(tty && {
      onStart: (dp, position) => io.stderr(`\r\x1b[Kmeshsim compare: ${dp} (${position + 1} of ${dataPlanes.length})…`),
      onProgress: (dp, position, p) =>
        io.stderr(`\r\x1b[Kmeshsim compare: ${dp} (${position + 1} of ${dataPlanes.length}), ${p.done}/${p.planned} replications, ${formatDuration(p.simulatedSeconds)} simulated${queue ? `, ${queue.fleetLabel()}` : ''}`),
    }),
  }),
  io);
  if (tty) io.stderr('\r\x1b[K');
  for (const r of comparison.runs) for (const m of [...r.notices, ...r.warnings]) io.stderr(`meshsim: ${r.dataPlane}: ${m}\n`);

  // Everything is computed before anything is written.
  const results = comparison.runs.map((r) => r.results);
  const deltaCi95 = deltaIntervals(comparison);
  const json = JSON.stringify(compareJson(comparison), null, 2) + '\n';
  const markdown = markdownPath !== undefined ? renderCompareMarkdown(results, deltaCi95) : undefined;
  const htmlInput = { scenario, seed: comparison.seed, runs: comparison.runs, command: reproduceCommand(file, asked, dataPlanes[0] as string, scenario.simulation, comparison.seed), deltaCi95 };
  const html = flags.report !== undefined ? await renderCompareHtml(htmlInput) : undefined;
  const charts = flags.charts !== undefined ? await renderCompareCharts(htmlInput) : [];

  if (flags.json !== undefined && flags.json !== '-') writeFileAtomically(flags.json, json);
  if (markdown !== undefined && markdownPath !== '-') writeFileAtomically(markdownPath as string, markdown);
  if (html !== undefined) writeFileAtomically(flags.report as string, html);
  if (flags.charts !== undefined) ensureDirectory(flags.charts);
  for (const c of charts) writeFileAtomically(join(flags.charts as string, `${scenario.name}-${c.name}.svg`), c.svg + '\n');

  if (flags.json === '-') io.stdout(json);
  else if (markdownPath === '-') io.stdout(markdown as string);
  else if (!flags.quiet) io.stdout(renderCompareTable(results, deltaCi95, { ...(!flags.wide && io.stdoutColumns !== undefined && { width: io.stdoutColumns }) }));
}

function reproduceCommand(
  file: string,
  dataPlanes: readonly string[],
  baseline: string,
  sim: { duration: number; warmup: number; warmupAuto?: boolean; replications: number },
  seed: number,
): string {
  // Exact seconds (formatDuration rounds to three digits).
  const exact = (s: number) => `${Number(s.toPrecision(12))}s`;
  const warmup = sim.warmupAuto ? 'auto' : exact(sim.warmup);
  return `meshsim compare ${file} --data-planes ${dataPlanes.join(',')} --baseline ${baseline} --seed ${seed} --duration ${exact(sim.duration)} --warmup ${warmup} --replications ${sim.replications}`;
}
