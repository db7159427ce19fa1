import { describe, expect, it } from 'vitest';
import { InboundRequest, type ResponseSink } from '../../src/models/inboundRequest.js';
import { MeshMetrics } from '../../src/models/metrics/meshMetrics.js';
import { MeasurementWindow } from '../../src/models/metrics/measurementWindow.js';
import { buildServices } from '../../src/models/meshTopology.js';
import { Network } from '../../src/models/network.js';
import { OK, type Outcome } from '../../src/models/outcome.js';
import type { Replica } from '../../src/models/replica.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';
import { RandomStreams } from '../../src/sim/randomStreams.js';
import { Simulator } from '../../src/sim/simulator.js';

/** A replica of `server` (three workers, 10 ms of work each) and the answers it gives, in order. */
function setup() {
  const { scenario } = loadScenario('test/fixtures/models/one-replica.yaml');
  const sim = new Simulator();
  const window = new MeasurementWindow(0, 1000);
  const metrics = new MeshMetrics(window);
  const topology = buildServices(scenario, { sim, window, network: new Network(scenario.zones, scenario.network), streams: new RandomStreams(1), metrics });
  const replica = topology.replicas[0] as Replica;
  const answers: Array<[string, string | undefined]> = [];
  const request = (name: string): InboundRequest => {
    const sink: ResponseSink = { onResponse: (_req: InboundRequest, o: Outcome) => void answers.push([name, o.cause]) };
    return new InboundRequest(sim.now, replica, {}, true, sink);
  };
  return { sim, replica, answers, request };
}

describe('Replica', () => {
  it('resets what it serves when it goes down, in the order a swap-remove list keeps', () => {
    const { replica, answers, request } = setup();
    const [a, b, c] = [request('a'), request('b'), request('c')];
    for (const r of [a, b, c]) replica.accept(r);
    replica.finish(a, OK); // c takes a's place: [c, b]
    answers.length = 0;
    replica.goDown();
    expect(answers).toEqual([
      ['c', 'replicaReset'],
      ['b', 'replicaReset'],
    ]);
    expect(replica.busy).toBe(0);
  });

  it('starts queued requests as workers free up, and after going down and up serves again', () => {
    const { sim, replica, answers, request } = setup();
    const rs = ['a', 'b', 'c', 'd', 'e'].map(request);
    for (const r of rs) replica.accept(r);
    expect(replica.busy).toBe(3);
    sim.run();
    expect(answers.map(([name]) => name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(sim.now).toBeCloseTo(0.02, 9);
    replica.goDown();
    replica.goUp();
    answers.length = 0;
    const f = request('f');
    replica.accept(f);
    sim.run();
    expect(answers).toEqual([['f', 'ok']]);
    expect(replica.busy).toBe(0);
  });
});
