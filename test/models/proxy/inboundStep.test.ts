import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../../src/policy/compilePolicy.js';
import { ISTIO_DEFAULT_CONNECTION_POOL } from '../../../src/policy/connectionPool.js';
import type { Endpoint } from '../../../src/policy/endpoint.js';
import type { PolicyRequest } from '../../../src/policy/request.js';
import type { ProxyWorkers } from '../../../src/models/dataPlane/proxyWorkers.js';
import type { InboundRequest } from '../../../src/models/inboundRequest.js';
import type { Outcome } from '../../../src/models/outcome.js';
import type { PooledConnection } from '../../../src/models/proxy/connectionPool.js';
import type { InboundConfig, InboundStep, QueuedAtServer, ServerExchange } from '../../../src/models/proxy/inboundStep.js';
import type { Simulator } from '../../../src/sim/simulator.js';
import type { ProxyPolicy } from '../../../src/models/proxy/proxyPolicy.js';
import type { Replica } from '../../../src/models/replica.js';
import type { CallRequest } from '../../../src/models/transport.js';
import { MESH_NAMESPACE } from '../../../src/models/workload.js';
import { failuresByText } from '../../../src/report/failureText.js';
import { proxyBench, type BenchEngine, type ProxyBench, type Resource } from './proxyHarness.js';

/**
 * The server side as its own machine: InboundStep driven by a bare Simulator with stub
 * exchanges (the client attempt's side of it) — no caller proxy, no network, no CLI.
 * The app answers in 10 ms, one request at a time.
 */
const MS = 0.001;
const REQUEST: CallRequest = { headers: {}, measured: true, method: 'GET', path: '/', requestSize: 1024 };

/** The caller's end of one request at the server: records the answer and when. */
class StubExchange implements ServerExchange {
  readonly request = REQUEST;
  serverHop = 0;
  serverAnswer: Outcome | undefined = undefined;
  serverWait: QueuedAtServer | undefined = undefined;
  serverConnection: PooledConnection | undefined = undefined;
  appRequest: InboundRequest | undefined = undefined;
  readonly serverSpan = undefined;
  answer: Outcome | undefined;
  at = -1;

  constructor(
    private readonly bench: ProxyBench,
    private readonly step: InboundStep,
    readonly host: Endpoint,
    readonly authorizer: ProxyPolicy,
  ) {}

  authzRequest(): PolicyRequest {
    return { host: 'server', method: 'GET', path: '/', headers: {}, source: { labels: { app: 'client' }, namespace: MESH_NAMESPACE, principal: `cluster.local/ns/${MESH_NAMESPACE}/sa/client` } };
  }

  get server(): InboundStep {
    return this.step;
  }

  onResponse(_req: InboundRequest, o: Outcome): void {
    this.step.onAppResponse(this, o);
  }

  /** Cleared when the test's caller gives up. */
  wanted = true;

  stillWanted(): boolean {
    return this.wanted;
  }

  onServerResponse(o: Outcome): void {
    this.answer = o;
    this.at = this.bench.sim.now;
  }
}

/** A proxy on the path that takes 1 ms per pass and costs nothing else. */
function slowHop(sim: Simulator): ProxyWorkers {
  return {
    passTo: <A>(_bytes: number, _last: boolean, handler: (arg: A) => void, arg: A) => void sim.schedule(MS, handler, arg),
    handshake: (then: () => void) => then(),
  } as unknown as ProxyWorkers;
}

function setup(istio: Resource[], config: (engine: BenchEngine, replica: Replica) => Partial<InboundConfig> = () => ({})) {
  const bench = proxyBench(istio, (r, engine) => config(engine, r));
  const replica = bench.replicas[0] as Replica;
  const step = bench.inbound(replica);
  const endpoint = (bench.topology.endpoints.get(bench.server) ?? []).find((e) => e.id === replica.id) as Endpoint;
  const authorizer = compilePolicy(istio.map((r, index) => ({ ...r, index }))).policy;
  const exchange = (): StubExchange => new StubExchange(bench, step, endpoint, authorizer);
  return { bench, replica, step, exchange };
}

const POOL_1 = { ...ISTIO_DEFAULT_CONNECTION_POOL, maxConnections: 1, maxPendingRequests: 1 };

describe('InboundStep: authorization', () => {
  it('a DENY policy answers 403 before the app, with the deciding policy in the outcome and counted at the server', () => {
    const deny: Resource = {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'deny-client', namespace: MESH_NAMESPACE },
      spec: { action: 'DENY', rules: [{ from: [{ source: { principals: [`cluster.local/ns/${MESH_NAMESPACE}/sa/client`] } }] }] },
    };
    const { bench, replica, step, exchange } = setup([deny]);
    const x = exchange();
    step.receive(x);
    bench.sim.run();
    expect(x.at).toBe(0);
    expect(x.answer?.status).toBe(403);
    expect(x.answer?.cause).toBe('rbacDenied');
    expect(x.answer?.detail?.authz).toEqual({ reason: 'DeniedByPolicy', policy: `${MESH_NAMESPACE}/deny-client` });
    const v = replica.version.metrics;
    expect(failuresByText(v.failures)).toEqual({ 'RBAC: access denied': 1 });
    expect(v.deniedBy).toEqual({ [`${MESH_NAMESPACE}/deny-client`]: 1 });
    expect(v.cpuSeconds).toBe(0);
  });
});

