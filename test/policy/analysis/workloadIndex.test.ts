import { describe, expect, it } from 'vitest';
import type { MeshView, WorkloadView } from '../../../src/policy/analysis/meshView.js';
import { labelsMatch } from '../../../src/policy/analysis/meshView.js';
import { WorkloadIndex } from '../../../src/policy/analysis/workloadIndex.js';

const w = (name: string, namespace: string, labels: Record<string, string>): WorkloadView => ({ name, namespace, labels });
const workloads = [
  w('reviews-v1', 'default', { app: 'reviews', version: 'v1' }),
  w('reviews-v2', 'default', { app: 'reviews', version: 'v2' }),
  w('ratings', 'default', { app: 'ratings', version: 'v1' }),
  w('reviews-v1', 'prod', { app: 'reviews', version: 'v1' }),
];
const mesh: MeshView = { services: [{ name: 'reviews', namespace: 'default', selector: { app: 'reviews' } }], workloads, namespaces: new Set(['default', 'prod']), complete: true, source: 'test' };
const index = new WorkloadIndex(mesh);

describe('WorkloadIndex', () => {
  it('selects exactly what a scan with the selector selects, in a namespace or anywhere', () => {
    const selectors: Record<string, string>[] = [{}, { app: 'reviews' }, { version: 'v1' }, { app: 'reviews', version: 'v1' }, { app: 'nothing' }, { app: 'reviews', version: 'v3' }];
    for (const selector of selectors) {
      for (const namespace of ['default', 'prod', 'empty', undefined]) {
        const scan = workloads.filter((x) => (namespace === undefined || x.namespace === namespace) && labelsMatch(selector, x.labels));
        expect(index.select(selector, namespace), `${JSON.stringify(selector)} in ${namespace}`).toEqual(scan);
      }
    }
  });

  it('finds a service\'s workloads with its selector and a subset\'s labels, in its namespace only', () => {
    const service = mesh.services[0]!;
    expect(index.ofService(service).map((x) => x.name)).toEqual(['reviews-v1', 'reviews-v2']);
    expect(index.ofService(service, { version: 'v1' }).map((x) => `${x.namespace}/${x.name}`)).toEqual(['default/reviews-v1']);
    expect(index.ofService({ name: 'external', namespace: 'default' })).toEqual([]);
    expect([index.has('prod'), index.has('empty')]).toEqual([true, false]);
  });
});
