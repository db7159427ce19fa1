import { expect } from 'vitest';
import type { Endpoint } from '../../src/policy/endpoint.js';
import { createLoadBalancer } from '../../src/policy/loadBalancing/createLoadBalancer.js';
import type { ClusterLoadBalancer } from '../../src/policy/loadBalancing/clusterLoadBalancer.js';
import { localityKey } from '../../src/policy/loadBalancing/localityDistribute.js';
import type { Locality } from '../../src/policy/request.js';
import { seeded } from '../policy/policyFixtures.js';
import { compileDocs, dr, FILES, policyOf, type PeerCase } from './peerCase.js';

/**
 * loadbalancer_test.go: the priorities and weights Istio gives one caller's cluster.
 * Checked the way a caller proxy builds its balancer: destinationPolicy(...).loadBalancer
 * handed to createLoadBalancer with the caller's locality, labels and outlier settings.
 */
const loc = (region: string, zone = '', subzone = ''): Locality => ({ region, zone, subzone });
const CALLER = loc('region1', 'zone1', 'subzone1');
let nextId = 0;
const ep = (l: Locality, address: string, labels: Record<string, string> = {}): Endpoint => ({ id: nextId++, labels, locality: l, weight: 1, address });
/** buildFakeCluster: seven localities (the first twice). */
const fake = (): Endpoint[] => [
  ep(loc('region1', 'zone1', 'subzone1'), '10.0.0.1'), ep(loc('region1', 'zone1', 'subzone1'), '10.0.0.2'),
  ep(loc('region1', 'zone1', 'subzone2'), '10.0.0.3'), ep(loc('region1', 'zone1', 'subzone3'), '10.0.0.4'),
  ep(loc('region1', 'zone2'), '10.0.0.5'), ep(loc('region2'), '10.0.0.6'), ep(loc('region3'), '10.0.0.7'),
];
/** buildWrappedLocalityLbEndpoints: six endpoints in three localities with network/cluster labels. */
const labelled = (): Endpoint[] => [
  ep(loc('region1', 'zone1', 'subzone1'), '1.1.1.1', { 'topology.istio.io/network': 'n1', 'topology.istio.io/cluster': 'c1' }),
  ep(loc('region1', 'zone1', 'subzone1'), '2.2.2.2', { key: 'value', 'topology.istio.io/network': 'n2', 'topology.istio.io/cluster': 'c2' }),
  ep(loc('region2', 'zone2', 'subzone2'), '3.3.3.3', { key: 'value', 'topology.istio.io/network': 'n1', 'topology.istio.io/cluster': 'c3' }),
  ep(loc('region2', 'zone2', 'subzone2'), '4.4.4.4', { key: 'value', 'topology.istio.io/network': 'n2', 'topology.istio.io/cluster': 'c4' }),
  ep(loc('region3', 'zone3', 'subzone3'), '1.2.3.4', { key: 'value', 'topology.istio.io/network': 'n1', 'topology.istio.io/cluster': 'c1' }),
  ep(loc('region3', 'zone3', 'subzone3'), '2.3.4.5', { key: 'value', 'topology.istio.io/network': 'n2', 'topology.istio.io/cluster': 'c2' }),
];

/** The balancer a caller at CALLER (with `labels`) builds toward `reviews` under `trafficPolicy`. */
function balancer(trafficPolicy: object | undefined, endpoints: Endpoint[], labels: Record<string, string> = { app: 'productpage' }): ClusterLoadBalancer {
  const p = policyOf(dr({ host: 'reviews', ...(trafficPolicy ? { trafficPolicy } : {}) }));
  const d = p.destinationPolicy('reviews');
  return createLoadBalancer(d.loadBalancer, endpoints, seeded(1), {
    callerLocality: CALLER,
    callerLabels: labels,
    ...(d.outlierDetection ? { outlierDetection: { minHealthPercent: d.outlierDetection.healthyPanicThreshold } } : {}),
    localClusterHostsPerZone: new Map([['zone1', 3], ['zone2', 1]]),
  });
}
/** Priority of each endpoint (by address), in input order. */
const priorities = (lb: ClusterLoadBalancer, endpoints: Endpoint[]): number[] => endpoints.map((e) => lb.plan.levels.findIndex((l) => l.includes(e)));
const od = { outlierDetection: { consecutive5xxErrors: 5 } };
const T = 'TestApplyLocalitySetting';

