import { BatchMeans } from './batchMeans.js';
import { LatencyRecorder } from './latencyRecorder.js';
import { PerSecondSeries } from './perSecondSeries.js';
import { TimeWeightedLevel } from './timeWeightedLevel.js';

/**
 * The fields of a metrics object, by kind, found by walking the object rather
 * than by naming them: merging replications (mergeMetrics) and carrying a
 * replication between threads (experiments/meshMetricsCodec.ts) both walk them
 * here, so a metric added to a metrics class is one edit and reaches both.
 */
export type MetricField =
  | { readonly kind: 'number'; readonly value: number }
  /** Counts by key: failures by reason, proxies by kind. */
  | { readonly kind: 'counts'; readonly value: Record<string, number> }
  | { readonly kind: 'latency'; readonly value: LatencyRecorder }
  /** A level's time integral; only its area is merged and carried. */
  | { readonly kind: 'timeWeighted'; readonly value: TimeWeightedLevel }
  /** A timeline of fixed buckets over the window; adds bucket by bucket. */
  | { readonly kind: 'series'; readonly value: PerSecondSeries };

/**
 * Fields holding a level rather than a count — the same in every replication
 * (memory held, worker capacity) — are listed in a static `levels` on their
 * class: merging keeps one replication's value instead of summing.
 */
export interface WithLevels {
  readonly levels?: ReadonlyArray<string>;
}

function isCountMap(v: object): v is Record<string, number> {
  return Object.getPrototypeOf(v) === Object.prototype && Object.values(v).every((x) => typeof x === 'number');
}

/** A map of metrics objects (a service's versions), walked by the caller; a map of anything else is a field nobody merges. */
function isNestedMetrics(v: unknown): boolean {
  return v instanceof Map && [...v.values()].every((x) => typeof x === 'object' && x !== null && Object.getPrototypeOf(x) !== Object.prototype);
}

/**
 * Each mergeable field of `o` with its name. Names (edge ends), nested maps
 * (walked by the caller) and batch means (summarized per replication) are
 * skipped; any other kind throws, so a field nobody knows how to merge or carry
 * fails the first test that records it instead of vanishing.
 */
export function* metricFields(o: object): Generator<[string, MetricField]> {
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'number') yield [k, { kind: 'number', value: v }];
    else if (v instanceof LatencyRecorder) yield [k, { kind: 'latency', value: v }];
    else if (v instanceof TimeWeightedLevel) yield [k, { kind: 'timeWeighted', value: v }];
    else if (v instanceof PerSecondSeries) yield [k, { kind: 'series', value: v }];
    else if (typeof v === 'object' && v !== null && isCountMap(v)) yield [k, { kind: 'counts', value: v }];
    else if (typeof v === 'string' || isNestedMetrics(v) || v instanceof BatchMeans) continue;
    else throw new Error(`metrics field ${k} has a kind that cannot be merged or carried to another thread`);
  }
}

/** Whether `field` of `o` is a level (kept, not summed, across replications). */
function isLevel(o: object, field: string): boolean {
  return (o.constructor as WithLevels).levels?.includes(field) ?? false;
}

/**
 * Adds `from`'s fields into `into` (same population, another replication): counts,
 * histograms and time integrals add; levels keep `from`'s value.
 */
export function mergeFields(into: object, from: object): void {
  const target = into as Record<string, unknown>;
  for (const [k, f] of metricFields(from)) {
    const keep = isLevel(into, k);
    switch (f.kind) {
      case 'number':
        target[k] = keep ? f.value : ((target[k] as number | undefined) ?? 0) + f.value;
        break;
      case 'counts': {
        const counts = (target[k] ??= {}) as Record<string, number>;
        for (const [key, n] of Object.entries(f.value)) counts[key] = keep ? n : (counts[key] ?? 0) + n;
        break;
      }
      case 'latency':
        (target[k] as LatencyRecorder).add(f.value);
        break;
      case 'timeWeighted':
        (target[k] as TimeWeightedLevel).area += f.value.area;
        break;
      case 'series':
        (target[k] as PerSecondSeries).add(f.value);
        break;
    }
  }
}
