/**
 * Vega-Lite → SVG in Node, no browser and no canvas: vega-lite compiles the spec
 * to Vega, and a headless Vega view (renderer 'none') serializes its scenegraph
 * to SVG. Without a canvas Vega estimates text widths from character counts,
 * which is deterministic: the same spec gives the same SVG on every machine.
 *
 * Vega and Vega-Lite are large; only this module loads them, and compareHtml
 * imports it on demand, so a `meshsim run` never pays for them. The charts' look
 * lives in chartStyle.ts for that reason.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Renders a Vega-Lite spec to an SVG document (a string starting with "<svg"). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { spec: vgSpec } = compile(spec);
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