const failoverPriorityCase = (name: string, failoverPriority: string[], labels: Record<string, string>, want: number[]): PeerCase => ({
  family: 'locality', file: FILES.lb, test: `${T}/FailoverPriority/${name}`,
  expectation: `failoverPriority ${JSON.stringify(failoverPriority)}, caller ${JSON.stringify(labels)}: priorities ${JSON.stringify(want)} for 1.1.1.1, 2.2.2.2, 3.3.3.3, 4.4.4.4, 1.2.3.4, 2.3.4.5`,
  check: () => {
    const eps = labelled();
    expect(priorities(balancer({ loadBalancer: { localityLbSetting: { failoverPriority } }, ...od }, eps, labels), eps)).toEqual(want);
  },
});

export const localityCases: PeerCase[] = [
  {
    family: 'locality', file: FILES.lb, test: `${T}/Distribute/distribution between subzones`,
    expectation: 'from region1/zone1/subzone1 to subzone1 80, subzone2 15, subzone3 5: those weights, every other locality gets 0',
    check: () => {
      const eps = fake();
      const lb = balancer({ loadBalancer: { localityLbSetting: { distribute: [{ from: 'region1/zone1/subzone1', to: { 'region1/zone1/subzone1': 80, 'region1/zone1/subzone2': 15, 'region1/zone1/subzone3': 5 } }] } } }, eps);
      const w = lb.plan.localityWeights;
      expect([w?.get(localityKey(loc('region1', 'zone1', 'subzone1'))), w?.get(localityKey(loc('region1', 'zone1', 'subzone2'))), w?.get(localityKey(loc('region1', 'zone1', 'subzone3')))]).toEqual([80, 15, 5]);
      expect(lb.plan.levels.flat().map((e) => e.address).sort()).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']);
    },
  },
  {
    family: 'locality', file: FILES.lb, test: `${T}/Failover: all priorities`,
    expectation: 'failover region1→region2 from region1/zone1/subzone1: same subzone 0, same zone 1, same region 2, region2 3, region3 4',
    check: () => {
      const eps = fake();
      expect(priorities(balancer({ loadBalancer: { localityLbSetting: { failover: [{ from: 'region1', to: 'region2' }] } }, ...od }, eps), eps)).toEqual([0, 0, 1, 1, 2, 3, 4]);
    },
  },
  {
    family: 'locality', file: FILES.lb, test: `${T}/Failover: priorities with gaps`,
    expectation: 'with only region1/zone1/subzone2 and region2 endpoints, priorities compact to 0 and 1',
    check: () => {
      const eps = [ep(loc('region1', 'zone1', 'subzone2'), 'a'), ep(loc('region2', 'zone1', 'subzone2'), 'b'), ep(loc('region2', 'zone1', 'subzone2'), 'c')];
      expect(priorities(balancer({ loadBalancer: { localityLbSetting: { failover: [{ from: 'region1', to: 'region2' }] } }, ...od }, eps), eps)).toEqual([0, 1, 1]);
    },
  },
  {
    family: 'locality', file: FILES.lb, test: `${T}/Failover: priorities with some nil localities`,
    expectation: 'an endpoint without a locality ranks last (2), after region1 (0) and the failover region2 (1)',
    check: () => {
      const eps = [ep(loc('region1', 'zone1', 'subzone2'), 'a'), ep(loc('region2', 'zone1', 'subzone2'), 'b'), ep(loc(''), 'c')];
      expect(priorities(balancer({ loadBalancer: { localityLbSetting: { failover: [{ from: 'region1', to: 'region2' }] } }, ...od }, eps), eps)).toEqual([0, 1, 2]);
    },
  },
  {
    family: 'locality', file: FILES.lb, test: `${T}/Failover: with locality lb disabled`,
    expectation: 'localityLbSetting enabled: false — every endpoint at priority 0',
    check: () => {
      const eps = fake();
      expect(priorities(balancer({ loadBalancer: { localityLbSetting: { enabled: false } }, ...od }, eps), eps)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    },
  },
  failoverPriorityCase('match none label', ['topology.istio.io/network', 'topology.istio.io/cluster'], { 'topology.istio.io/network': 'test', 'topology.istio.io/cluster': 'test' }, [0, 0, 0, 0, 0, 0]),
  failoverPriorityCase('match network label', ['topology.istio.io/network', 'topology.istio.io/cluster'], { 'topology.istio.io/network': 'n1', 'topology.istio.io/cluster': 'test' }, [0, 1, 0, 1, 0, 1]),
  failoverPriorityCase('not match the first n label', ['topology.istio.io/network', 'topology.istio.io/cluster'], { 'topology.istio.io/network': 'test', 'topology.istio.io/cluster': 'c1' }, [0, 1, 1, 1, 0, 1]),
  failoverPriorityCase('match all labels', ['key', 'topology.istio.io/network', 'topology.istio.io/cluster'], { key: 'value', 'topology.istio.io/network': 'n2', 'topology.istio.io/cluster': 'c2' }, [3, 0, 2, 1, 2, 0]),
  failoverPriorityCase('priority assignment as per the overridden value', ['topology.istio.io/network=n1'], { 'topology.istio.io/network': 'n2' }, [0, 1, 0, 1, 0, 1]),
  failoverPriorityCase('no endpoints with overridden value', ['topology.istio.io/network=n3'], { 'topology.istio.io/network': 'n1' }, [0, 0, 0, 0, 0, 0]),
  {
    family: 'locality', file: FILES.lb, test: 'TestApplyZoneAwareLoadBalancer/zone-aware without explicit failover still region-buckets',
    expectation: 'zone-aware (enabled): every region1 endpoint at 0, the other regions at 1',
    check: () => {
      const eps = fake();
      expect(priorities(balancer({ loadBalancer: { zoneAwareLbSetting: { enabled: true } } }, eps), eps)).toEqual([0, 0, 0, 0, 0, 1, 1]);
    },
  },
  {
    family: 'locality', file: FILES.lb, test: 'TestApplyZoneAwareLoadBalancer/zone-aware Failover keeps same-region endpoints at priority 0',
    expectation: 'zone-aware with failover region1→region2 and no `enabled` (absent means on): region1 0, region2 1, region3 2',
    check: () => {
      const eps = fake();
      const lb = balancer({ loadBalancer: { zoneAwareLbSetting: { failover: [{ from: 'region1', to: 'region2' }] } }, ...od }, eps);
      expect(priorities(lb, eps)).toEqual([0, 0, 0, 0, 0, 1, 2]);
      expect(lb.options.zoneAware).toBeDefined();
    },
  },
  {
    family: 'locality', file: FILES.lb, test: 'TestApplyZoneAwareLoadBalancer/zone-aware Failover with no matching rule compacts to two priorities',
    expectation: 'a failover rule from another region does not apply: region1 0, all others 1',
    check: () => {
      const eps = fake();
      expect(priorities(balancer({ loadBalancer: { zoneAwareLbSetting: { failover: [{ from: 'region9', to: 'region2' }] } }, ...od }, eps), eps)).toEqual([0, 0, 0, 0, 0, 1, 1]);
    },
  },
  {
    family: 'locality', file: FILES.lb, test: 'TestApplyZoneAwareLoadBalancer/zone-aware FailoverPriority delegates to label-based priority',
    expectation: 'zone-aware failoverPriority [network, cluster] from a caller on n1/c1: label priorities apply, some endpoint at 0 (the caller\'s match)',
    check: () => {
      const eps = labelled();
      const p = priorities(balancer({ loadBalancer: { zoneAwareLbSetting: { failoverPriority: ['topology.istio.io/network', 'topology.istio.io/cluster'] } }, ...od }, eps, { 'topology.istio.io/network': 'n1', 'topology.istio.io/cluster': 'c1' }), eps);
      expect(p[0]).toBe(0);
      // Label level × 3 + region bucket: 1.1.1.1 (n1/c1, own region) before 1.2.3.4 (n1/c1, other region).
      expect((p[4] ?? -1) > 0).toBe(true);
    },
  },
  {
    family: 'locality', file: FILES.clusterPolicy, test: 'TestApplyZoneAwareLoadBalancer/disabled',
    expectation: 'zoneAwareLbSetting enabled: false — routing_enabled 0% and priorities untouched (all 0)',
    check: () => {
      const eps = fake();
      const lb = balancer({ loadBalancer: { zoneAwareLbSetting: { enabled: false } }, ...od }, eps);
      expect([priorities(lb, eps), lb.options.zoneAware]).toEqual([[0, 0, 0, 0, 0, 0, 0], undefined]);
    },
  },
  {
    family: 'locality', file: FILES.lb, test: 'TestGetEffectiveLbSetting/dr zone-aware disabled overrides mesh locality enabled',
    expectation: 'a DestinationRule zoneAwareLbSetting {enabled: false} wins over the mesh\'s locality setting: no locality failover, no zone routing',
    check: () => {
      const eps = fake();
      const lb = balancer({ loadBalancer: { zoneAwareLbSetting: { enabled: false } }, ...od }, eps);
      expect([lb.plan.reason, lb.plan.levels.length]).toEqual(['ZoneAwareDisabled', 1]);
    },
  },
  {
    family: 'locality', file: FILES.lb, test: 'TestGetEffectiveLbSetting/dr zone-aware only',
    expectation: 'a DestinationRule zone-aware setting applies (forced failover, routing enabled)',
    check: () => expect(balancer({ loadBalancer: { zoneAwareLbSetting: { failover: [{ from: 'region1', to: 'region2' }] } }, ...od }, fake()).plan.reason).toBe('ZoneAwareRegions'),
  },
  {
    family: 'locality', file: FILES.lb, test: 'TestGetEffectiveLbSetting/dr zone-aware wins over mesh locality',
    expectation: 'DestinationRule zone-aware beats the mesh locality default',
    check: () => expect(balancer({ loadBalancer: { zoneAwareLbSetting: {} } }, fake()).plan.reason).toBe('ZoneAwareRegions'),
  },
  {
    family: 'locality', file: FILES.lb, test: 'TestGetEffectiveLbSetting/dr locality disabled overrides mesh locality enabled',
    expectation: 'localityLbSetting enabled: false in the DestinationRule turns locality LB off',
    check: () => expect(balancer({ loadBalancer: { localityLbSetting: { enabled: false } }, ...od }, fake()).plan.reason).toBe('LocalityLbDisabled'),
  },
  {
    family: 'locality', file: FILES.lb, test: 'TestGetEffectiveLbSetting/dr locality wins over mesh locality',
    expectation: 'the DestinationRule\'s failover replaces the mesh default',
    check: () => {
      const eps = fake();
      expect(priorities(balancer({ loadBalancer: { localityLbSetting: { failover: [{ from: 'region1', to: 'region3' }] } }, ...od }, eps), eps)).toEqual([0, 0, 1, 1, 2, 4, 3]);
    },
  },
  {
    family: 'locality', file: FILES.lb, test: 'TestGetEffectiveLbSetting/mesh locality only',
    expectation: 'no DestinationRule setting: the mesh default (enabled) applies, and with outlier detection the default failover runs',
    check: () => {
      const eps = fake();
      expect(priorities(balancer(od, eps), eps)).toEqual([0, 0, 1, 1, 2, 3, 3]);
    },
  },
  ...['mesh locality disabled', 'dr locality enabled overrides mesh locality disabled', 'mesh zone-aware only', 'dr zone-aware wins over mesh zone-aware', 'dr locality wins over mesh zone-aware', 'mesh zone-aware wins over mesh locality when both set', 'mesh zone-aware disabled', 'mesh zone-aware disabled wins over mesh locality enabled', 'dr zone-aware enabled overrides mesh zone-aware disabled'].map(
    (name): PeerCase => ({ family: 'locality', file: FILES.lb, test: `TestGetEffectiveLbSetting/${name}`, expectation: 'the effective setting from mesh and DestinationRule settings', notModeled: 'MeshConfig: meshsim runs with Istio\'s default mesh config (locality LB enabled, no mesh zone-aware setting)' }),
  ),
  ...['prefer same zone service over mesh locality', 'prefer same node service over mesh locality'].map(
    (name): PeerCase => ({ family: 'locality', file: FILES.lb, test: `TestGetEffectiveLbSetting/${name}`, expectation: 'a Service trafficDistribution (PreferSameZone / PreferSameNode) becomes forced failoverPriority [network, region, zone(, subzone, hostname)]', notModeled: 'Kubernetes Service trafficDistribution is not part of a scenario' }),
  ),
  {
    family: 'locality', file: FILES.agent, test: 'TestValidateLocalityLbSetting/outlier detection required for failover (warning)',
    expectation: 'failover without outlierDetection is accepted with the warning "outlier detection policy must be provided for failover"',
    check: () => {
      const c = compileDocs(dr({ host: 'reviews', trafficPolicy: { loadBalancer: { localityLbSetting: { failover: [{ from: 'region1', to: 'region2' }] } } } }));
      expect([c.errors.length, c.warnings.some((w) => /outlierDetection/.test(w.message))]).toEqual([0, true]);
    },
  },
];
