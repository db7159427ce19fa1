/**
 * MeshMetrics as plain, structured-cloneable data, so a worker thread can hand
 * its replication back (class instances lose their prototypes when posted). Lossless:
 * decode(encode(m)) merges exactly as m would, which keeps results identical for
 * any number of workers.
 *
 * The encoding walks each metrics object's own fields by kind — numbers, count
 * maps (failures by reason), latency recorders, time-weighted levels — as
 * mergeMetrics does (models/metrics/metricFields.ts), rather than naming them, so
 * a counter added to the metrics classes travels and merges without touching
 * this file.
 */
import { LatencyRecorder, type EncodedLatency } from '../models/metrics/latencyRecorder.js';
import type { MeasurementWindow } from '../models/metrics/measurementWindow.js';
import { MeshMetrics } from '../models/metrics/meshMetrics.js';
import { metricFields } from '../models/metrics/metricFields.js';
import { TimeWeightedLevel } from '../models/metrics/timeWeightedLevel.js';
import { PerSecondSeries } from '../models/metrics/perSecondSeries.js';

/** One metrics object's fields by kind. */
export interface EncodedFields {
  readonly numbers: Record<string, number>;
  readonly counts: Record<string, Record<string, number>>;
  readonly latencies: Record<string, EncodedLatency>;
  /** Time integrals (level·seconds) of TimeWeightedLevel fields. */
  readonly areas: Record<string, number>;
  /** PerSecondSeries fields (their typed arrays clone as they are). */
  readonly series: Record<string, EncodedSeries>;
}

export interface EncodedSeries {
  readonly requests: Float64Array;
  readonly failed: Float64Array;
  readonly latencySum: Float64Array;
  readonly latencyBins: Uint32Array;
  readonly retries: Float64Array;
  readonly overflow: Float64Array;
  readonly ejections: Float64Array;
}

export interface EncodedMeshMetrics {
  readonly endToEnd: EncodedFields;
  readonly cost: EncodedFields;
  readonly services: ReadonlyArray<{ readonly name: string; readonly fields: EncodedFields; readonly versions: ReadonlyArray<{ readonly name: string; readonly fields: EncodedFields }> }>;
  readonly edges: ReadonlyArray<{ readonly from: string; readonly to: string; readonly fields: EncodedFields }>;
}

function encodeFields(o: object): EncodedFields {
  const out: EncodedFields = { numbers: {}, counts: {}, latencies: {}, areas: {}, series: {} };
  for (const [k, f] of metricFields(o)) {
    if (f.kind === 'number') out.numbers[k] = f.value;
    else if (f.kind === 'counts') out.counts[k] = { ...f.value };
    else if (f.kind === 'latency') out.latencies[k] = f.value.encode();
    else if (f.kind === 'series') {
      const v = f.value;
      out.series[k] = {
        requests: v.requests.slice(),
        failed: v.failed.slice(),
        latencySum: v.latencySum.slice(),
        latencyBins: v.latencyBins.slice(),
        retries: v.retries.slice(),
        overflow: v.overflow.slice(),
        ejections: v.ejections.slice(),
      };
    }
    else out.areas[k] = f.value.area;
  }
  return out;
}

function decodeFields(into: object, e: EncodedFields): void {
  const target = into as Record<string, unknown>;
  Object.assign(target, e.numbers);
  for (const [k, counts] of Object.entries(e.counts)) {
    const existing = target[k];
    if (typeof existing === 'object' && existing !== null) Object.assign(existing, counts);
    else target[k] = { ...counts };
  }
  for (const [k, encoded] of Object.entries(e.latencies)) {
    const recorder = target[k];
    if (!(recorder instanceof LatencyRecorder)) throw new Error(`metrics field ${k} is not a latency recorder`);
    recorder.add(new LatencyRecorder(encoded));
  }
  for (const [k, area] of Object.entries(e.areas)) {
    const level = target[k];
    if (!(level instanceof TimeWeightedLevel)) throw new Error(`metrics field ${k} is not a time-weighted level`);
    level.area = area;
  }
  for (const [k, encoded] of Object.entries(e.series)) {
    const series = target[k];
    if (!(series instanceof PerSecondSeries)) throw new Error(`metrics field ${k} is not a per-second series`);
    series.requests.set(encoded.requests);
    series.failed.set(encoded.failed);
    series.latencySum.set(encoded.latencySum);
    series.latencyBins.set(encoded.latencyBins);
    series.retries.set(encoded.retries);
    series.overflow.set(encoded.overflow);
    series.ejections.set(encoded.ejections);
  }
}

/** The counts, integrals and histograms of a run (its batch means and series are summarized per replication instead). */
export function encodeMeshMetrics(m: MeshMetrics): EncodedMeshMetrics {
  return {
    endToEnd: encodeFields(m.endToEnd),
    cost: encodeFields(m.cost),
    services: [...m.services].map(([name, s]) => ({
      name,
      fields: encodeFields(s),
      versions: [...s.versions].map(([vname, v]) => ({ name: vname, fields: encodeFields(v) })),
    })),
    edges: [...m.edges.values()].map((e) => ({ from: e.from, to: e.to, fields: encodeFields(e) })),
  };
}

/** Rebuilds MeshMetrics (maps in the encoded order). */
export function decodeMeshMetrics(e: EncodedMeshMetrics, window: MeasurementWindow): MeshMetrics {
  const m = new MeshMetrics(window);
  decodeFields(m.endToEnd, e.endToEnd);
  decodeFields(m.cost, e.cost);
  for (const s of e.services) {
    for (const v of s.versions) decodeFields(m.version(s.name, v.name), v.fields);
    const service = m.services.get(s.name);
    if (service) decodeFields(service, s.fields);
  }
  for (const x of e.edges) decodeFields(m.edge(x.from, x.to), x.fields);
  return m;
}
