/**
 * The stylesheet of meshsim's HTML reports, inlined so a report is one file that
 * opens anywhere: a readable measure, the system's sans-serif, tabular figures in
 * tables so digits line up, and quiet colour (blue for "more", green for "less").
 */
export const HTML_STYLE = `
:root { --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; --wash: #f6f8fa; --accent: #2f4b7c; --up: #b35900; --down: #1a7f37; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 40px 28px 64px; }
header { border-bottom: 1px solid var(--rule); padding-bottom: 20px; margin-bottom: 12px; }
.kicker { margin: 0; color: var(--accent); font-size: 13px; font-weight: 600; letter-spacing: .06em; text-transform: uppercase; }
h1 { margin: 4px 0 6px; font-size: 30px; line-height: 1.2; font-weight: 650; }
h2 { margin: 40px 0 6px; font-size: 21px; font-weight: 620; }
h3 { margin: 14px 0 4px; font-size: 15px; font-weight: 620; }
.meta { margin: 0 0 10px; color: var(--muted); font-size: 14px; }
.lede { margin: 0 0 14px; max-width: 72ch; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--wash); padding: 1px 5px; border-radius: 4px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 14px; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 12px; border-bottom: 1px solid var(--rule); white-space: nowrap; }
thead th { text-align: right; font-weight: 620; border-bottom: 2px solid var(--ink); vertical-align: bottom; }
thead th:first-child, tbody th { text-align: left; font-weight: 500; }
td { text-align: right; }
tr.group th { padding-top: 16px; font-weight: 650; color: var(--accent); border-bottom: 1px solid var(--accent); }
.sub { display: block; font-size: 11px; font-weight: 400; color: var(--muted); }
.delta { display: block; font-size: 12px; color: var(--muted); }
.delta.up { color: var(--up); }
.delta.down { color: var(--down); }
.delta.same { color: var(--muted); font-style: italic; }
figure { margin: 8px 0 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
figcaption { margin: 4px 0 18px; color: var(--muted); font-size: 13px; max-width: 90ch; }
table.defaults th, table.defaults td { text-align: left; padding: 5px 8px; font-size: 13px; }
.overridden { background: #fff4d6; }
.sources { font-size: 13px; color: var(--muted); max-width: 90ch; padding-left: 18px; }
.warnings ul { margin: 0; padding-left: 18px; font-size: 14px; }
.warnings .none { margin: 0; color: var(--muted); font-size: 14px; }
footer { margin-top: 48px; padding-top: 14px; border-top: 1px solid var(--rule); color: var(--muted); font-size: 13px; }
`;
