/**
 * Tables fit the terminal (issue 18): on a terminal `COLUMNS` (or its width) wide,
 * `run` and `compare` shorten long service names with an ellipsis and leave out their
 * least important columns, saying so; `--wide` and piped output print everything.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { terminalColumns } from '../../src/cli/cliIo.js';

const FILE = 'test/fixtures/report/long-service-name.yaml';
const LONG = 'recommendation-engine-for-seasonal-catalogue-items';

async function cliOn(columns: number | undefined, ...argv: string[]): Promise<string> {
  let out = '';
  const status = await main(argv, { stdout: (s) => void (out += s), stderr: () => {}, ...(columns !== undefined && { stdoutColumns: columns }) });
  expect(status).toBe(0);
  return out;
}

/** The table lines: everything after the headline's block (prose lines may run long). */
const tableLines = (out: string, from: RegExp) => out.split('\n').slice(out.split('\n').findIndex((l) => from.test(l)));

describe('terminalColumns', () => {
  it('is COLUMNS on a terminal, else its width; nothing for a pipe', () => {
    expect(terminalColumns({ isTTY: true, columns: 200 }, { COLUMNS: '60' })).toBe(60);
    expect(terminalColumns({ isTTY: true, columns: 200 }, {})).toBe(200);
    expect(terminalColumns({ isTTY: true, columns: 200 }, { COLUMNS: 'wide' })).toBe(200);
    expect(terminalColumns({ isTTY: false, columns: 200 }, { COLUMNS: '60' })).toBeUndefined();
    expect(terminalColumns({}, { COLUMNS: '60' })).toBeUndefined();
  });
});

describe('COLUMNS=60 and a long service name', () => {
  const columns = terminalColumns({ isTTY: true, columns: 200 }, { COLUMNS: '60' });

  it('run: every table line fits in 60 columns, the long name ends in an ellipsis, the note names what is gone', async () => {
    const out = await cliOn(columns, 'run', FILE);
    const lines = tableLines(out, /^service\s/);
    for (const l of lines) if (!l.startsWith('(left out')) expect(l.length, l).toBeLessThanOrEqual(60);
    expect(out).not.toContain(LONG);
    expect(out).toMatch(/^recommendation-eng\S*… /m);
    expect(out).toMatch(/^\(left out to fit the terminal: overflow, .*; --wide shows every column\)$/m);
    // The columns that matter most stay.
    expect(lines[0]?.split(/\s+/)).toEqual(expect.arrayContaining(['service', 'avail', 'p50', 'p99', 'util']));
  });

  it('compare: fits, keeps every delta of the first data plane compared, and names its data plane when its value column is gone', async () => {
    const out = await cliOn(columns, 'compare', FILE, '--data-planes', 'none,sidecar,ambient');
    const lines = tableLines(out, /^\s+none\s/);
    for (const l of lines) if (l !== '' && !l.startsWith('(left out') && !l.startsWith('per edge')) expect(l.length, l).toBeLessThanOrEqual(60);
    expect(lines[0]).toMatch(/none\s+sidecar Δ$/);
    // Middle ellipsis: the percentile that tells two edge rows apart survives.
    expect(out).toMatch(/^ {2}frontend → \S*… p50 /m);
    expect(out).toMatch(/^ {2}frontend → \S*… p99 /m);
    expect(out).toContain('(left out to fit the terminal: ambient value, sidecar value, ambient Δ; --wide shows every column)');
  });

  it('plan: the service and cost tables fit, the objective text goes before the replicas', async () => {
    const out = await cliOn(columns, 'plan', FILE, '--slo', 'p99<250ms', '--workers', '1');
    const lines = out.split('\n');
    const table = lines.slice(lines.findIndex((l) => l.startsWith('service')), lines.findIndex((l) => l.startsWith('  p99<250ms')));
    expect(table.length).toBeGreaterThan(2);
    for (const l of table) expect(l.length, l).toBeLessThanOrEqual(60);
    expect(table[0]?.split(/\s+/).slice(0, 3)).toEqual(['service', 'replicas', 'utilization']);
    expect(out).not.toContain(LONG);
    expect(out).toMatch(/^\(left out to fit the terminal: zones, .*; --wide shows every column\)$/m);
    expect(await cliOn(columns, 'plan', FILE, '--slo', 'p99<250ms', '--workers', '1', '--wide')).toContain(LONG);
  });

  it('--wide, or stdout that is not a terminal, prints the full table', async () => {
    const piped = await cliOn(undefined, 'run', FILE);
    expect(await cliOn(columns, 'run', FILE, '--wide')).toBe(piped);
    expect(piped).toContain(LONG);
    expect(piped).not.toContain('left out');
    expect(piped.split('\n').find((l) => l.startsWith('service'))?.split(/\s+/)).toContain('overflow');
  });
});
