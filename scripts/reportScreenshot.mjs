#!/usr/bin/env node
/**
 * A PNG of an HTML report as Debian's headless Chromium draws it (how
 * docs/zone-outage-report.png is made):
 *
 *   node bin/meshsim.js run scenarios/zone-outage.yaml --report /tmp/zone-outage.html
 *   node scripts/reportScreenshot.mjs /tmp/zone-outage.html docs/zone-outage-report.png [--width 960] [--selector '#edges figure']
 *
 * Without --selector the whole page is taken; with it, only the first element it matches.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const [value] = args.splice(i, 2).slice(1);
  return value;
};
const width = Number(option('width', '960'));
const selector = option('selector', undefined);
const [html, png] = args;
if (!html || !png) {
  console.error('usage: node scripts/reportScreenshot.mjs REPORT.html OUT.png [--width PX] [--selector CSS]');
  process.exit(2);
}
// The flags of test/report/runHtmlBrowser.test.ts: no background networking on a closed network.
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width, height: 1000 } });
  await page.goto(pathToFileURL(resolve(html)).href, { waitUntil: 'load' });
  if (selector) await page.locator(selector).first().screenshot({ path: png });
  else await page.screenshot({ path: png, fullPage: true });
} finally {
  await browser.close();
}
