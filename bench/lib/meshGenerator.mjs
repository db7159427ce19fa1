/**
 * Seeded generator of large meshes whose call graphs look like production ones, for
 * the mesh-scale benchmark (issue 15).
 *
 * Shapes follow what Luo et al. report for Alibaba's 2021 microservice traces
 * ("Characterizing Microservice Dependency and Performance: Alibaba Trace Analysis",
 * SoCC'21): call graphs are trees, mostly shallow (we cap the depth at 5 levels), the
 * fan-out of a service is heavy-tailed (most call one or two services, a few call many),
 * calls to siblings are often issued in parallel, and most services have one or a few
 * callers while a shared stateful backend (a cache or database) is called from many
 * places in its application.
 *
 * A mesh of N services is a catalogue of applications totalling 30 services, drawn once
 * from the seed, repeated N/30 times under distinct names, with the total arrival rate
 * split evenly over the copies. Every size therefore does exactly the same work per user
 * request (same trees, same mix), and the per-request cost can only move with the size
 * of the mesh. The catalogue itself is what the distributions produce for the seed.
 */
import { xorshift128 } from '../drivers/xorshift128.mjs';

export const CATALOGUE_SERVICES = 30;
const MAX_DEPTH = 5; // levels, root included
const MAX_FAN_OUT = 8;
const FAN_OUT_EXPONENT = 2; // P(k) ∝ k^-2 on 1..8: heavy-tailed, mostly 1–2 callees
const ZONES = ['zone-a', 'zone-b', 'zone-c'];

/** A draw from P(k) ∝ k^-exponent on 1..max, by inversion of the cumulative weights. */
function zipf(next, max, exponent) {
  let total = 0;
  for (let k = 1; k <= max; k++) total += k ** -exponent;
  let u = next() * total;
  for (let k = 1; k <= max; k++) {
    u -= k ** -exponent;
    if (u < 0) return k;
  }
  return max;
}

/**
 * The applications of the catalogue: each a tree of nodes {children, parallel,
 * callsBackend}, with an optional shared backend, in breadth-first order. Nodes are
 * numbered within their application; node 0 is the entry point.
 */
function drawCatalogue(seed) {
  const next = xorshift128(seed);
  const apps = [];
  let remaining = CATALOGUE_SERVICES;
  while (remaining > 0) {
    // Application size: heavy-tailed too (most applications are small), at most what is left.
    const size = Math.min(remaining, 1 + zipf(next, 12, 1.2));
    const withBackend = size >= 4 && next() < 0.6;
    const treeSize = withBackend ? size - 1 : size;
    const nodes = [{ depth: 1, children: [], parallel: false, callsBackend: false }];
    for (let i = 0; i < nodes.length && nodes.length < treeSize; i++) {
      const node = nodes[i];
      if (node.depth >= MAX_DEPTH) continue;
      // The entry always calls something; deeper services are more often leaves.
      if (i > 0 && next() < 0.25 * (node.depth - 1)) continue;
      const fanOut = Math.min(zipf(next, MAX_FAN_OUT, FAN_OUT_EXPONENT), treeSize - nodes.length);
      for (let c = 0; c < fanOut; c++) {
        node.children.push(nodes.length);
        nodes.push({ depth: node.depth + 1, children: [], parallel: false, callsBackend: false });
      }
      node.parallel = fanOut > 1 && next() < 0.5;
    }
    // A tree that stopped early (every node became a leaf) hands its unused budget back.
    if (withBackend) for (const node of nodes) node.callsBackend = next() < 0.4;
    if (withBackend && !nodes.some((n) => n.callsBackend)) nodes[nodes.length - 1].callsBackend = true;
    apps.push({ nodes, backend: withBackend });
    remaining -= nodes.length + (withBackend ? 1 : 0);
  }
  return apps;
}

/** Service names of one application in one copy: a<app>-s<node>, and a<app>-db for its backend. */
const serviceName = (copy, app, node) => `m${copy}-a${app}-s${node}`;
const backendName = (copy, app) => `m${copy}-a${app}-db`;

function callsOf(copy, appIndex, app, node) {
  const steps = [];
  const children = node.children.map((c) => `{service: ${serviceName(copy, appIndex, c)}}`);
  if (node.parallel) steps.push(`{parallel: [${children.join(', ')}]}`);
  else steps.push(...children);
  if (node.callsBackend) steps.push(`{service: ${backendName(copy, appIndex)}}`);
  return steps.length === 0 ? '' : `, calls: [${steps.join(', ')}]`;
}

