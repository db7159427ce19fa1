import { describe, expect, it } from 'vitest';
import { countsOf, splitProportionally, spreadOverZones, withLoad, withReplicaCounts, zoneSetOf } from '../../../src/experiments/planning/replicaCounts.js';
import { scenarioFrom } from './planFixtures.js';

const THREE_ZONES = `apiVersion: meshsim/v1
kind: Scenario
metadata: {name: layout}
simulation: {duration: 1s, warmup: 0s, seed: 1}
zones:
  - {name: a, region: r}
  - {name: b, region: r}
  - {name: c, region: r}
services:
  - name: spread
    replicas: 1
    serviceTime: 1ms
  - name: zonal
    replicas: {b: 2, c: 1}
    serviceTime: 1ms
  - name: versioned
    serviceTime: 1ms
    versions:
      - {name: v1, replicas: 5}
      - {name: v2, replicas: 1}
traffic:
  - {to: spread, rate: [{at: 0s, rate: 10}, {at: 1s, rate: 20}]}
`;

describe('replica counts and their layout', () => {
  const { scenario } = scenarioFrom(THREE_ZONES);

  it('splits in proportion by largest remainder, every positive weight keeping one', () => {
    expect(splitProportionally(6, [5, 1])).toEqual([5, 1]);
    expect(splitProportionally(12, [5, 1])).toEqual([10, 2]);
    expect(splitProportionally(2, [5, 1])).toEqual([1, 1]);
    expect(splitProportionally(7, [2, 2, 2])).toEqual([3, 2, 2]);
    expect(splitProportionally(3, [0, 4])).toEqual([0, 3]);
  });

  it('spreads over zones balanced, the remainder to the first', () => {
    expect(spreadOverZones(5, ['a', 'b', 'c'])).toEqual({ a: 2, b: 2, c: 1 });
  });

  it('a version placed like `replicas: N` stays spread over every zone; a zonal one stays in its zones', () => {
    const [spread, zonal] = scenario.services;
    expect(zoneSetOf(spread!.versions[0]!, scenario.zones)).toEqual(['a', 'b', 'c']);
    expect(zoneSetOf(zonal!.versions[0]!, scenario.zones)).toEqual(['b', 'c']);
    const grown = withReplicaCounts(scenario, { spread: 4, zonal: 5 });
    expect(grown.services[0]!.versions[0]!.replicaZones).toEqual(['a', 'b', 'c', 'a']);
    expect(grown.services[1]!.versions[0]!.replicaZones).toEqual(['b', 'c', 'b', 'c', 'b']);
  });

  it('versions keep their shares, and the file counts reproduce the file', () => {
    expect(countsOf(scenario)).toEqual({ spread: 1, zonal: 3, versioned: 6 });
    expect(withReplicaCounts(scenario, countsOf(scenario))).toEqual(scenario);
    const v = withReplicaCounts(scenario, { versioned: 12 }).services[2]!.versions;
    expect(v.map((x) => x.replicaZones.length)).toEqual([10, 2]);
  });

  it('scales every step of every rate schedule by the load', () => {
    expect(withLoad(scenario, 1.5).traffic[0]!.rate).toEqual([
      { at: 0, rate: 15 },
      { at: 1, rate: 30 },
    ]);
  });
});
