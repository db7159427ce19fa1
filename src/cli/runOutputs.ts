/**
 * `meshsim run`'s extra outputs beside the results JSON: `--prometheus`, `--report` and
 * `--traces` (with the critical-path summary it prints and the report shows).
 * Both need the merged metrics, which runScenario frees after the results are built:
 * `collect` takes what each output needs while they exist, `write` renders and writes
 * after the run (paths checked before it, so a typo fails before minutes of simulation).
 */
import { latencyCdf } from '../experiments/latencyDistribution.js';
import type { MeshMetrics } from '../models/metrics/meshMetrics.js';
import type { PerSecondSeries } from '../models/metrics/perSecondSeries.js';
import type { CdfPoint } from '../report/charts/latencyCdfChart.js';
import { prometheusExposition } from '../report/prometheus.js';
import type { Results } from '../report/results.js';
import { renderRunHtml } from '../report/runHtml.js';
import type { Scenario } from '../scenarios/scenario.js';
import { checkOutputFile } from './outputPaths.js';
import { writeFileAtomically } from './writeFileAtomically.js';
import type { SampledTraces, TracingOptions } from '../models/tracing/traceData.js';
import { criticalPathSummary, type CriticalPathSummary } from '../report/criticalPath.js';
import { otlpTraceRequest } from '../report/otlpTraces.js';
import { MESHSIM_VERSION } from '../version.js';
import { parseTraceStartFlag, tracingFromFlags } from './traceFlags.js';

export interface RunOutputFlags {
  prometheus?: string;
  report?: string;
  traces?: string;
  traceSample?: string;
  traceStart?: string;
}

export class RunOutputs {
  private exposition: string | undefined;
  private reportData: { perSecond: PerSecondSeries; latencyCdf: CdfPoint[] } | undefined;

  /** What runScenario traces (undefined without --traces). */
  readonly tracing: TracingOptions | undefined;
  /** Unix seconds of simulated time 0 in the traces (--trace-start); the fixed epoch when undefined. */
  private readonly traceEpoch: number | undefined;

  /** `nowMs` is the wall clock, read only for `--trace-start now`. */
  constructor(
    private readonly flags: RunOutputFlags,
    nowMs: () => number = Date.now,
  ) {
    if (flags.prometheus !== undefined) checkOutputFile('--prometheus', flags.prometheus);
    if (flags.report !== undefined) checkOutputFile('--report', flags.report);
    if (flags.traces !== undefined) checkOutputFile('--traces', flags.traces);
    this.tracing = tracingFromFlags(flags);
    this.traceEpoch = flags.traceStart === undefined ? undefined : parseTraceStartFlag(flags.traceStart, nowMs);
  }

  /** The critical path of the slowest traced requests (undefined without --traces or with nothing sampled). */
  criticalPath(traces: SampledTraces | undefined): CriticalPathSummary | undefined {
    return traces === undefined ? undefined : criticalPathSummary(traces.traces);
  }

  /** runScenario's onMerged, when an output needs the merged metrics. */
  onMerged(scenario: Scenario): ((m: MeshMetrics) => void) | undefined {
    if (this.flags.prometheus === undefined && this.flags.report === undefined) return undefined;
    return (m) => {
      if (this.flags.prometheus !== undefined) this.exposition = prometheusExposition(m, scenario);
      // The series is bounded by the duration (seconds), so keeping it past the metrics is cheap.
      if (this.flags.report !== undefined) this.reportData = { perSecond: m.endToEnd.perSecond, latencyCdf: latencyCdf(m.endToEnd.latency) };
    };
  }

  async write(
    scenario: Scenario,
    results: Results,
    messages: readonly string[],
    command: string,
    traces?: SampledTraces,
    criticalPath?: CriticalPathSummary,
  ): Promise<void> {
    if (this.flags.prometheus !== undefined && this.exposition !== undefined) writeFileAtomically(this.flags.prometheus, this.exposition);
    if (this.flags.report !== undefined && this.reportData !== undefined) {
      writeFileAtomically(this.flags.report, await renderRunHtml({ scenario, results, ...this.reportData, warnings: messages, command, ...(criticalPath && { criticalPath }) }));
    }
    if (this.flags.traces !== undefined && traces !== undefined) {
      const body = otlpTraceRequest(traces.traces, {
        dataPlane: results.dataPlane,
        scenario: scenario.name,
        meshsimVersion: MESHSIM_VERSION,
        ...(this.traceEpoch !== undefined && { epochUnixSeconds: this.traceEpoch }),
      });
      writeFileAtomically(this.flags.traces, JSON.stringify(body) + '\n');
    }
  }
}
