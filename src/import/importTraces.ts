/**
 * `meshsim import traces`: a trace export → each service's own time (empirical
 * percentiles), its call steps, and the traffic entering the mesh, merged into a
 * scenario (an existing one with `into`, else a new one with placeholders for what
 * traces do not say). The result is loaded the way `meshsim run` will load it before
 * it is handed back.
 */
import { formatDuration } from '../scenarios/units.js';
import { loadScenario } from '../scenarios/loadScenario.js';
import { inferCalls, type InferredStep } from './callGraphInference.js';
import { toDnsLabel, uniqueLabel } from './dnsLabel.js';
import type { ImportOutcome } from './importKubernetes.js';
import { mergeIntoScenarioFile } from './mergedScenarioFile.js';
import { PLACEHOLDER, PLACEHOLDER_RATE } from './scenarioComments.js';
import type { MergedService, MergedTraffic } from './scenarioMerge.js';
import { empiricalPercentiles, selfTimes } from './selfTime.js';
import { serviceHops, type Hop } from './serviceHops.js';
import { readTraceFile } from './traceFile.js';
import { inferTraffic } from './trafficRates.js';

export interface TraceImportOptions {
  /** An existing scenario to merge into. */
  readonly into?: string;
  /** The path the result will be written to (relative `istio:` paths resolve from it). */
  readonly outFile: string;
  /** Fraction of requests the traces hold (head sampling), in (0, 1]; rates are divided by it. */
  readonly sampled?: number;
}

/** Imports `file`. Throws InputError for unreadable or unknown trace files and scenarios that do not load. */
export function importTraces(file: string, options: TraceImportOptions): ImportOutcome {
  // The target is checked first: a broken scenario is reported as itself, not as a merge failure.
  if (options.into !== undefined) loadScenario(options.into);
  const { traces, warnings } = readTraceFile(file);
  const hopSet = serviceHops(traces.spans);
  const notes: string[] = [];
  if (hopSet.orphans > 0) notes.push(`${hopSet.orphans} span${hopSet.orphans === 1 ? '' : 's'} whose parent is not in the file (partial traces): their own time is used, they are not counted as traffic`);
  if (hopSet.cyclic > 0) notes.push(`${hopSet.cyclic} spans whose parent links form a loop were ignored`);
  for (const [service, n] of hopSet.uninstrumentedCalls) notes.push(`${service}: ${n} client span${n === 1 ? '' : 's'} without a traced callee: that time stays in ${service}'s own time (the callee is not in the scenario)`);

  const names = scenarioNames(hopSet.hops);
  const byService = new Map<string, Hop[]>();
  for (const h of hopSet.hops) {
    const list = byService.get(h.service);
    if (list === undefined) byService.set(h.service, [h]);
    else list.push(h);
  }
  const services: MergedService[] = [];
  for (const [traced, hops] of byService) {
    const name = names.get(traced) as string;
    const own = selfTimes(hops);
    if (own.skewed > 0) notes.push(`${name}: ${own.skewed} of ${hops.length} requests had a call reaching outside their span (clock skew?): calls were clipped to the span, so own time is never negative`);
    const points = empiricalPercentiles(own.sorted);
    if (hops.length < 1000) notes.push(`${name}: only ${hops.length} requests traced: percentiles beyond ${points[points.length - 1]?.[0] ?? 'p50'} are extrapolated`);
    services.push({
      name,
      serviceTime: serviceTimeValue(own.sorted, points),
      calls: inferCalls(hops).map((step) => callStepValue(step, names)),
      provenance: `from traces: ${hops.length} request${hops.length === 1 ? '' : 's'}`,
    });
  }

  const { traffic, single } = inferTraffic(hopSet.hops, options.sampled ?? 1);
  for (const s of single) notes.push(`${names.get(s) ?? s}: one root span only: no rate can be estimated`);
  const mergedTraffic: MergedTraffic[] = traffic.map((t) => ({
    name: t.source === undefined ? undefined : toDnsLabel(t.source),
    to: names.get(t.to) as string,
    rate: Number(t.rate.toPrecision(4)),
    provenance: `from traces: ${t.roots} root requests over ${formatDuration(t.window)}${options.sampled !== undefined && options.sampled < 1 ? `, sampled at ${options.sampled}` : ''}`,
  }));
  if (mergedTraffic.length === 0 && options.into !== undefined) notes.push(`traffic: no root spans with a rate in the traces: the scenario's traffic is left as it was`);
  // A new scenario needs a source: at the first traced root (or any hop), marked.
  const entry = hopSet.hops.find((h) => h.root) ?? hopSet.hops[0];
  if (mergedTraffic.length === 0 && options.into === undefined && entry !== undefined) {
    mergedTraffic.push({ name: undefined, to: names.get(entry.service) as string, rate: PLACEHOLDER_RATE, provenance: `${PLACEHOLDER}: too few root spans to estimate a rate` });
    notes.push(`traffic: rate ${PLACEHOLDER_RATE}/s to ${names.get(entry.service) ?? entry.service} is a ${PLACEHOLDER}: the traces have too few root spans to estimate a rate`);
  }

  const merged = mergeIntoScenarioFile(
    { into: options.into, outFile: options.outFile, source: file, origin: 'the traces', command: 'import traces', derived: "each service's own time, its calls and the traffic entering the mesh" },
    services,
    mergedTraffic,
  );
  return { text: merged.text, warnings: [...warnings, ...merged.loadWarnings], notes: [...notes, ...merged.notes] };
}

/** Trace service names → scenario names (DNS labels): `reviews.default` (Istio's app.namespace) → `reviews`. */
function scenarioNames(hops: ReadonlyArray<Hop>): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const h of hops) if (!names.has(h.service)) names.set(h.service, uniqueLabel(toDnsLabel(h.service.split('.')[0] ?? h.service, 'service'), taken));
  return names;
}

function serviceTimeValue(sorted: Float64Array, points: [string, number][]): unknown {
  const first = formatDuration(points[0]?.[1] ?? sorted[0] ?? 0);
  // One value throughout (to the 3 digits written): a constant, not a flat empirical.
  if (points.length < 2 || points.every(([, v]) => formatDuration(v) === first)) return first;
  return { dist: 'empirical', percentiles: Object.fromEntries(points.map(([k, v]) => [k, formatDuration(v)])) };
}

function callStepValue(step: InferredStep, names: Map<string, string>): unknown {
  const call = (c: { service: string; count: number; probability: number }) => ({
    service: names.get(c.service) ?? c.service,
    ...(c.count > 1 && { count: c.count }),
    ...(c.probability < 1 && { probability: c.probability }),
  });
  return step.kind === 'call' ? call(step.call) : { parallel: step.calls.map(call) };
}
