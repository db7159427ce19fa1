import type { Diagnostics, FieldPath } from '../diagnostics.js';
import { describe, isObject, readBoolean, readList, readNumber, readString } from '../fieldReaders.js';
import type { FailoverPriorityLabel, LocalityDistribution, LocalityFailover, LocalityLbConfig } from './loadBalancerConfig.js';
import { camelFields } from './camelFields.js';
import { meshsimMessages } from '../analysis/messages.js';

/** Locality labels: failoverPriority may name them, but then `failover` may not be combined (§6 [II-VALA]). */
const LOCALITY_LABELS = new Set(['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone']);

/**
 * Compiles `loadBalancer.localityLbSetting` with Istio's validation (§6 [II-VALA]):
 * distribute weights 1..100 summing to 100 per `from`; `*` only as the last part; no
 * overlapping localities; failover regions only, no wildcards, from ≠ to; only one of
 * distribute / failover / failoverPriority (failover + failoverPriority allowed when the
 * latter names no locality label). `enabled` defaults to true (the mesh default, §6 [II-MESH]).
 */
export function compileLocalityLbSetting(raw: unknown, path: FieldPath, diag: Diagnostics): LocalityLbConfig {
  const empty: LocalityLbConfig = { enabled: true, configured: true, distribute: [], failover: [], failoverPriority: [] };
  if (raw === undefined || raw === null) return empty;
  if (!isObject(raw)) {
    diag.error(path, `must be a mapping, got ${describe(raw)}`, 'a mapping such as {enabled: true}');
    return empty;
  }
  let enabled = true;
  let distribute: LocalityDistribution[] = [];
  let failover: LocalityFailover[] = [];
  let failoverPriority: FailoverPriorityLabel[] = [];
  for (const { key, name, value } of camelFields(raw).values()) {
    const p = [...path, key];
    if (name === 'enabled') enabled = readBoolean(value, p, diag) ?? true;
    else if (name === 'distribute') distribute = readList(value, p, diag, (x, xp) => compileDistribution(x, xp, diag)) ?? [];
    else if (name === 'failover') failover = readList(value, p, diag, (x, xp) => compileFailover(x, xp, diag)) ?? [];
    else if (name === 'failoverPriority') failoverPriority = readList(value, p, diag, (x, xp) => compileFailoverPriority(x, xp, diag)) ?? [];
    else diag.warn(p, `unknown field "${key}" for localityLbSetting; ignored (a cluster would prune it)`, meshsimMessages.UnknownField);
  }
  checkNoOverlap(distribute.map((d) => d.from), [...path, 'distribute'], 'from', diag);
  if (distribute.length > 0 && (failover.length > 0 || failoverPriority.length > 0)) {
    diag.error(path, 'sets distribute together with failover or failoverPriority', 'only one of distribute, failover or failoverPriority');
  }
  if (failover.length > 0 && failoverPriority.some((l) => LOCALITY_LABELS.has(l.key))) {
    diag.error(path, 'combines failover with a failoverPriority locality label', 'failoverPriority without topology labels when failover is set');
  }
  return Object.freeze({ enabled, configured: true, distribute, failover, failoverPriority });
}

function compileDistribution(raw: unknown, path: FieldPath, diag: Diagnostics): LocalityDistribution | undefined {
  if (!isObject(raw)) {
    diag.error(path, `must be a mapping, got ${describe(raw)}`, "a mapping such as {from: 'us-east/*', to: {'us-east/*': 80, 'us-west/*': 20}}");
    return undefined;
  }
  let from: string | undefined;
  const to: Array<readonly [string, number]> = [];
  let toPath: FieldPath = [...path, 'to'];
  for (const { key, name, value } of camelFields(raw).values()) {
    const p = [...path, key];
    if (name === 'from') {
      from = readString(value, p, diag);
      if (from !== undefined) checkLocalityPattern(from, p, diag);
    } else if (name === 'to') {
      toPath = p;
      if (!isObject(value)) diag.error(p, `must be a mapping of locality to weight, got ${describe(value)}`, "a mapping such as {'us-west/*': 20}");
      else {
        for (const [loc, w] of Object.entries(value)) {
          const wp = [...p, loc];
          checkLocalityPattern(loc, wp, diag);
          const weight = readNumber(w, wp, diag, { integer: true, min: 1, max: 100 });
          if (weight !== undefined) to.push([loc, weight]);
        }
      }
    } else diag.warn(p, `unknown field "${key}" for distribute; ignored (a cluster would prune it)`, meshsimMessages.UnknownField);
  }
  if (from === undefined || from === '') {
    diag.error([...path, 'from'], 'is required', 'the caller locality, e.g. us-east/zone1/*');
    return undefined;
  }
  const total = to.reduce((a, [, w]) => a + w, 0);
  if (total !== 100) diag.error(toPath, `weights sum to ${total}`, 'weights summing to 100');
  checkNoOverlap(to.map(([l]) => l), toPath, 'to', diag);
  return { from, to };
}

