/**
 * One replication: run the mesh once with the replication's seed and reduce what
 * it measured to the metrics to merge and the per-replication estimates the
 * confidence intervals rest on. The same function runs in-process and in worker
 * threads; a worker encodes the metrics as plain data (lossless, see
 * meshMetricsCodec.ts), in-process they stay live — saving the encoding, which
 * on a 300-service mesh costs more than a short run — and merge the same.
 */
import { REPORTED_PERCENTILES } from '../models/metrics/latencyRecorder.js';
import { RequestStats, type MeshMetrics } from '../models/metrics/meshMetrics.js';
import { meshRunSteps, runMesh, type MeshRunOutput } from '../models/meshSimulation.js';
import { deriveSeed } from '../sim/randomStreams.js';
import type { Estimates } from '../statistics/intervals.js';
import type { Scenario } from '../scenarios/scenario.js';
import { encodeMeshMetrics, type EncodedMeshMetrics } from './meshMetricsCodec.js';
import type { SampledTraces, TracingOptions } from '../models/tracing/traceData.js';


export interface ReplicationReport {
  readonly index: number;
  readonly seed: number;
  /** Simulator events executed. */
  readonly events: number;
  /** Requests measured end to end. */
  readonly requests: number;
  readonly endToEnd: Estimates;
  /** By service name, every version together. */
  readonly services: Record<string, Estimates>;
  /** Batch means of consecutive end-to-end requests (one-run confidence intervals). */
  readonly batches: { readonly size: number; readonly availability: number[]; readonly mean: number[] };
  /** Requests in flight, time-averaged per bucket of the window (warm-up detection). */
  readonly inFlight: number[];
  /** Seconds per inFlight bucket. */
  readonly inFlightBucket: number;
  /** Encoded in a worker; live in-process. */
  readonly metrics: EncodedMeshMetrics | MeshMetrics;
  /** What the model noticed that changes how to read the run (policy a data plane cannot enforce, …). */
  readonly warnings: readonly string[];
  /** The replication's sampled traces, when traced (plain data: they cross threads as they are). */
  readonly traces?: SampledTraces;
}

/**
 * Replication k's seed: replication 0 uses the master seed itself, so one
 * replication reproduces `--seed N`; the others derive independent streams.
 */
export function replicationSeed(masterSeed: number, index: number): number {
  return index === 0 ? masterSeed : deriveSeed(masterSeed, `replication/${index}`);
}

function estimates(s: RequestStats): Estimates {
  const l = s.latency;
  const [p50, p90, p99, p999] = l.percentiles(REPORTED_PERCENTILES) as [number, number, number, number];
  return { availability: s.requests > 0 ? (s.requests - s.failed) / s.requests : 1, mean: l.mean, p50, p90, p99, p999 };
}

function serviceEstimates(m: MeshMetrics): Record<string, Estimates> {
  const out: Record<string, Estimates> = {};
  for (const [name, service] of m.services) {
    // One version is its own total (as in report/results.ts): nothing to sum.
    if (service.versions.size === 1) {
      out[name] = estimates(service.versions.values().next().value as RequestStats);
      continue;
    }
    const total = new RequestStats();
    for (const v of service.versions.values()) {
      total.requests += v.requests;
      total.failed += v.failed;
      total.latency.add(v.latency);
    }
    out[name] = estimates(total);
  }
  return out;
}

/** Runs replication `index` of `scenario` under `masterSeed`; `encode` for a report that crosses threads. */
export function runReplication(scenario: Scenario, masterSeed: number, index: number, encode = true, tracing?: TracingOptions): ReplicationReport {
  const seed = replicationSeed(masterSeed, index);
  return reportOf(index, seed, runMesh(scenario, { seed, ...(tracing && { tracing, replication: index }) }), encode);
}

/**
 * The same replication in steps (models/meshSimulation.ts, meshRunSteps): `between` is
 * awaited with the simulated clock after each step, so the caller can show progress
 * within a long replication and let the event loop run (signals, timers). The report
 * is the one runReplication gives, kept live (in-process).
 */
export async function runReplicationInSteps(
  scenario: Scenario,
  masterSeed: number,
  index: number,
  between: (clock: number) => Promise<void>,
  tracing?: TracingOptions,
): Promise<ReplicationReport> {
  const seed = replicationSeed(masterSeed, index);
  const steps = meshRunSteps(scenario, { seed, ...(tracing && { tracing, replication: index }) });
  for (;;) {
    const step = steps.next();
    if (step.done) return reportOf(index, seed, step.value, false);
    await between(step.value);
  }
}

function reportOf(index: number, seed: number, out: MeshRunOutput, encode: boolean): ReplicationReport {
  const m = out.metrics;
  const series = m.endToEnd.inFlight.series;
  return {
    index,
    seed,
    events: out.events,
    requests: m.endToEnd.requests,
    endToEnd: estimates(m.endToEnd),
    services: serviceEstimates(m),
    batches: { size: m.endToEnd.batches.size, ...m.endToEnd.batches.batches() },
    inFlight: series ? series.averages() : [],
    inFlightBucket: series ? series.width : 0,
    metrics: encode ? encodeMeshMetrics(m) : m,
    warnings: out.warnings,
    ...(out.traces && { traces: out.traces }),
  };
}
