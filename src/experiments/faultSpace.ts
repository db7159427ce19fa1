/**
 * The space `check:` describes (checkSpec.ts) as something to explore: every single
 * fault at its worst setting (for the exhaustive first pass), and a fast-check
 * arbitrary of whole fault sets for the search.
 *
 * Each continuous range is a grid of at most GRID_STEPS + 1 points, drawn as an
 * integer index, so fast-check's integer shrinking applies and its halving steps
 * reach a boundary in about log2(GRID_STEPS) evaluations. Indexes shrink toward a
 * smaller fault: the first target, a smaller factor or error rate, fewer replicas,
 * a shorter window, fewer faults, and a load nearer 1x. Every mapping has its
 * inverse, so a fault set found elsewhere (the enumeration's worst cases) can be
 * handed to fast-check as an example and shrunk like a generated one.
 */
import fc from 'fast-check';
import { targetCount, type CheckSpec, type FaultDimension, type Range } from '../scenarios/checkSpec.js';
import type { FaultSpec, SimulationSpec } from '../scenarios/scenario.js';
import type { FaultSet } from './faultSet.js';

/** Points per range: 1000 steps resolve a 2-minute window to 0.1 s and stay ~10 halvings deep. */
export const GRID_STEPS = 1000;

/** A range as an integer grid: value(k) for k in [lo, hi]; index 0 is where shrinking heads. */
interface Grid {
  readonly lo: number;
  readonly hi: number;
  value(k: number): number;
  index(value: number): number;
}

/** 1, 2 or 5 times a power of ten, at least `floor`: grid points people can read. */
function niceStep(span: number, floor: number): number {
  const raw = Math.max(span / GRID_STEPS, floor);
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw * (1 - 1e-12)) return Number((m * power).toPrecision(12));
  return raw;
}

/** A grid over `r` counted from `origin` (clamped into r), with steps no finer than `floor`. */
function grid(r: Range, floor: number, origin = r.min): Grid {
  const step = niceStep(r.max - r.min, floor);
  const o = Math.min(Math.max(origin, r.min), r.max);
  const clean = (x: number): number => Number(x.toPrecision(12));
  return {
    lo: -Math.ceil(clean((o - r.min) / step)),
    hi: Math.ceil(clean((r.max - o) / step)),
    value: (k) => clean(Math.min(Math.max(o + k * step, r.min), r.max)),
    index: (v) => Math.round((v - o) / step),
  };
}

/** Finest steps: 1 ms for windows, 0.01 for factors and loads, 0.001 for error rates, whole replicas. */
const DURATION_FLOOR = 0.001;
const FACTOR_FLOOR = 0.01;
const RATE_FLOOR = 0.001;

interface DimensionGrids {
  readonly at: Grid;
  readonly for?: Grid;
  readonly replicas?: Grid;
  readonly intensity?: Grid;
}

function gridsOf(d: FaultDimension): DimensionGrids {
  return {
    at: grid(d.at, DURATION_FLOOR),
    ...(d.for && { for: grid(d.for, DURATION_FLOOR) }),
    ...('replicas' in d && d.replicas && { replicas: grid(d.replicas, 1) }),
    ...(d.kind === 'slowdown' && { intensity: grid(d.factor, FACTOR_FLOOR) }),
    ...(d.kind === 'errors' && { intensity: grid(d.rate, RATE_FLOOR) }),
  };
}

/** The indexes one fault is drawn as (fields in shrink order: what matters most first). */
interface FaultIndexes {
  readonly intensity: number;
  readonly for: number;
  readonly replicas: number;
  readonly target: number;
  readonly at: number;
}

/** The fault at these indexes of dimension `d`. */
function faultAt(d: FaultDimension, g: DimensionGrids, k: FaultIndexes): FaultSpec {
  const window = { at: g.at.value(k.at), for: g.for ? g.for.value(k.for) : Number.POSITIVE_INFINITY };
  switch (d.kind) {
    case 'zone-outage':
      return { ...window, kind: 'zone-outage', zone: d.zones[k.target] as string };
    case 'partition':
      return { ...window, kind: 'partition', between: d.pairs[k.target] as readonly [string, string] };
    default: {
      const choice = d.targets[k.target] as { service: string; version?: string };
      const target = { ...choice, ...(g.replicas && { replicas: g.replicas.value(k.replicas) }) };
      if (d.kind === 'crash') return { ...window, ...target, kind: 'crash' };
      if (d.kind === 'slowdown') return { ...window, ...target, kind: 'slowdown', factor: (g.intensity as Grid).value(k.intensity) };
      return { ...window, ...target, kind: 'errors', rate: (g.intensity as Grid).value(k.intensity) };
    }
  }
}

