/**
 * CPU, memory and monthly price per data plane: three bar panels side by side,
 * each bar split into what the apps use and what the data plane adds (and, for the
 * price, the cross-zone transfer), with the total written above it.
 */
import { CHART_CONFIG, type TopLevelSpec } from './chartStyle.js';

export interface CostBar {
  readonly dataPlane: string;
  /** Apps' own vCPU, GiB or USD/month. */
  readonly apps: number;
  /** The data plane's share (proxies, ztunnels, waypoints, node proxies). */
  readonly mesh: number;
  /** USD/month only: bytes crossing zones (a data plane can add hops that cross zones). */
  readonly crossZone?: number;
}

export interface CostPanels {
  readonly vcpu: readonly CostBar[];
  readonly memoryGiB: readonly CostBar[];
  readonly usdPerMonth: readonly CostBar[];
}

const PARTS = ['apps', 'data plane', 'cross-zone traffic'];
const PART_COLORS = { domain: PARTS, range: ['#c9d3df', '#2f4b7c', '#e8a33d'] };

function panel(title: string, unit: string, format: string, bars: readonly CostBar[], dataPlanes: readonly string[]) {
  const values = bars.flatMap((b) => {
    const total = b.apps + b.mesh + (b.crossZone ?? 0);
    const parts = [
      { dataPlane: b.dataPlane, part: 'apps', rank: 0, value: b.apps, total },
      { dataPlane: b.dataPlane, part: 'data plane', rank: 1, value: b.mesh, total },
    ];
    if (b.crossZone !== undefined) parts.push({ dataPlane: b.dataPlane, part: 'cross-zone traffic', rank: 2, value: b.crossZone, total });
    return parts;
  });
  const x = { field: 'dataPlane', type: 'nominal', sort: [...dataPlanes], title: null, axis: { labelAngle: 0 } };
  return {
    title: { text: title, subtitle: unit },
    width: 190,
    height: 220,
    data: { values },
    layer: [
      {
        mark: { type: 'bar', width: { band: 0.7 } },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', stack: 'zero', title: null, axis: { format } },
          color: { field: 'part', type: 'nominal', title: null, scale: PART_COLORS, sort: PARTS },
          order: { field: 'rank', type: 'quantitative', sort: 'ascending' },
        },
      },
      {
        transform: [{ filter: "datum.part === 'apps'" }],
        mark: { type: 'text', dy: -7, fontSize: 11, color: '#333' },
        encoding: { x, y: { field: 'total', type: 'quantitative' }, text: { field: 'total', type: 'quantitative', format } },
      },
    ],
  };
}

/** The Vega-Lite spec: vCPU, memory (GiB) and USD per month, apps and data plane stacked. */
export function costSpec(panels: CostPanels, dataPlanes: readonly string[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    hconcat: [
      panel('CPU', 'vCPU, average', '.3~f', panels.vcpu, dataPlanes),
      panel('Memory', 'GiB resident', '.3~f', panels.memoryGiB, dataPlanes),
      panel('Price', 'USD per month', '$,.0f', panels.usdPerMonth, dataPlanes),
    ],
    spacing: 36,
    config: { ...CHART_CONFIG, legend: { ...CHART_CONFIG.legend, orient: 'bottom', labelLimit: 240 } },
  } as TopLevelSpec;
}
