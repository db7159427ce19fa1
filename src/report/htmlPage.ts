/**
 * The page both HTML reports (`run --report`, `compare --report`) are written into: one
 * self-contained document — inline style, no script, nothing fetched — with the same
 * header, and the command that reproduces it in the footer.
 */
import { HTML_STYLE } from './htmlStyle.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface HtmlPage {
  /** The meshsim command that made it ('run', 'compare'): the generator and the kicker. */
  readonly command: string;
  readonly title: string;
  /** One line under the title (plain text). */
  readonly meta: string;
  /** The header's summary, already HTML. */
  readonly ledeHtml: string;
  /** The sections, already HTML. */
  readonly bodyHtml: string;
  /** The command line that reproduces the page, if known (plain text). */
  readonly reproduce?: string;
}

export function htmlPage(p: HtmlPage): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="meshsim ${escapeHtml(p.command)}">
<title>${escapeHtml(p.title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<main>
<header><p class="kicker">meshsim ${escapeHtml(p.command)}</p><h1>${escapeHtml(p.title)}</h1><p class="meta">${escapeHtml(p.meta)}</p>
<p class="lede">${p.ledeHtml}</p></header>
${p.bodyHtml}
${p.reproduce ? `<footer>Reproduce: <code>${escapeHtml(p.reproduce)}</code></footer>` : ''}
</main>
</body>
</html>
`;
}
