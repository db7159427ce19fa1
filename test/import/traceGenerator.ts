/**
 * Traces of a known scenario, for the import round trip: requests arrive as the
 * scenario's traffic says (Poisson), each service works for a draw of its own service
 * time, then makes its calls in order (a parallel step's calls together, `count`
 * identical calls together, each call with its probability), each call crossing the
 * network both ways; a version is picked per request in proportion to its replicas.
 * No queueing: the scenarios it is used on have unlimited concurrency.
 *
 * Spans are written the way a sidecar mesh writes them in OTLP/JSON: a SERVER span per
 * request served, a CLIENT span in the caller around each call (network included).
 * Every draw comes from named seeded streams, so the same seed gives the same file.
 */
import { createDistribution } from '../../src/models/distributionFromSpec.js';
import { createStream } from '../../src/sim/randomStreams.js';
import type { CallSpec, CallStepSpec, Scenario, ServiceSpec } from '../../src/scenarios/scenario.js';

const SERVER = 2;
const CLIENT = 3;
/** Unix time of the first arrival, nanoseconds (any fixed epoch works). */
const EPOCH_NS = 1_764_000_000_000_000_000n;

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
}

/** OTLP/JSON for `seconds` of the scenario's traffic. */
export function generateOtlpTraces(scenario: Scenario, seed: number, seconds: number): { resourceSpans: unknown[] } {
  const spansByService = new Map<string, OtlpSpan[]>();
  const services = new Map(scenario.services.map((s) => [s.name, s]));
  const serviceTimes = new Map(scenario.services.flatMap((s) => s.versions.map((v) => [`${s.name}/${v.name}`, createDistribution(v.serviceTime)] as const)));
  const network = createDistribution(scenario.network.sameZone);
  const rng = {
    work: createStream(seed, 'traces/work'),
    network: createStream(seed, 'traces/network'),
    choice: createStream(seed, 'traces/choice'),
  };
  let spanCounter = 0;
  const nextSpanId = () => (++spanCounter).toString(16).padStart(16, '0');
  const ns = (t: number) => (EPOCH_NS + BigInt(Math.round(t * 1e9))).toString();
  const emit = (service: string, span: OtlpSpan) => {
    const list = spansByService.get(service);
    if (list === undefined) spansByService.set(service, [span]);
    else list.push(span);
  };

  /** Serves one request at `service` from `start`; returns when it ends. */
  const serve = (traceId: string, parentSpanId: string | undefined, service: ServiceSpec, start: number): number => {
    const version = pickVersion(service, rng.choice.next());
    const spanId = nextSpanId();
    let t = start + (serviceTimes.get(`${service.name}/${version.name}`)?.sample(rng.work) ?? 0);
    for (const step of version.calls) t = runStep(traceId, spanId, service.name, step, t);
    emit(service.name, { traceId, spanId, ...(parentSpanId !== undefined && { parentSpanId }), name: 'inbound', kind: SERVER, startTimeUnixNano: ns(start), endTimeUnixNano: ns(t) });
    return t;
  };

  const call = (traceId: string, parentSpanId: string, caller: string, target: string, start: number): number => {
    const spanId = nextSpanId();
    const arrive = start + network.sample(rng.network);
    const served = serve(traceId, spanId, services.get(target) as ServiceSpec, arrive);
    const end = served + network.sample(rng.network);
    emit(caller, { traceId, spanId, parentSpanId, name: `outbound ${target}`, kind: CLIENT, startTimeUnixNano: ns(start), endTimeUnixNano: ns(end) });
    return end;
  };

  const runStep = (traceId: string, parentSpanId: string, caller: string, step: CallStepSpec, start: number): number => {
    const calls: CallSpec[] = step.kind === 'call' ? [step] : [...step.calls];
    let end = start;
    for (const c of calls) {
      if (c.probability < 1 && rng.choice.next() >= c.probability) continue;
      for (let k = 0; k < c.count; k++) end = Math.max(end, call(traceId, parentSpanId, caller, c.service, start));
    }
    return end;
  };

  let traceCounter = 0;
  for (const source of scenario.traffic) {
    const arrivals = createStream(seed, `traces/arrivals/${source.name}`);
    const rate = source.rate[0]?.rate ?? 0;
    const entry = services.get(source.to) as ServiceSpec;
    for (let t = -Math.log(1 - arrivals.next()) / rate; t < seconds; t += -Math.log(1 - arrivals.next()) / rate) {
      const traceId = (++traceCounter).toString(16).padStart(32, '0');
      serve(traceId, undefined, entry, t);
    }
  }

  return {
    resourceSpans: [...spansByService].map(([service, spans]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: `${service}.default` } }] },
      scopeSpans: [{ scope: { name: 'meshsim-test' }, spans }],
    })),
  };
}

function pickVersion(service: ServiceSpec, u: number) {
  const total = service.versions.reduce((n, v) => n + v.replicaZones.length, 0);
  let x = u * total;
  for (const v of service.versions) {
    x -= v.replicaZones.length;
    if (x < 0) return v;
  }
  return service.versions[service.versions.length - 1]!;
}