/** A VirtualService and a DestinationRule for one service, as a platform team would write them. */
function istioResources(name) {
  return [
    '---',
    'apiVersion: networking.istio.io/v1',
    'kind: VirtualService',
    `metadata: {name: ${name}}`,
    'spec:',
    `  hosts: [${name}]`,
    '  http:',
    `    - route: [{destination: {host: ${name}, subset: v1}}]`,
    '      timeout: 2s',
    '      retries: {attempts: 2, perTryTimeout: 500ms, retryOn: "connect-failure,refused-stream,unavailable,cancelled,5xx"}',
    '---',
    'apiVersion: networking.istio.io/v1',
    'kind: DestinationRule',
    `metadata: {name: ${name}}`,
    'spec:',
    `  host: ${name}`,
    '  trafficPolicy:',
    '    loadBalancer: {simple: LEAST_REQUEST}',
    '    connectionPool: {http: {http1MaxPendingRequests: 1024, http2MaxRequests: 1024}}',
    '    outlierDetection: {consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 50}',
    '  subsets: [{name: v1, labels: {version: v1}}]',
  ];
}

/**
 * The scenario YAML of a mesh of `services` services (a multiple of 30) under
 * `dataPlane` ('none' or 'sidecar'; with 'sidecar' every service gets a VirtualService
 * and a DestinationRule), `rate` user requests per second in total for `duration`
 * seconds after a 1 s warm-up. Returns {yaml, services, sources, meanVisits}, where
 * meanVisits is the expected number of service requests per user request.
 * `activeCopies` (default: all) puts the whole rate on the first so many copies of the
 * catalogue and none on the rest: the same mesh to build, the same requests, but a
 * working set of 30 × activeCopies services during the run.
 */
export function meshScenario({ services, dataPlane, rate, duration, seed = 1, activeCopies }) {
  if (services % CATALOGUE_SERVICES !== 0) throw new Error(`services must be a multiple of ${CATALOGUE_SERVICES}`);
  const apps = drawCatalogue(seed);
  const copies = services / CATALOGUE_SERVICES;
  const active = activeCopies ?? copies;
  if (!(Number.isInteger(active) && active >= 1 && active <= copies)) throw new Error(`activeCopies must be an integer in 1..${copies}`);
  const lines = [
    'apiVersion: meshsim/v1',
    'kind: Scenario',
    `metadata: {name: mesh-${services}-${dataPlane}}`,
    `simulation: {duration: ${duration}s, warmup: 1s, seed: ${seed}}`,
    `dataPlane: ${dataPlane}`,
    `zones: [${ZONES.map((z) => `{name: ${z}, region: r1}`).join(', ')}]`,
    'network: {sameZone: 0.1ms, crossZone: 0.5ms}',
    'services:',
  ];
  const names = [];
  const service = (name, calls) => {
    names.push(name);
    lines.push(`  - {name: ${name}, versions: [{name: v1, replicas: 3}], concurrency: 16, serviceTime: {dist: exponential, mean: 0.5ms}${calls}}`);
  };
  for (let copy = 0; copy < copies; copy++) {
    apps.forEach((app, a) => {
      app.nodes.forEach((node, n) => service(serviceName(copy, a, n), callsOf(copy, a, app, node)));
      if (app.backend) service(backendName(copy, a), '');
    });
  }
  lines.push('traffic:');
  const perSource = rate / (active * apps.length);
  let sources = 0;
  for (let copy = 0; copy < active; copy++) {
    apps.forEach((_, a) => {
      lines.push(`  - {name: u${copy}-a${a}, to: ${serviceName(copy, a, 0)}, rate: ${perSource}, arrivals: poisson, zone: ${ZONES[sources % ZONES.length]}}`);
      sources++;
    });
  }
  if (dataPlane !== 'none') for (const name of names) lines.push(...istioResources(name));
  const visits = apps.map((app) => app.nodes.length + app.nodes.filter((n) => n.callsBackend).length);
  const meanVisits = visits.reduce((s, v) => s + v, 0) / apps.length;
  return { yaml: `${lines.join('\n')}\n`, services: names.length, sources, meanVisits, shapes: describeCatalogue(apps) };
}

/** One line on the catalogue's shape: applications, depth, fan-out and callers. */
function describeCatalogue(apps) {
  const fanOuts = apps.flatMap((app) => app.nodes.map((n) => n.children.length + (n.callsBackend ? 1 : 0)).filter((k) => k > 0));
  const depth = Math.max(...apps.flatMap((app) => app.nodes.map((n) => n.depth + (n.callsBackend ? 1 : 0))));
  const backendCallers = apps.filter((a) => a.backend).map((a) => a.nodes.filter((n) => n.callsBackend).length);
  return `${apps.length} applications of ${apps.map((a) => a.nodes.length + (a.backend ? 1 : 0)).join('/')} services; depth ≤ ${depth}; fan-out of callers ${fanOuts.sort((x, y) => x - y).join(',')}; backends called by ${backendCallers.join('/')} services`;
}