/** One `failover` entry: regions only, no wildcard, from ≠ to (§6 [II-VALA]). */
export function compileFailover(raw: unknown, path: FieldPath, diag: Diagnostics): LocalityFailover | undefined {
  if (!isObject(raw)) {
    diag.error(path, `must be a mapping, got ${describe(raw)}`, 'a mapping such as {from: us-east, to: eu-west}');
    return undefined;
  }
  const f = camelFields(raw);
  const read = (n: string): string | undefined => {
    const e = f.get(n);
    if (e === undefined) {
      diag.error([...path, n], 'is required', 'a region name');
      return undefined;
    }
    const v = readString(e.value, [...path, e.key], diag);
    if (v === undefined) return undefined;
    if (v.includes('/')) diag.error([...path, e.key], `"${v}" is not a region; failover names regions only`, 'a region such as us-east');
    else if (v.includes('*')) diag.error([...path, e.key], `"${v}" contains '*'; failover regions take no wildcard`, 'a region such as us-east');
    else return v;
    return undefined;
  };
  const from = read('from');
  const to = read('to');
  for (const { key, name } of f.values()) {
    if (name !== 'from' && name !== 'to') diag.warn([...path, key], `unknown field "${key}" for failover; ignored (a cluster would prune it)`, meshsimMessages.UnknownField);
  }
  if (from === undefined || to === undefined) return undefined;
  if (from === to) {
    diag.error(path, `from and to are both "${from}"`, 'two different regions');
    return undefined;
  }
  return { from, to };
}

export function compileFailoverPriority(raw: unknown, path: FieldPath, diag: Diagnostics): FailoverPriorityLabel | undefined {
  const s = readString(raw, path, diag);
  if (s === undefined) return undefined;
  const eq = s.indexOf('=');
  const key = eq < 0 ? s : s.slice(0, eq);
  if (key === '') {
    diag.error(path, 'names no label', 'a label key, or key=value');
    return undefined;
  }
  return eq < 0 ? { key } : { key, value: s.slice(eq + 1) };
}

/** Istio validateLocalities: at most one '*', and only as the whole last part. */
function checkLocalityPattern(pattern: string, path: FieldPath, diag: Diagnostics): void {
  const stars = pattern.split('*').length - 1;
  if (stars > 1 || (stars === 1 && !(pattern === '*' || pattern.endsWith('/*')))) {
    diag.error(path, `"${pattern}": '*' may appear once, as the last part`, 'region, region/zone, region/zone/subzone, or ending in /*');
  }
}

/** True when every locality matched by `b` is matched by `a` (missing or '*' parts match all). */
function covers(a: string, b: string): boolean {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < 3; i++) {
    const x = pa[i] ?? '';
    if (x === '*' || x === '') return true;
    if (x !== (pb[i] ?? '')) return false;
  }
  return true;
}

function checkNoOverlap(patterns: readonly string[], path: FieldPath, what: string, diag: Diagnostics): void {
  for (let i = 0; i < patterns.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = patterns[i] as string;
      const b = patterns[j] as string;
      if (covers(a, b) || covers(b, a)) {
        diag.error(path, `${what} locality "${a}" overlaps "${b}"`, 'localities that do not overlap');
        return;
      }
    }
  }
}