/** The indexes of `f` in dimension `d`, or undefined when `f` is not one of its faults. */
function indexesOf(d: FaultDimension, g: DimensionGrids, f: FaultSpec): FaultIndexes | undefined {
  if (f.kind !== d.kind) return undefined;
  let target = -1;
  if (f.kind === 'zone-outage' && d.kind === 'zone-outage') target = d.zones.indexOf(f.zone);
  else if (f.kind === 'partition' && d.kind === 'partition') target = d.pairs.findIndex((p) => p[0] === f.between[0] && p[1] === f.between[1]);
  else if ('service' in f && 'targets' in d) target = d.targets.findIndex((t) => t.service === f.service && t.version === f.version);
  if (target < 0) return undefined;
  const k: FaultIndexes = {
    intensity: g.intensity ? g.intensity.index(f.kind === 'slowdown' ? f.factor : f.kind === 'errors' ? f.rate : 0) : 0,
    for: g.for ? g.for.index(f.for) : 0,
    replicas: g.replicas && 'replicas' in f && f.replicas !== undefined ? g.replicas.index(f.replicas) : 0,
    target,
    at: g.at.index(f.at),
  };
  const same = JSON.stringify(faultAt(d, g, k)) === JSON.stringify(f);
  return same ? k : undefined;
}

function dimensionArbitrary(d: FaultDimension): fc.Arbitrary<FaultSpec> {
  const g = gridsOf(d);
  const index = (x: Grid | undefined) => (x ? fc.integer({ min: x.lo, max: x.hi }) : fc.constant(0));
  const indexes = fc.record({
    intensity: index(g.intensity),
    for: index(g.for),
    replicas: index(g.replicas),
    target: fc.integer({ min: 0, max: targetCount(d) - 1 }),
    at: index(g.at),
  });
  return indexes.map(
    (k) => faultAt(d, g, k),
    (value) => {
      const k = indexesOf(d, g, value as FaultSpec);
      if (k === undefined) throw new Error('not a fault of this entry');
      return k;
    },
  );
}

/** Every fault set of the space: up to maxFaults faults (any entries, repeats allowed) and a load. */
export function faultSetArbitrary(spec: Pick<CheckSpec, 'faults' | 'maxFaults' | 'load'>): fc.Arbitrary<FaultSet> {
  const load = grid(spec.load, FACTOR_FLOOR, 1);
  const loads = fc.integer({ min: load.lo, max: load.hi }).map(
    (k) => load.value(k),
    (v) => load.index(v as number),
  );
  const faults =
    spec.faults.length === 0 || spec.maxFaults === 0
      ? fc.constant<FaultSpec[]>([])
      : fc.array(fc.oneof(...spec.faults.map(dimensionArbitrary)), { maxLength: spec.maxFaults });
  return fc.record({ faults, load: loads });
}

/** One single fault at its worst setting, and the entry of `check.faults` it comes from. */
export interface WorstFault {
  readonly entry: number;
  readonly fault: FaultSpec;
}

/**
 * Every target of every entry once, at the entry's worst setting: the largest factor,
 * error rate and replica count, the longest window, starting as near the start of the
 * measured window as the range allows (so as much of the fault as possible is measured).
 */
export function worstSingleFaults(spec: Pick<CheckSpec, 'faults'>, simulation: Pick<SimulationSpec, 'warmup'>): WorstFault[] {
  const out: WorstFault[] = [];
  spec.faults.forEach((d, entry) => {
    const g = gridsOf(d);
    for (let target = 0; target < targetCount(d); target++) {
      const k: FaultIndexes = {
        intensity: g.intensity?.hi ?? 0,
        for: g.for?.hi ?? 0,
        replicas: g.replicas?.hi ?? 0,
        target,
        at: g.at.index(Math.min(Math.max(simulation.warmup, d.at.min), d.at.max)),
      };
      out.push({ entry, fault: faultAt(d, g, k) });
    }
  });
  return out;
}

/** The worst load of the range: its largest multiplier. */
export function worstLoad(spec: Pick<CheckSpec, 'load'>): number {
  return spec.load.max;
}
