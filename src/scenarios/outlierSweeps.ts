/**
 * Outlier-detection sweeps, for the event budget. A proxy's cluster toward a host whose
 * DestinationRule has an outlierDetection block sweeps its hosts every `interval` for
 * the rest of the run, whether calls come or not (Envoy arms the timer when the cluster
 * is built; src/models/proxy/upstreamCluster.ts). The budget counts requests
 * (eventBudget.ts); these timers are counted here, or a 1 ms interval over 1000 h —
 * 3.6·10⁹ events per cluster — would pass as an idle scenario and run for hours.
 */
import type { CompiledDestinationRule, CompiledTrafficPolicy } from '../policy/destinationRule.js';
import { hostMatches, resolveConfigHost } from '../policy/hostNames.js';
import type { CallEdge } from './callGraph.js';
import { MESH_NAMESPACE, type ServiceSpec, type TrafficSpec } from './scenario.js';

/**
 * Sweeps per simulated second in the whole mesh, an upper estimate: for each
 * DestinationRule in force (compiled: CompiledPolicy.destinationRuleList) with outlier detection, (1 + its subsets) clusters at its shortest
 * interval, in every workload replica that calls a service it covers (a sidecar each;
 * the other data planes hold fewer clusters).
 */
export function outlierSweepsPerSecond(
  destinationRules: ReadonlyArray<CompiledDestinationRule>,
  services: ReadonlyArray<ServiceSpec>,
  traffic: ReadonlyArray<TrafficSpec>,
  edges: ReadonlyArray<CallEdge>,
): number {
  // Built only when a DestinationRule sweeps: a mesh without one (dataPlane none) pays nothing here.
  let callerMap: Map<string, number> | undefined;
  let hostMap: Map<string, string> | undefined;
  const callers = () => (callerMap ??= callerReplicas(services, traffic, edges));
  const byHost = () => (hostMap ??= new Map(services.map((s) => [resolveConfigHost(s.name, MESH_NAMESPACE), s.name])));
  // Replicas calling what a host pattern covers (a wildcard covers several services), once per pattern.
  const covered = new Map<string, number>();
  const callersCovered = (pattern: string): number => {
    let n = covered.get(pattern);
    if (n === undefined) {
      const exact = byHost().get(pattern.toLowerCase());
      n = exact !== undefined ? (callers().get(exact) ?? 0) : pattern.startsWith('*') ? sumMatching(pattern, byHost(), callers()) : 0;
      covered.set(pattern, n);
    }
    return n;
  };
  let perSecond = 0;
  for (const dr of destinationRules) {
    const intervals = [...intervalsOf(dr.trafficPolicy), ...[...dr.subsets.values()].flatMap((s) => intervalsOf(s.trafficPolicy))];
    if (intervals.length === 0) continue;
    perSecond += (callersCovered(dr.host) * (1 + dr.subsets.size)) / Math.min(...intervals);
  }
  return perSecond;
}

function sumMatching(pattern: string, byHost: ReadonlyMap<string, string>, callers: ReadonlyMap<string, number>): number {
  let n = 0;
  for (const [host, service] of byHost) if (hostMatches(pattern, host)) n += callers.get(service) ?? 0;
  return n;
}

/** Sweep intervals (seconds) a traffic policy sets, port-level ones included. */
function intervalsOf(policy: CompiledTrafficPolicy | undefined): number[] {
  if (policy === undefined) return [];
  const out: number[] = [];
  for (const parts of [policy.parts, ...policy.portLevel.values()]) if (parts.outlierDetection !== undefined) out.push(parts.outlierDetection.interval);
  return out.filter((i) => i > 0);
}

/** Replicas (with a proxy each) that call each service: its callers' and the traffic sources sending to it. */
function callerReplicas(services: ReadonlyArray<ServiceSpec>, traffic: ReadonlyArray<TrafficSpec>, edges: ReadonlyArray<CallEdge>): Map<string, number> {
  const replicas = new Map(services.map((s) => [s.name, s.versions.reduce((n, v) => n + v.replicaZones.length, 0)]));
  const callersOf = new Map<string, Set<string>>();
  for (const e of edges) {
    let set = callersOf.get(e.to);
    if (set === undefined) callersOf.set(e.to, (set = new Set()));
    set.add(e.from);
  }
  const out = new Map<string, number>();
  for (const [to, from] of callersOf) out.set(to, [...from].reduce((n, f) => n + (replicas.get(f) ?? 0), 0));
  for (const t of traffic) out.set(t.to, (out.get(t.to) ?? 0) + t.replicas);
  return out;
}