describe('InboundStep: the sidecar\'s inbound cluster (the DestinationRule\'s pool, server side)', () => {
  it('maxConnections 1 holds the second request at the sidecar, not at the app, and overflows the third (503 inbound overflow)', () => {
    const { bench, replica, step, exchange } = setup([], () => ({ inboundPool: POOL_1 }));
    const xs = [exchange(), exchange(), exchange()];
    for (const x of xs) step.receive(x);
    let queuedAtSidecar = -1;
    bench.sim.schedule(5 * MS, () => void (queuedAtSidecar = step.inboundPool?.queued(0) ?? -1), undefined);
    bench.sim.run();
    expect(queuedAtSidecar).toBe(1);
    expect(xs.map((x) => x.at / MS).map(Math.round)).toEqual([10, 20, 0]);
    expect(xs[2]?.answer?.cause).toBe('inboundOverflow');
    expect(failuresByText(replica.version.metrics.failures)).toEqual({ 'inbound overflow': 1 });
    expect(step.inboundPool?.limits.openConnections).toBe(1);
    expect(step.inboundPool?.limits.activeRequests).toBe(0);
  });

  it('a request whose caller gave up while it waited leaves the queue: its slot frees, the app never sees it', () => {
    const { bench, replica, step, exchange } = setup([], () => ({ inboundPool: POOL_1 }));
    const [first, gone, third] = [exchange(), exchange(), exchange()];
    step.receive(first as StubExchange);
    step.receive(gone as StubExchange);
    step.abandon(gone as StubExchange);
    // The pending slot is free again: the third queues instead of overflowing.
    step.receive(third as StubExchange);
    bench.sim.run();
    expect(gone?.at).toBe(-1);
    expect([first?.at, third?.at].map((t) => Math.round((t ?? 0) / MS))).toEqual([10, 20]);
    expect(replica.version.metrics.requests).toBe(2);
  });
});

describe('InboundStep: resets and the inbound retry policy', () => {
  it('a pod that is down resets the request at once, skipping its proxies', () => {
    const { bench, replica, step, exchange } = setup([], (e) => ({ hops: [slowHop(e.sim)] }));
    replica.goDown();
    const x = exchange();
    step.receive(x);
    bench.sim.run();
    expect([x.at, x.answer?.cause]).toEqual([0, 'replicaReset']);
  });

  it('the app went down while the sidecar passed the request: the sidecar retries the hand-off (reset-before-request) and serves it once the app is back', () => {
    const { bench, replica, step, exchange } = setup([], (e, r) => ({ hops: [slowHop(e.sim)], retryRandom: e.streams.stream('inbound', String(r.id)) }));
    const x = exchange();
    step.receive(x);
    bench.sim.schedule(0.5 * MS, () => replica.goDown(), undefined);
    bench.sim.schedule(1.0005 * MS, () => replica.goUp(), undefined);
    bench.sim.run();
    expect(x.answer?.cause).toBe('ok');
    expect(replica.version.metrics.requests).toBe(1);
    // Hop in (1 ms), a backoff below 25 ms (whole ms, at least 1 for it to find the app up), 10 ms of work, hop out.
    expect(x.at).toBeGreaterThan(13 * MS);
    expect(x.at).toBeLessThan((1 + 25 + 50 + 10 + 1) * MS);
  });

  it('a caller that gives up during the inbound retry\'s backoff ends it: no answer, the app never sees the request', () => {
    const { bench, replica, step, exchange } = setup([], (e, r) => ({ hops: [slowHop(e.sim)], retryRandom: e.streams.stream('inbound', String(r.id)) }));
    const x = exchange();
    step.receive(x);
    bench.sim.schedule(0.5 * MS, () => replica.goDown(), undefined);
    bench.sim.schedule(1.0005 * MS, () => {
      x.wanted = false;
      replica.goUp();
    }, undefined);
    bench.sim.run();
    expect(x.at).toBe(-1);
    expect(replica.version.metrics.requests).toBe(0);
  });

  it('with the app down for good, the sidecar answers 503 after its two retries; without a sidecar (no inbound route) at once', () => {
    const withSidecar = setup([], (e, r) => ({ hops: [slowHop(e.sim)], retryRandom: e.streams.stream('inbound', String(r.id)) }));
    const l4Only = setup([], (e) => ({ hops: [slowHop(e.sim)] }));
    const answers = [withSidecar, l4Only].map(({ bench, replica, step, exchange }) => {
      const x = exchange();
      step.receive(x);
      bench.sim.schedule(0.5 * MS, () => replica.goDown(), undefined);
      bench.sim.run();
      return x;
    });
    expect(answers.map((x) => x.answer?.cause)).toEqual(['replicaUnreachable', 'replicaUnreachable']);
    expect(answers[1]?.at).toBeCloseTo(2 * MS, 12);
    expect(answers[0]?.at).toBeGreaterThanOrEqual(2 * MS);
    expect(answers[0]?.at).toBeLessThan((2 + 25 + 50) * MS);
  });
});
