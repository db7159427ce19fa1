import { describe, expect, it } from 'vitest';
import { compileYaml } from './policyFixtures.js';

/**
 * Several DestinationRules for one host in one namespace are merged as pilot merges them
 * (PushContext.mergeDestinationRule): subsets concatenated, the first definition of a
 * name wins, the oldest top-level trafficPolicy wins; rules with a different exportTo stay apart.
 */
const rules = (second: string, secondExport = '') => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, creationTimestamp: "2024-01-01T00:00:00Z"}
spec:
  host: reviews
  trafficPolicy: {loadBalancer: {simple: RANDOM}}
  subsets:
    - {name: v1, labels: {version: v1}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews-more, creationTimestamp: "2024-02-01T00:00:00Z"}
spec:
  host: reviews.default.svc.cluster.local${secondExport}
  trafficPolicy: {loadBalancer: {simple: LEAST_REQUEST}}
  subsets:
${second}
`;

describe('merged DestinationRules', () => {
  it('see the subsets of both rules, the first definition of a name winning', () => {
    const { policy } = compileYaml(rules('    - {name: v1, labels: {version: v9}}\n    - {name: v2, labels: {version: v2}}'));
    expect(policy.subsetSelector('reviews', 'v2')).toEqual({ version: 'v2' });
    expect(policy.subsetSelector('reviews', 'v1')).toEqual({ version: 'v1' });
  });

  it('apply the oldest rule\'s top-level traffic policy', () => {
    const { policy } = compileYaml(rules('    - {name: v2, labels: {version: v2}}'));
    expect(policy.destinationPolicy('reviews').loadBalancer.algorithm).toBe('RANDOM');
    expect(policy.destinationPolicy('reviews', { subset: 'v2' }).destinationRule).toBe('default/reviews');
  });

  it('stay apart when their exportTo differs (ENABLE_ENHANCED_DESTINATIONRULE_MERGE)', () => {
    const { policy } = compileYaml(rules('    - {name: v2, labels: {version: v2}}', '\n  exportTo: ["."]'));
    // The older rule is picked alone (same specificity, oldest first): v2 is not there.
    expect(policy.subsetSelector('reviews', 'v2')).toBeUndefined();
  });
});
