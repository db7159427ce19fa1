/**
 * `meshsim plan FILE --slo …`: flags → the capacity planner (src/experiments/planning)
 * → the plan table on stdout, the plan JSON and the planned scenario file. Every flag,
 * objective and output path is checked before the first simulation, and files are
 * written only once the plan is made: bad input leaves nothing behind. Exit status 0
 * when every data plane's plan meets the objectives, 1 when one cannot (the reason and
 * the blocking service on stderr), 2 on bad input.
 */
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { candidateEvents, planCapacity, PLAN_MAX_CANDIDATES, PLAN_MAX_REPLICAS, PLAN_MAX_REPLICATIONS, PLAN_REPLICATIONS } from '../experiments/planning/capacityPlan.js';
import { DEFAULT_MAX_EVENTS } from '../scenarios/eventBudget.js';
import { describeCounts } from '../experiments/planning/replicaCounts.js';
import { planJson } from '../report/planJson.js';
import { renderPlanTable } from '../report/planTable.js';
import { interruptibly } from './interrupt.js';
import { formatLocated } from '../scenarios/inputError.js';
import { loadScenario } from '../scenarios/loadScenario.js';
import { plannedScenarioText } from '../scenarios/plannedScenarioYaml.js';
import { SLO_EXPECTED } from '../scenarios/slo.js';
import { REDIS_FLAG, REDIS_FLAG_HELP, withRedisFlag, type QueueWiring, type RedisFlags } from './redisFlag.js';
import { UsageError, type CliIo } from './cliIo.js';
import { parseDataPlanesFlag } from './dataPlanesFlag.js';
import { parseCountFlag } from './flagParsers.js';
import { checkOutputFile } from './outputPaths.js';
import { parseLoadFlag, parseSurviveFlag } from './planFlags.js';
import { scenarioOverridesFromFlags, workersFromFlag, type ScenarioFlags } from './scenarioFlags.js';
import { objectivesFor, parseSloFlags } from './sloFlags.js';
import { writeFileAtomically } from './writeFileAtomically.js';

export interface PlanFlags extends ScenarioFlags {
  slo?: string[];
  load?: string;
  dataPlanes?: string;
  survive?: string;
  maxReplicas?: string;
  maxReplications?: string;
  maxCandidates?: string;
  json?: string;
  out?: string;
  quiet?: boolean;
  wide?: boolean;
}

/** Runs the planner; resolves to the exit status (0 feasible, 1 infeasible). Throws UsageError / InputError on bad input. */
export async function planCommand(file: string, flags: PlanFlags, io: CliIo, queue?: QueueWiring): Promise<number> {
  const flagged = parseSloFlags('--slo', flags.slo ?? []);
  const load = flags.load !== undefined ? parseLoadFlag(flags.load) : 1;
  const dataPlanes = flags.dataPlanes !== undefined ? parseDataPlanesFlag(flags.dataPlanes) : undefined;
  const maxReplicas = flags.maxReplicas !== undefined ? parseCountFlag('--max-replicas', flags.maxReplicas, 1, 10_000) : PLAN_MAX_REPLICAS;
  const maxReplications = flags.maxReplications !== undefined ? parseCountFlag('--max-replications', flags.maxReplications, 2, 1000) : PLAN_MAX_REPLICATIONS;
  const maxCandidates = flags.maxCandidates !== undefined ? parseCountFlag('--max-candidates', flags.maxCandidates, 1, 10_000) : PLAN_MAX_CANDIDATES;
  const overrides = scenarioOverridesFromFlags(flags);
  const workers = workersFromFlag(flags);
  if (flags.json !== undefined && flags.json !== '-') checkOutputFile('--json', flags.json);
  if (flags.out !== undefined) checkOutputFile('--out', flags.out);

  const { scenario, warnings } = loadScenario(file, overrides);
  for (const w of warnings) io.stderr(formatLocated(w) + '\n');
  const survive = flags.survive !== undefined ? parseSurviveFlag(flags.survive, scenario.zones.length) : undefined;
  const slos = objectivesFor('--slo', flagged, scenario);
  if (slos.length === 0) throw new UsageError(`${file}: no objective to plan for: give --slo (expected ${SLO_EXPECTED}), or list them under slo: in the scenario`);
  // The first round: the file's (or --replications) when more than the default; the cap never below it.
  const replications = Math.max(scenario.simulation.replications, PLAN_REPLICATIONS);

  const events = candidateEvents(scenario, load, replications);
  const budget = overrides.maxEvents ?? DEFAULT_MAX_EVENTS;
  if (events > budget) {
    throw new UsageError(
      `--load ${load}x: each candidate needs about ${events.toPrecision(2)} simulator events (${replications} replications of the file's run at ${load}x its traffic), over the budget of ${budget.toPrecision(2)} (expected a smaller load or --duration, or a larger --max-events)`,
    );
  }

  const tty = io.stderrIsTty === true;
  const plan = await interruptibly(() =>
    planCapacity(
    {
      scenario,
      slos,
      load,
      survive: survive !== undefined,
      maxReplicas,
      maxCandidates,
      seed: overrides.seed ?? scenario.simulation.seed,
      replications,
      maxReplications: Math.max(replications, maxReplications),
      workers,
      adaptiveWorkers: flags.workers === undefined,
      ...(queue && { runner: queue.runner }),
      ...(tty && {
        onSimulation: (s) =>
          io.stderr(`\r\x1b[Kmeshsim plan: ${s.dataPlane}: simulation ${s.index}: ${describeCounts(s.counts)}${s.situation === 'normal' ? '' : ` (${s.situation})`}, ${s.replications} replications${queue ? `, ${queue.fleetLabel()}` : ''}…`),
      }),
    },
    dataPlanes,
  ),
  io);
  if (tty) io.stderr('\r\x1b[K');

  // Everything is computed before anything is written.
  const json = planJson(plan);
  const text = JSON.stringify(json, null, 2) + '\n';
  const headline = plan.plans[0]?.outcome;
  const out =
    flags.out !== undefined && headline?.feasible
      ? plannedScenarioText(readFileSync(file, 'utf8'), {
          original: scenario,
          planned: { ...headline.planned, traffic: scenario.traffic },
          load,
          ...(flagged.length > 0 && { slo: flagged.map((s) => s.text) }),
          note: `Planned by meshsim plan (data plane ${json.dataPlane}, load ${load}x${survive ? ', surviving a zone outage' : ''}, seed ${json.seed}): replicas and traffic below are the plan's.`,
        })
      : undefined;
  if (flags.json !== undefined && flags.json !== '-') writeFileAtomically(flags.json, text);
  if (out !== undefined) writeFileAtomically(flags.out as string, out);
  if (flags.json === '-') io.stdout(text);
  else if (!flags.quiet) io.stdout(renderPlanTable(json, { ...(!flags.wide && io.stdoutColumns !== undefined && { width: io.stdoutColumns }) }));

  const infeasible = plan.plans.filter((p) => !p.outcome.feasible);
  for (const p of infeasible) {
    io.stderr(`meshsim plan: ${p.dataPlane}: no plan meets the objectives: ${p.outcome.reason ?? ''}${p.outcome.blocking ? ` (blocking service: ${p.outcome.blocking})` : ''}\n`);
  }
  if (flags.out !== undefined && out === undefined) io.stderr(`meshsim plan: --out: nothing written, there is no plan to write\n`);
  return infeasible.length > 0 ? 1 : 0;
}

