/**
 * Scenario files built to stress the loader and the engine by their size or shape,
 * not by a wrong value: long call chains and cycles, floods of fields and references.
 * Each returns YAML text; tests write it to a temporary file.
 */

const HEADER = 'apiVersion: meshsim/v1\nkind: Scenario\nmetadata: {name: generated}\nsimulation: {duration: 1s}\n';

export interface ChainOptions {
  /** The last service calls the first (with this probability; default: no cycle). */
  readonly cycleProbability?: number;
  /** Each service's own time (default 1ms). */
  readonly serviceTime?: string;
  /** One-way delay between two workloads of the zone (default: meshsim's). */
  readonly sameZone?: string;
  readonly dataPlane?: string;
  /** `dataPlanes:` block, as flow YAML. */
  readonly dataPlanes?: string;
}

/** s0 → s1 → … → s(n−1): each service calls the next once; traffic enters at s0. */
export function chainScenario(n: number, options: ChainOptions = {}): string {
  const lines = [HEADER.trimEnd()];
  if (options.dataPlane !== undefined) lines.push(`dataPlane: ${options.dataPlane}`);
  if (options.dataPlanes !== undefined) lines.push(`dataPlanes: ${options.dataPlanes}`);
  if (options.sameZone !== undefined) lines.push(`network: {sameZone: ${options.sameZone}}`);
  lines.push('services:');
  for (let i = 0; i < n; i++) {
    lines.push(`  - name: s${i}`, `    serviceTime: ${options.serviceTime ?? '1ms'}`, '    concurrency: unlimited');
    if (i + 1 < n) lines.push(`    calls: [{service: s${i + 1}}]`);
    else if (options.cycleProbability !== undefined) lines.push(`    calls: [{service: s0, probability: ${options.cycleProbability}}]`);
  }
  lines.push('traffic: [{to: s0, rate: 2}]');
  return lines.join('\n') + '\n';
}

/** One service with `n` unknown fields (f0: 1, f1: 1, …). */
export function unknownFieldsScenario(n: number): string {
  const fields = Array.from({ length: n }, (_, i) => `    f${i}: 1`).join('\n');
  return `${HEADER}services:\n  - name: a\n    serviceTime: 1ms\n${fields}\ntraffic: [{to: a, rate: 1}]\n`;
}

/** `services` services (t0, t1, …) and one more whose calls name `n` services that do not exist. */
export function unknownReferencesScenario(n: number, services = 1): string {
  const known = Array.from({ length: services }, (_, i) => `  - {name: t${i}, serviceTime: 1ms}`).join('\n');
  const calls = Array.from({ length: n }, (_, i) => `      - service: u${i}`).join('\n');
  return `${HEADER}services:\n${known}\n  - name: a\n    serviceTime: 1ms\n    calls:\n${calls}\ntraffic: [{to: a, rate: 1}]\n`;
}
