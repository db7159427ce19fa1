/**
 * Faults of a scenario: the window (`at`, `for`; absent `for` = until the end of the
 * run) and the target, checked against the services, versions, replicas and zones the
 * scenario declares.
 */
import { formatDuration } from './units.js';
import type { FieldPath } from './locate.js';
import { listNames } from './messageLog.js';
import type { ProblemReport } from './resolveScenario.js';
import type { FaultSpec, ServiceSpec } from './scenario.js';
import type { RawFault } from './scenarioSchema.js';
import { meshsimMessages } from '../policy/analysis/messages.js';

/** Resolves one fault; `horizon` is warm-up + duration (seconds), for the "starts after the run" warning. */
export function resolveFault(
  f: RawFault,
  path: FieldPath,
  services: ReadonlyArray<ServiceSpec>,
  zoneNames: ReadonlySet<string>,
  horizon: number,
  problems: ProblemReport,
): FaultSpec {
  const window = { at: f.at, for: f.for ?? Number.POSITIVE_INFINITY };
  if (f.at >= horizon) {
    problems.warn([...path, 'at'], `starts at ${formatDuration(f.at)}, after the run ends (${formatDuration(horizon)} including warm-up); it has no effect`, meshsimMessages.FaultAfterRunEnds);
  }
  const zoneKnown = (zone: string, p: FieldPath): void => {
    if (!zoneNames.has(zone)) problems.error(p, `unknown zone "${zone}"`, `one of the zones: ${listNames(zoneNames)}`);
  };
  switch (f.kind) {
    case 'zone-outage':
      zoneKnown(f.zone, [...path, 'zone']);
      return { ...window, kind: 'zone-outage', zone: f.zone };
    case 'partition':
      zoneKnown(f.between[0], [...path, 'between', 0]);
      zoneKnown(f.between[1], [...path, 'between', 1]);
      if (f.between[0] === f.between[1]) problems.error([...path, 'between', 1], `a zone cannot be partitioned from itself`, 'two different zones');
      return { ...window, kind: 'partition', between: [f.between[0], f.between[1]] };
    case 'crash':
    case 'slowdown':
    case 'errors': {
      const target = {
        service: f.service,
        ...(f.version === undefined ? {} : { version: f.version }),
        ...(f.replicas === undefined ? {} : { replicas: f.replicas }),
      };
      checkTarget(target, path, services, problems);
      if (f.kind === 'crash') return { ...window, kind: 'crash', ...target };
      if (f.kind === 'slowdown') return { ...window, kind: 'slowdown', factor: f.factor, ...target };
      return { ...window, kind: 'errors', rate: f.rate, ...target };
    }
  }
}

function checkTarget(
  target: { service: string; version?: string; replicas?: number },
  path: FieldPath,
  services: ReadonlyArray<ServiceSpec>,
  problems: ProblemReport,
): void {
  const service = services.find((s) => s.name === target.service);
  if (service === undefined) {
    problems.error([...path, 'service'], `unknown service "${target.service}"`, `one of the services: ${listNames(services.map((s) => s.name))}`);
    return;
  }
  let matching = service.versions;
  if (target.version !== undefined) {
    matching = service.versions.filter((v) => v.name === target.version);
    if (matching.length === 0) {
      const expected = service.implicitVersion
        ? `no version: service "${service.name}" has no versions`
        : `one of the versions of "${service.name}": ${listNames(service.versions.map((v) => v.name))}`;
      problems.error([...path, 'version'], `unknown version "${target.version}" of service "${service.name}"`, expected);
      return;
    }
  }
  const available = matching.reduce((n, v) => n + v.replicaZones.length, 0);
  if (target.replicas !== undefined && target.replicas > available) {
    problems.error([...path, 'replicas'], `${target.replicas} replicas targeted, but only ${available} exist`, `at most ${available}`);
  }
}
