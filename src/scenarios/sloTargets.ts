/**
 * Objectives checked against one scenario: a service they name must exist, and must
 * receive traffic — a percentile or availability of a service no request reaches can
 * never be judged, so it is bad input rather than a vacuous "holds".
 */
import type { Scenario } from './scenario.js';
import type { Slo, SloProblem } from './slo.js';

/** Services some traffic source can reach through calls made with non-zero probability (breadth first). */
export function servicesReachedByTraffic(scenario: Pick<Scenario, 'services' | 'traffic'>): Set<string> {
  const byName = new Map(scenario.services.map((s) => [s.name, s]));
  const reached = new Set<string>();
  const queue: string[] = [];
  const visit = (name: string): void => {
    if (reached.has(name) || !byName.has(name)) return;
    reached.add(name);
    queue.push(name);
  };
  for (const t of scenario.traffic) if (t.rate.some((step) => step.rate > 0)) visit(t.to);
  for (let i = 0; i < queue.length; i++) {
    for (const version of byName.get(queue[i] as string)?.versions ?? []) {
      if (version.replicaZones.length === 0) continue;
      for (const step of version.calls) {
        for (const call of step.kind === 'parallel' ? step.calls : [step]) if (call.probability > 0 && call.count > 0) visit(call.service);
      }
    }
  }
  return reached;
}

/** Objectives naming a service the scenario lacks, or one no traffic reaches. */
export function sloTargetProblems(slos: ReadonlyArray<Slo>, scenario: Pick<Scenario, 'services' | 'traffic'>): SloProblem[] {
  const names = scenario.services.map((s) => s.name);
  const known = new Set(names);
  const reached = servicesReachedByTraffic(scenario);
  const problems: SloProblem[] = [];
  slos.forEach((s, index) => {
    if (s.scope.kind !== 'service') return;
    const service = s.scope.service;
    if (!known.has(service)) {
      const shown = names.length <= 12 ? names.join(', ') : `${names.slice(0, 12).join(', ')}, …`;
      problems.push({ index, message: `'${s.text}' names service "${service}", which the scenario does not have`, expected: `one of: ${shown}` });
    } else if (!reached.has(service)) {
      problems.push({ index, message: `'${s.text}' can never be judged: no traffic reaches service "${service}"`, expected: 'a service that a traffic source calls, directly or through other services' });
    }
  });
  return problems;
}
