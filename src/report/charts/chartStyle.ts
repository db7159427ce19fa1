/**
 * The look every chart shares: type face, colours per data plane and quiet axes.
 * Kept apart from renderSvg.ts so that building a spec does not load Vega.
 */
export type { TopLevelSpec } from 'vega-lite';

/** Type faces of the page (CSS stack): the SVG text uses the reader's own sans-serif. */
export const CHART_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Colours per data plane (Tableau 10, colour-blind friendly order), fixed so every chart agrees. */
export const DATA_PLANE_COLORS: Readonly<Record<string, string>> = {
  none: '#79706e',
  sidecar: '#4e79a7',
  ambient: '#f28e2b',
  ebpf: '#59a14f',
};

/** Shared look: quiet axes, no chart border, the page's type face. */
export const CHART_CONFIG = {
  font: CHART_FONT,
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 500, gridColor: '#e6e6e6', domainColor: '#999', tickColor: '#999' },
  legend: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 500 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 14, fontWeight: 600, anchor: 'start' },
} as const;

/** A colour scale over `dataPlanes` in their order. */
export function dataPlaneColorScale(dataPlanes: readonly string[]): { domain: string[]; range: string[] } {
  return { domain: [...dataPlanes], range: dataPlanes.map((d) => DATA_PLANE_COLORS[d] ?? '#bab0ac') };
}
