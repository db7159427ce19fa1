/**
 * notebooks/*.ipynb, executed as a reader would run them: Debian's `jupyter nbconvert
 * --execute` (under /usr/bin/python3, not PATH's python) with the tslab kernel from
 * node_modules, against the package's build in dist/ (npm ci builds it). Each must run
 * with no error, no stderr (tslab reports TypeScript errors and exceptions there), and
 * one SVG chart in every cell tagged `chart`. The notebooks are stored stripped: no
 * outputs, no execution counts.
 *
 * Jupyter comes from .ci/run (apt-get install jupyter-nbconvert); without it the
 * execution tests skip with a message, and fail under CI. Nothing is written outside a
 * temporary folder: the kernelspec goes into one that JUPYTER_PATH names, and so do the
 * kernel's connection files (JUPYTER_RUNTIME_DIR) and the executed copies.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const NOTEBOOKS_DIR = join(root, 'notebooks');
const JUPYTER = '/usr/bin/jupyter';
const PYTHON = '/usr/bin/python3';
const TSLAB = join(root, 'node_modules', 'tslab', 'bin', 'tslab');

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[]; execution?: Record<string, string> };
  execution_count?: number | null;
  outputs?: Output[];
}
interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name: string } };
}

const text = (t: string | string[] | undefined): string => (Array.isArray(t) ? t.join('') : (t ?? ''));
const read = (file: string): Notebook => JSON.parse(readFileSync(file, 'utf8')) as Notebook;
const notebooks = readdirSync(NOTEBOOKS_DIR).filter((f) => f.endsWith('.ipynb')).sort();

/** Debian's nbconvert, able to execute (nbclient and jupyter_client import under /usr/bin/python3). */
function jupyterPresent(): boolean {
  if (!existsSync(JUPYTER) || !existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', 'import nbconvert, nbclient, jupyter_client'], { stdio: 'ignore' }).status === 0;
}
const present = jupyterPresent();
if (!present && process.env['CI']) throw new Error(`${JUPYTER} with nbconvert is missing under CI (.ci/run installs Debian's jupyter-nbconvert)`);
if (!present) console.warn(`skipping the notebooks' execution: ${JUPYTER} with nbconvert is not installed (apt-get install jupyter-nbconvert)`);

describe('notebooks as stored', () => {
  it('are at least the capacity walk-through and the sidecar-versus-ambient study, each on the tslab kernel', () => {
    expect(notebooks).toEqual(expect.arrayContaining(['capacity-walkthrough.ipynb', 'sidecar-vs-ambient.ipynb']));
    for (const n of notebooks) expect(read(join(NOTEBOOKS_DIR, n)).metadata.kernelspec?.name, n).toBe('tslab');
  });

  it('carry no outputs or execution counts (strip them: jupyter nbconvert --clear-output --inplace notebooks/*.ipynb)', () => {
    for (const n of notebooks) {
      const executed = read(join(NOTEBOOKS_DIR, n)).cells.filter((c) => c.cell_type === 'code' && ((c.outputs ?? []).length > 0 || (c.execution_count ?? null) !== null));
      expect(executed.map((c) => text(c.source).split('\n')[0]), n).toEqual([]);
    }
  });

  it('import the library from the build, as a clean clone has it after npm ci', () => {
    for (const n of notebooks) {
      const sources = read(join(NOTEBOOKS_DIR, n)).cells.map((c) => text(c.source)).join('\n');
      expect(sources, n).toContain("from '../dist/index.js'");
      expect(sources, n).not.toMatch(/from '\.\.\/src\//);
    }
  });
});

describe.skipIf(!present)('notebooks executed with nbconvert and the tslab kernel', () => {
  const work = mkdtempSync(join(tmpdir(), 'meshsim-notebooks-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  // The kernelspec `npx tslab install` would write, with node and tslab named by path.
  const kernels = join(work, 'jupyter', 'kernels', 'tslab');
  mkdirSync(kernels, { recursive: true });
  writeFileSync(join(kernels, 'kernel.json'), JSON.stringify({ argv: [process.execPath, TSLAB, 'kernel', '--config-path', '{connection_file}'], display_name: 'TypeScript', language: 'typescript' }));
  const env = { ...process.env, JUPYTER_PATH: join(work, 'jupyter'), JUPYTER_RUNTIME_DIR: join(work, 'runtime'), JUPYTER_DATA_DIR: join(work, 'data'), JUPYTER_CONFIG_DIR: join(work, 'config') };

  it.each(notebooks)('%s runs with no error and draws every chart', (name) => {
    expect(existsSync(join(root, 'dist', 'index.js')), 'dist/index.js: build the package first (npm ci does, or npm run build)').toBe(true);
    expect(existsSync(TSLAB), 'node_modules/tslab: npm ci installs it (devDependency)').toBe(true);
    const started = process.hrtime.bigint();
    const r = spawnSync(JUPYTER, ['nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.timeout=180', '--output-dir', work, join(NOTEBOOKS_DIR, name)], {
      cwd: NOTEBOOKS_DIR,
      env,
      encoding: 'utf8',
      timeout: 240_000,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`${name}: executed in ${seconds.toFixed(1)} s`);
    expect(r.error).toBeUndefined();
    expect(r.status, `nbconvert exited ${r.status}:\n${r.stderr.slice(-4000)}`).toBe(0);

    const executed = read(join(work, name));
    const code = executed.cells.filter((c) => c.cell_type === 'code');
    expect(code.length).toBeGreaterThan(0);
    const problems: string[] = [];
    let charts = 0;
    for (const cell of code) {
      const first = text(cell.source).split('\n')[0];
      // tslab sends no execution count; nbclient stamps every cell it ran.
      if (cell.metadata.execution?.['shell.execute_reply'] === undefined) problems.push(`not executed: ${first}`);
      const outputs = cell.outputs ?? [];
      for (const o of outputs) {
        if (o.output_type === 'error') problems.push(`error in "${first}": ${o.ename}: ${o.evalue}`);
        if (o.output_type === 'stream' && o.name === 'stderr') problems.push(`stderr in "${first}": ${text(o.text).slice(0, 500)}`);
      }
      if (cell.metadata.tags?.includes('chart')) {
        const svgs = outputs.filter((o) => o.output_type === 'display_data' && text(o.data?.['text/html']).startsWith('<svg'));
        if (svgs.length !== 1) problems.push(`chart cell "${first}" displayed ${svgs.length} SVGs (expected 1)`);
        for (const s of svgs) {
          const svg = text(s.data?.['text/html']);
          // A drawn chart has marks and axes; an empty spec renders only the background.
          if (!svg.includes('role-mark') || !svg.includes('role-axis')) problems.push(`chart cell "${first}" drew no marks or axes`);
          charts++;
        }
      }
    }
    expect(problems).toEqual([]);
    expect(charts, 'each notebook shows at least two charts').toBeGreaterThanOrEqual(2);
  }, 300_000);
});
