/**
 * The counterexample of `meshsim check` as a plain scenario `meshsim run` reproduces:
 * the checked file, edited as YAML so its comments and Istio documents stay, with the
 * fault set's faults added to `faults:`, every traffic rate multiplied by the load, the
 * seed, replications and simulated times of the run that broke the property fixed,
 * `check:` removed, and `istio:` paths rewritten for the new file's folder.
 */
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { isMap, isSeq, parseAllDocuments, type Document, type YAMLMap } from 'yaml';
import { parseRate } from './units.js';
import type { FaultSpec, SimulationSpec } from './scenario.js';
import { readSourceText } from './sourceText.js';

export interface CounterexampleInput {
  /** The checked scenario file. */
  readonly file: string;
  /** Where the counterexample will be written (for relative `istio:` paths). */
  readonly out: string;
  readonly faults: ReadonlyArray<FaultSpec>;
  readonly load: number;
  readonly simulation: Pick<SimulationSpec, 'seed' | 'replications' | 'duration' | 'warmup' | 'warmupAuto'>;
  /** First lines of the file, as comments: what broke and how it was found. */
  readonly header: ReadonlyArray<string>;
}

/** Exact seconds as a duration ("1.34s"): formatDuration rounds to three digits. */
function seconds(x: number): string {
  return `${Number(x.toPrecision(12))}s`;
}

/** A fault as the scenario format writes it. */
export function faultToYaml(f: FaultSpec): Record<string, unknown> {
  const window = { at: seconds(f.at), ...(Number.isFinite(f.for) && { for: seconds(f.for) }) };
  switch (f.kind) {
    case 'zone-outage':
      return { ...window, kind: f.kind, zone: f.zone };
    case 'partition':
      return { ...window, kind: f.kind, between: [...f.between] };
    default: {
      const target = { service: f.service, ...(f.version !== undefined && { version: f.version }), ...(f.replicas !== undefined && { replicas: f.replicas }) };
      if (f.kind === 'slowdown') return { ...window, kind: f.kind, ...target, factor: f.factor };
      if (f.kind === 'errors') return { ...window, kind: f.kind, ...target, rate: f.rate };
      return { ...window, kind: f.kind, ...target };
    }
  }
}

/** The counterexample scenario's text. */
export function counterexampleScenario(input: CounterexampleInput): string {
  const docs = parseAllDocuments(readSourceText(input.file)) as Document[];
  const scenario = docs[0] as Document;
  const root = scenario.contents as YAMLMap;
  root.delete('check');
  const name = scenario.getIn(['metadata', 'name']);
  if (typeof name === 'string') scenario.setIn(['metadata', 'name'], `${name}-counterexample`);

  const sim = input.simulation;
  scenario.setIn(['simulation', 'seed'], sim.seed);
  scenario.setIn(['simulation', 'replications'], sim.replications);
  scenario.setIn(['simulation', 'duration'], seconds(sim.duration));
  scenario.setIn(['simulation', 'warmup'], sim.warmupAuto ? 'auto' : seconds(sim.warmup));

  const added = input.faults.filter((f) => f.for > 0).map(faultToYaml);
  const existing = scenario.get('faults');
  if (isSeq(existing)) for (const f of added) existing.add(scenario.createNode(f));
  else if (added.length > 0) scenario.set('faults', scenario.createNode(added));

  if (input.load !== 1) scaleTraffic(scenario, input.load);
  rewriteIstioPaths(scenario, input.file, input.out);

  scenario.commentBefore = [...input.header.map((l) => ` ${l}`), scenario.commentBefore ?? ''].filter((l) => l !== '').join('\n');
  return docs.map((d, i) => (i === 0 ? '' : '---\n') + stripDocumentMarker(d.toString())).join('');
}

function stripDocumentMarker(text: string): string {
  return text.startsWith('---\n') ? text.slice(4) : text;
}

/** Multiplies each `rate` (a number, a "100/s" string, or each step of a schedule) by `load`. */
function scaleTraffic(doc: Document, load: number): void {
  const traffic = doc.get('traffic');
  if (!isSeq(traffic)) return;
  for (const source of traffic.items) {
    if (!isMap(source)) continue;
    const rate = source.get('rate', true);
    if (isSeq(rate)) {
      for (const step of rate.items) if (isMap(step)) step.set('rate', (parseRate(step.toJSON()['rate']) as number) * load);
    } else {
      source.set('rate', (parseRate(source.toJSON()['rate']) as number) * load);
    }
  }
}

function rewriteIstioPaths(doc: Document, file: string, out: string): void {
  const istio = doc.get('istio');
  if (!isSeq(istio)) return;
  const from = dirname(resolve(file));
  const to = dirname(resolve(out));
  istio.items = istio.items.map((item) => {
    const path = String((item as { value?: unknown }).value ?? item);
    if (isAbsolute(path)) return doc.createNode(path);
    return doc.createNode(relative(to, resolve(from, path)) || '.');
  });
}
