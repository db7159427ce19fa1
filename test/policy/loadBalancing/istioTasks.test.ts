import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { Diagnostics } from '../../../src/policy/diagnostics.js';
import type { Endpoint } from '../../../src/policy/endpoint.js';
import { compileLoadBalancer } from '../../../src/policy/loadBalancing/compileLoadBalancer.js';
import { createLoadBalancer } from '../../../src/policy/loadBalancing/createLoadBalancer.js';
import { endpoint, loc, seeded } from './lbTestKit.js';

/**
 * The istio.io locality load-balancing tasks, end to end: the DestinationRules as published,
 * the helloworld deployments (one pod per locality) and the sleep client in region1/zone1.
 * The DestinationRules ship with the repo (scenarios/istio/SOURCES.md).
 */
const TASKS = fileURLToPath(new URL('../../../scenarios/istio/locality-load-balancing', import.meta.url));

function loadBalancerOf(file: string): { lb: unknown; hasOutlierDetection: boolean } {
  const dr = parse(readFileSync(`${TASKS}/${file}`, 'utf8')) as { spec: { trafficPolicy: { loadBalancer: unknown; outlierDetection?: unknown } } };
  return { lb: dr.spec.trafficPolicy.loadBalancer, hasOutlierDetection: dr.spec.trafficPolicy.outlierDetection !== undefined };
}

const pods = [
  endpoint(1, { locality: loc('region1', 'zone1') }),
  endpoint(2, { locality: loc('region1', 'zone2') }),
  endpoint(3, { locality: loc('region2', 'zone3') }),
  endpoint(4, { locality: loc('region3', 'zone4') }),
];
const sleep = loc('region1', 'zone1');
const where = (e: Endpoint | undefined): string => (e === undefined ? 'none' : `${e.locality.region}.${e.locality.zone}`);

describe('istio.io task: locality failover', () => {
  const { lb, hasOutlierDetection } = loadBalancerOf('failover/01-destinationrule-helloworld-failover.yaml');
  const diag = new Diagnostics(0);
  const config = compileLoadBalancer(lb, ['spec', 'trafficPolicy', 'loadBalancer'], diag);

  it('compiles cleanly', () => {
    expect(diag.items).toEqual([]);
    expect(hasOutlierDetection).toBe(true);
  });

  it('fails over zone1 → zone2 → region2 (the failover target) → region3 as pods are drained', () => {
    const balancer = createLoadBalancer(config, pods, seeded('seed'), { callerLocality: sleep, outlierDetection: { minHealthPercent: 0 } });
    const rnd = seeded('task');
    const seen: string[] = [];
    for (let drained = 0; drained < 4; drained++) {
      const healthy = pods.slice(drained);
      const answers = new Set(Array.from({ length: 200 }, () => where(balancer.pick({ hosts: healthy, random: rnd }))));
      expect(answers.size).toBe(1);
      seen.push([...answers][0] as string);
    }
    expect(seen).toEqual(['region1.zone1', 'region1.zone2', 'region2.zone3', 'region3.zone4']);
  });
});

describe('istio.io task: locality weighted distribution', () => {
  const { lb } = loadBalancerOf('distribute/01-destinationrule-helloworld-distribute.yaml');
  const diag = new Diagnostics(0);
  const config = compileLoadBalancer(lb, ['spec', 'trafficPolicy', 'loadBalancer'], diag);

  it('sends 70% to region1/zone1, 20% to region1/zone2, 10% to region3/zone4, nothing to region2', () => {
    expect(diag.items).toEqual([]);
    const balancer = createLoadBalancer(config, pods, seeded('seed'), { callerLocality: sleep, outlierDetection: { minHealthPercent: 0 } });
    const rnd = seeded('dist');
    const n = 10_000;
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const w = where(balancer.pick({ hosts: pods, random: rnd }));
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    // Locality choice is Envoy's EDF rotation: exact to one pick.
    expect(Math.abs((counts.get('region1.zone1') ?? 0) - 7000)).toBeLessThanOrEqual(1);
    expect(Math.abs((counts.get('region1.zone2') ?? 0) - 2000)).toBeLessThanOrEqual(1);
    expect(Math.abs((counts.get('region3.zone4') ?? 0) - 1000)).toBeLessThanOrEqual(1);
    expect(counts.get('region2.zone3')).toBeUndefined();
  });
});
