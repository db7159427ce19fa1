/**
 * `check:` (checkSchema.ts) → CheckSpec: every target named must exist (a service, its
 * version, enough replicas; zones; two different zones for a partition), every
 * property must be judgeable in this scenario, and the fault windows must fall inside
 * the run. Problems go to `problems` with a path into the document.
 */
import { formatDuration } from './units.js';
import { meshsimMessages } from '../policy/analysis/messages.js';
import { DEFAULT_CHECK_RUNS, DEFAULT_MAX_FAULTS, type CheckSpec, type FaultDimension, type ReplicaChoice } from './checkSpec.js';
import type { RawCheck, RawCheckFault } from './checkSchema.js';
import type { FieldPath } from './locate.js';
import type { ProblemReport } from './resolveScenario.js';
import type { Scenario, ServiceSpec } from './scenario.js';
import { sloContradictions } from './slo.js';
import { sloTargetProblems } from './sloTargets.js';

/** Resolves `raw` (the section at path ['check']); `horizon` is warm-up + duration, seconds. */
export function resolveCheck(
  raw: RawCheck,
  scenario: Pick<Scenario, 'services' | 'traffic'>,
  zoneNames: ReadonlySet<string>,
  horizon: number,
  problems: ProblemReport,
): CheckSpec {
  const properties = raw.properties ?? [];
  for (const p of [...sloContradictions(properties), ...sloTargetProblems(properties, scenario)]) {
    problems.error(['check', 'properties', p.index], p.message, p.expected);
  }
  const faults = (raw.faults ?? []).map((f, i) => resolveDimension(f, ['check', 'faults', i], scenario.services, zoneNames, horizon, problems));
  return {
    properties,
    faults,
    maxFaults: raw.maxFaults ?? (faults.length === 0 ? 0 : DEFAULT_MAX_FAULTS),
    load: raw.load ?? { min: 1, max: 1 },
    runs: raw.runs ?? DEFAULT_CHECK_RUNS,
  };
}

function resolveDimension(
  f: RawCheckFault,
  path: FieldPath,
  services: ReadonlyArray<ServiceSpec>,
  zoneNames: ReadonlySet<string>,
  horizon: number,
  problems: ProblemReport,
): FaultDimension {
  if (f.at.min >= horizon) {
    problems.error([...path, 'at'], `every start in the range is at or after the end of the run (${formatDuration(horizon)} including warm-up)`, `a start before ${formatDuration(horizon)}`);
  } else if (f.at.max >= horizon) {
    problems.warn([...path, 'at'], `starts after ${formatDuration(horizon)} fall after the end of the run (warm-up included) and have no effect`, meshsimMessages.FaultAfterRunEnds);
  }
  const window = { at: f.at, ...(f.for !== undefined && { for: f.for }) };
  const zoneKnown = (zone: string, p: FieldPath): void => {
    if (!zoneNames.has(zone)) problems.error(p, `unknown zone "${zone}"`, `one of the zones: ${[...zoneNames].join(', ')}`);
  };
  switch (f.kind) {
    case 'zone-outage':
      f.zone.forEach((z, i) => zoneKnown(z, f.zone.length === 1 ? [...path, 'zone'] : [...path, 'zone', i]));
      return { ...window, kind: 'zone-outage', zones: f.zone };
    case 'partition': {
      const pairs = isPair(f.between) ? [f.between] : f.between;
      pairs.forEach((pair, i) => {
        const p: FieldPath = isPair(f.between) ? [...path, 'between'] : [...path, 'between', i];
        zoneKnown(pair[0], [...p, 0]);
        zoneKnown(pair[1], [...p, 1]);
        if (pair[0] === pair[1]) problems.error([...p, 1], 'a zone cannot be partitioned from itself', 'two different zones');
      });
      return { ...window, kind: 'partition', pairs };
    }
    case 'crash':
    case 'slowdown':
    case 'errors': {
      const targets: ReplicaChoice[] = f.service.map((service) => ({ service, ...(f.version !== undefined && { version: f.version }) }));
      targets.forEach((t, i) => checkReplicaChoice(t, f.replicas?.max, f.service.length === 1 ? [...path, 'service'] : [...path, 'service', i], path, services, problems));
      const replicaRanges = { targets, ...(f.replicas !== undefined && { replicas: f.replicas }) };
      if (f.kind === 'crash') return { ...window, ...replicaRanges, kind: 'crash' };
      if (f.kind === 'slowdown') return { ...window, ...replicaRanges, kind: 'slowdown', factor: f.factor };
      return { ...window, ...replicaRanges, kind: 'errors', rate: f.rate };
    }
  }
}

function isPair(between: readonly [string, string] | ReadonlyArray<readonly [string, string]>): between is readonly [string, string] {
  return typeof between[0] === 'string';
}

function checkReplicaChoice(
  target: ReplicaChoice,
  replicasMax: number | undefined,
  servicePath: FieldPath,
  path: FieldPath,
  services: ReadonlyArray<ServiceSpec>,
  problems: ProblemReport,
): void {
  const service = services.find((s) => s.name === target.service);
  if (service === undefined) {
    problems.error(servicePath, `unknown service "${target.service}"`, `one of the services: ${services.map((s) => s.name).join(', ')}`);
    return;
  }
  const matching = target.version === undefined ? service.versions : service.versions.filter((v) => v.name === target.version);
  if (matching.length === 0) {
    problems.error([...path, 'version'], `unknown version "${target.version}" of service "${service.name}"`, `one of: ${service.versions.map((v) => v.name).join(', ')}`);
    return;
  }
  const available = matching.reduce((n, v) => n + v.replicaZones.length, 0);
  if (replicasMax !== undefined && replicasMax > available) {
    problems.error([...path, 'replicas'], `up to ${replicasMax} replicas targeted, but "${service.name}" has only ${available}`, `at most ${available}`);
  }
}