/** Adds `plan` to the program; `done` receives the exit status. */
export function registerPlanCommand(program: Command, io: CliIo, done: (status: number) => void): void {
  program
    .command('plan')
    .description('find the fewest replicas per service that meet the objectives (simulated, judged on 95% intervals), and what they cost')
    .argument('<file>', 'scenario file (YAML)')
    .option('--slo <objective>', "an objective such as 'p99<250ms', 'availability>=99.9%' or 'services.NAME.p99<100ms' (repeatable; replaces the file's slo:)", (v: string, prev: string[] = []) => [...prev, v])
    .option('--load <factor>', "traffic multiplier to plan for, e.g. 1.5x or 150% (default 1x)")
    .option('--data-planes <list>', "plan once per data plane, e.g. none,sidecar,ambient,ebpf (default: the scenario's)")
    .option('--survive <failure>', 'meet the objectives with any one zone down: zone-outage')
    .option('--max-replicas <n>', `most replicas per service (default ${PLAN_MAX_REPLICAS})`)
    .option('--seed <n>', "master seed (default: the scenario's)")
    .option('--replications <n>', `first round of replications per candidate (default ${PLAN_REPLICATIONS}, or the scenario's if more)`)
    .option('--max-replications <n>', `replications a candidate may reach while undecided (default ${PLAN_MAX_REPLICATIONS})`)
    .option('--max-candidates <n>', `most candidates simulated per data plane (default ${PLAN_MAX_CANDIDATES})`)
    .option('--duration <d>', "measured simulated time per replication, e.g. 60s (default: the scenario's)")
    .option('--warmup <d>', "simulated time discarded before measuring, e.g. 5s, or 'auto'")
    .addOption(new Option('--max-events <n>', 'refuse scenarios estimated above this many events').default(undefined))
    .option('--workers <n>', 'threads for replications; the plan does not depend on it')
    .option('--json <path>', "write the plan (schema meshsim.plan/v1) to PATH, or '-' for stdout instead of the table")
    .option('--out <path>', 'write the planned scenario (replicas and traffic of the plan; comments kept) to PATH')
    .option('--quiet', 'print no table')
    .option('--wide', 'print every column of the table, however wide the terminal')
    .option(REDIS_FLAG, REDIS_FLAG_HELP)
    .action(async (file: string, flags: PlanFlags & RedisFlags) => {
      done(await withRedisFlag(flags, io, (queue) => planCommand(file, flags, io, queue)));
    });
}
