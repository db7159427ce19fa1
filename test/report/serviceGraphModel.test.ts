import { describe, expect, it } from 'vitest';
import { serviceGraph } from '../../src/report/serviceGraphModel.js';
import { resultsFor } from './serviceGraphFixture.js';

describe('the service graph taken from the results', () => {
  it('has a node per service and per traffic source, and per-replication rates on the edges', () => {
    const g = serviceGraph(resultsFor([['users', 'front', 400], ['front', 'back', 200, 20], ['bots', 'front', 100]], ['front', 'back', 'idle']));
    expect(g.nodes.map((n) => [n.id, n.kind, n.rate])).toEqual([
      ['bots', 'source', 5],
      ['users', 'source', 20],
      ['front', 'service', 50],
      ['back', 'service', 50],
      ['idle', 'service', 50],
    ]);
    expect(g.edges[1]).toEqual({ from: 'front', to: 'back', rate: 10, errorRate: 0.1, crossZone: 0.25, p99: 0.01 });
    expect(g.cut).toBe(false);
    expect(g.nodes.find((n) => n.id === 'front')).toMatchObject({ availability: 0.99, p99: 0.02 });
  });

  it('keeps the busiest edges within the node limit past it, and says how many there were', () => {
    // A fan of 100 services called by one gateway, edge i carrying i requests.
    const services = Array.from({ length: 100 }, (_, i) => `s${i}`);
    const edges = services.map((s, i): [string, string, number] => ['gateway', s, i + 1]);
    const g = serviceGraph(resultsFor(edges, ['gateway', ...services]), { maxNodes: 11, maxEdges: 50 });
    expect(g.cut).toBe(true);
    expect(g.totalNodes).toBe(101);
    expect(g.totalEdges).toBe(100);
    expect(g.nodes).toHaveLength(11);
    expect(g.edges.map((e) => e.to)).toEqual(services.slice(90).reverse());
    // The edge limit binds too.
    expect(serviceGraph(resultsFor(edges, ['gateway', ...services]), { maxNodes: 1000, maxEdges: 7 }).edges).toHaveLength(7);
  });
});
