/**
 * A run over time: availability, throughput and p99 per second, stacked on one
 * shared time axis, with every fault drawn as a shaded band across all three panels,
 * so the story of an outage (when it began, what it did, how long recovery took)
 * reads from one picture.
 */
import { CHART_CONFIG, type TopLevelSpec } from './chartStyle.js';

/** One second (bucket) of the timeline; time in seconds from the start of the run. */
export interface TimelinePoint {
  readonly t: number;
  /** Successful / all requests that began in the bucket; null when none began. */
  readonly availability: number | null;
  /** Requests per second that began in the bucket (per replication). */
  readonly throughput: number;
  /** Milliseconds; null when no request succeeded in the bucket. */
  readonly p99: number | null;
}

export interface FaultBand {
  readonly from: number;
  readonly to: number;
  readonly label: string;
}

const BAND_COLOR = '#e15759';

function panel(points: readonly TimelinePoint[], bands: readonly FaultBand[], field: keyof TimelinePoint, title: string, format: string, last: boolean): object {
  return {
    width: 640,
    height: 140,
    layer: [
      {
        data: { values: bands },
        mark: { type: 'rect', color: BAND_COLOR, opacity: 0.12 },
        encoding: { x: { field: 'from', type: 'quantitative' }, x2: { field: 'to' }, tooltip: { field: 'label' } },
      },
      {
        data: { values: points.filter((p) => p[field] !== null) },
        mark: { type: 'line', strokeWidth: 1.5, color: '#4e79a7', interpolate: 'step-after' },
        encoding: {
          x: { field: 't', type: 'quantitative', title: last ? 'simulated time (s, warm-up included)' : null, axis: last ? {} : { labels: false } },
          y: { field, type: 'quantitative', title, axis: { format } },
        },
      },
    ],
  };
}

/** The Vega-Lite spec of the three stacked panels. */
export function timelineSpec(points: readonly TimelinePoint[], bands: readonly FaultBand[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    vconcat: [
      panel(points, bands, 'availability', 'availability', '.1%', false),
      panel(points, bands, 'throughput', 'requests/s', '~s', false),
      panel(points, bands, 'p99', 'p99 (ms)', '~r', true),
    ],
    resolve: { scale: { x: 'shared' } },
    spacing: 12,
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
