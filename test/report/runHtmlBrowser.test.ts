import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderRunHtml } from '../../src/report/runHtml.js';
import { serviceGraph } from '../../src/report/serviceGraphModel.js';
import { HOSTILE_NAME, zoneOutageReportInput } from './runReportFixture.js';

/** Debian's chromium (.ci/run installs it); playwright-core drives it and downloads nothing. */
const CHROMIUM = '/usr/bin/chromium';
// Flags from /work/.library/env/machines/node.md: no background networking on a closed network.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const present = existsSync(CHROMIUM);
if (!present && process.env.CI) throw new Error(`${CHROMIUM} is missing under CI (.ci/run installs Debian's chromium)`);
if (!present) console.warn(`skipping the run report's browser test: ${CHROMIUM} is not installed (apt-get install chromium)`);

describe.skipIf(!present)('run report in headless Chromium', () => {
  it('opens with no console error, every chart drawn, and a script-named service shown as text', async () => {
    const { chromium } = await import('playwright-core');
    const dir = mkdtempSync(join(tmpdir(), 'meshsim-report-'));
    const file = join(dir, 'zone-outage.html');
    const input = await zoneOutageReportInput();
    writeFileSync(file, await renderRunHtml(input));
    const graph = serviceGraph(input.results);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 1400 } });
      const errors: string[] = [];
      const dialogs: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      expect(errors).toEqual([]);
      expect(dialogs).toEqual([]);
      // Nothing but the page itself was fetched.
      expect(requests).toEqual([pathToFileURL(file).href]);
      for (const id of ['timeline', 'mesh-events', 'latency-cdf', 'services']) {
        const box = await page.locator(`#${id} svg`).boundingBox();
        expect(box, id).not.toBeNull();
        expect(box!.width, id).toBeGreaterThan(200);
        expect(box!.height, id).toBeGreaterThan(100);
        // Drawn marks, not an empty frame.
        expect(await page.locator(`#${id} svg path, #${id} svg rect`).count(), id).toBeGreaterThan(3);
      }
      // The critical path's table is drawn, one row per component, with the page's type.
      const rows = page.locator('#critical-path tbody tr');
      expect(await rows.count()).toBeGreaterThan(1);
      const table = await page.locator('#critical-path table').boundingBox();
      expect(table!.height).toBeGreaterThan(20 * (await rows.count()));
      // The service graph: every node and edge drawn, nodes apart from each other, the script-named service as text.
      const drawing = page.locator('#edges svg.service-graph');
      const frame = await drawing.boundingBox();
      expect(frame!.width).toBeGreaterThan(400);
      const nodes = drawing.locator('g.node');
      expect(await nodes.count()).toBe(graph.nodes.length);
      expect(await drawing.locator('g.edge').count()).toBe(graph.edges.length);
      expect(await drawing.locator('g.edge path').count()).toBe(2 * graph.edges.length);
      const boxes = await Promise.all(Array.from({ length: graph.nodes.length }, (_, i) => nodes.nth(i).locator('rect').boundingBox()));
      for (const [i, a] of boxes.entries()) {
        expect(a!.width).toBeGreaterThan(40);
        for (const b of boxes.slice(i + 1)) expect(a!.x + a!.width <= b!.x || b!.x + b!.width <= a!.x || a!.y + a!.height <= b!.y || b!.y + b!.height <= a!.y).toBe(true);
      }
      expect(await drawing.locator('g.nodes').textContent()).toContain(HOSTILE_NAME);
      expect(await drawing.locator('g.legend').count()).toBe(1);
      expect(await page.locator('#edges').innerText()).toContain(HOSTILE_NAME);
      expect(await page.locator('#services svg').textContent()).toContain(HOSTILE_NAME);
      expect(await page.locator('script').count()).toBe(0);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
