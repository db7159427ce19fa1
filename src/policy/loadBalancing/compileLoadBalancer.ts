import type { Diagnostics, FieldPath } from '../diagnostics.js';
import { describe, isObject, readBoolean, readNumber, readString } from '../fieldReaders.js';
import { parseIstioDuration } from '../istioDuration.js';
import {
  DEFAULT_LOAD_BALANCER_CONFIG,
  DEFAULT_MAGLEV_TABLE_SIZE,
  DEFAULT_MAXIMUM_RING_SIZE,
  DEFAULT_MINIMUM_RING_SIZE,
  MAX_MAGLEV_TABLE_SIZE,
  type ConsistentHashConfig,
  type HashKeySource,
  type LbAlgorithm,
  type LoadBalancerConfig,
} from './loadBalancerConfig.js';
import { compileLocalityLbSetting } from './compileLocalityLbSetting.js';
import { camelFields, type NamedField } from './camelFields.js';
import { DEFAULT_WARMUP_AGGRESSION, DEFAULT_WARMUP_MIN_WEIGHT_PERCENT, type SlowStartConfig } from './slowStart.js';
import { compileZoneAwareLbSetting } from './compileZoneAwareLbSetting.js';
import { istioMessages, meshsimMessages } from '../analysis/messages.js';

/** Istio SimpleLB values (istio/api destination_rule.proto; docs/semantics/envoy-istio.md §5.1). */
const SIMPLE: Readonly<Record<string, LbAlgorithm | undefined>> = {
  UNSPECIFIED: undefined,
  LEAST_REQUEST: 'LEAST_REQUEST',
  LEAST_CONN: 'LEAST_REQUEST', // deprecated alias [IA-DR][II-CTP]
  ROUND_ROBIN: 'ROUND_ROBIN',
  RANDOM: 'RANDOM',
  PASSTHROUGH: 'RANDOM', // ORIGINAL_DST: no caller-chosen address exists in the simulation
};

/**
 * Compiles a DestinationRule `trafficPolicy.loadBalancer` (raw YAML value) at `path`
 * (e.g. ['spec','trafficPolicy','loadBalancer']). `undefined` → Istio's default:
 * LEAST_REQUEST (§5.1 [II-CTP]) with the mesh's locality LB enabled (§6 [II-MESH]).
 * Every field is compiled, rejected with an error, or reported as not modeled.
 */
export function compileLoadBalancer(raw: unknown | undefined, path: FieldPath, diag: Diagnostics, hasOutlierDetection = true): LoadBalancerConfig {
  if (raw === undefined || raw === null) return DEFAULT_LOAD_BALANCER_CONFIG;
  if (!isObject(raw)) {
    diag.error(path, `must be a mapping, got ${describe(raw)}`, 'a mapping such as {simple: ROUND_ROBIN}');
    return DEFAULT_LOAD_BALANCER_CONFIG;
  }
  const fields = camelFields(raw);
  let algorithm: LbAlgorithm = DEFAULT_LOAD_BALANCER_CONFIG.algorithm;
  let consistentHash: ConsistentHashConfig | undefined;

  if (fields.has('simple') && fields.has('consistentHash')) {
    diag.error(path, 'sets both simple and consistentHash; they are alternatives (oneof lbPolicy)', 'only one of simple or consistentHash');
  }
  const simple = fields.get('simple');
  if (simple !== undefined) {
    const p = [...path, simple.key];
    const name = readString(simple.value, p, diag);
    if (name !== undefined) {
      if (!(name in SIMPLE)) {
        diag.error(p, `unknown load balancer "${name}"`, `one of ${Object.keys(SIMPLE).join(', ')}`);
      } else {
        algorithm = SIMPLE[name] ?? algorithm;
        if (name === 'LEAST_CONN') diag.warn(p, 'LEAST_CONN is deprecated; Istio programs LEAST_REQUEST for it', istioMessages.Deprecated);
        if (name === 'PASSTHROUGH') diag.notModeled(p, 'PASSTHROUGH forwards to the address the caller chose; meshsim balances it as RANDOM');
      }
    }
  }
  const ch = fields.get('consistentHash');
  if (ch !== undefined && !fields.has('simple')) {
    consistentHash = compileConsistentHash(ch.value, [...path, ch.key], diag);
    if (consistentHash !== undefined) algorithm = consistentHash.maglevTableSize !== undefined ? 'MAGLEV' : 'RING_HASH';
  }

  let locality = DEFAULT_LOAD_BALANCER_CONFIG.locality;
  const lls = fields.get('localityLbSetting');
  if (lls !== undefined) locality = compileLocalityLbSetting(lls.value, [...path, lls.key], diag);

  const slowStart = compileWarmup(fields.get('warmupDurationSecs'), fields.get('warmup'), path, diag);
  if (slowStart !== undefined && algorithm !== 'ROUND_ROBIN' && algorithm !== 'LEAST_REQUEST') {
    diag.warn(path, `warmup applies only to ROUND_ROBIN and LEAST_REQUEST; Envoy ignores it for ${algorithm}`);
  }
  const za = fields.get('zoneAwareLbSetting');
  const zoneAware = za === undefined ? undefined : compileZoneAwareLbSetting(za.value, [...path, za.key], diag, hasOutlierDetection);
  if (za !== undefined && lls !== undefined) diag.error([...path, za.key], 'is set together with localityLbSetting', 'only one of localityLbSetting and zoneAwareLbSetting');
  for (const { key, name } of fields.values()) {
    if (!KNOWN.has(name)) diag.warn([...path, key], `unknown field "${key}" for loadBalancer; ignored (a cluster would prune it)`, meshsimMessages.UnknownField);
  }
  return Object.freeze({
    algorithm,
    leastRequest: DEFAULT_LOAD_BALANCER_CONFIG.leastRequest,
    ...(consistentHash === undefined ? {} : { consistentHash }),
    locality,
    ...(zoneAware === undefined ? {} : { zoneAware }),
    ...(slowStart === undefined || (algorithm !== 'ROUND_ROBIN' && algorithm !== 'LEAST_REQUEST') ? {} : { slowStart }),
  });
}

/**
 * `warmupDurationSecs` (a duration) or `warmup {duration, minimumPercent, aggression}` →
 * Envoy slow_start_config with Istio's defaults: aggression 1.0, min weight 10% (§5.2 [II-CTP setWarmup]).
 * `warmup` wins when both are written.
 */
function compileWarmup(legacy: NamedField | undefined, warmup: NamedField | undefined, path: FieldPath, diag: Diagnostics): SlowStartConfig | undefined {
  let out: SlowStartConfig | undefined;
  if (legacy !== undefined) {
    const window = parseIstioDuration(legacy.value, [...path, legacy.key], diag);
    if (window !== undefined && window > 0) {
      out = { windowSeconds: window, aggression: DEFAULT_WARMUP_AGGRESSION, minWeightPercent: DEFAULT_WARMUP_MIN_WEIGHT_PERCENT };
    }
  }
  if (warmup === undefined) return out;
  const p = [...path, warmup.key];
  if (legacy !== undefined) diag.warn(p, 'both warmupDurationSecs and warmup are set; warmup is used');
  if (!isObject(warmup.value)) {
    diag.error(p, `must be a mapping, got ${describe(warmup.value)}`, 'a mapping such as {duration: 30s}');
    return out;
  }
  let window: number | undefined;
  let aggression = DEFAULT_WARMUP_AGGRESSION;
  let minWeightPercent = DEFAULT_WARMUP_MIN_WEIGHT_PERCENT;
  for (const { key, name, value } of camelFields(warmup.value).values()) {
    const fp = [...p, key];
    if (name === 'duration') window = parseIstioDuration(value, fp, diag);
    else if (name === 'aggression') {
      const a = readNumber(value, fp, diag, { min: 0 });
      if (a === 0) diag.error(fp, 'must be greater than 0', 'a positive number; 1.0 ramps linearly');
      else if (a !== undefined) aggression = a;
    }
    else if (name === 'minimumPercent') minWeightPercent = readNumber(value, fp, diag, { min: 0, max: 100 }) ?? minWeightPercent;
    else diag.warn(fp, `unknown field "${key}" for warmup; ignored (a cluster would prune it)`, meshsimMessages.UnknownField);
  }
  if (window === undefined) {
    if (!camelFields(warmup.value).has('duration')) diag.error([...p, 'duration'], 'is required', 'a duration such as 30s');
    return out;
  }
  return window > 0 ? { windowSeconds: window, aggression, minWeightPercent } : undefined;
}

const KNOWN = new Set(['simple', 'consistentHash', 'localityLbSetting', 'warmupDurationSecs', 'warmup', 'zoneAwareLbSetting']);

/** Envoy rejects a Maglev table size that is not prime (maglev_lb.cc). */
export function isPrime(n: number): boolean {
  if (!Number.isInteger(n) || n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

function compileConsistentHash(raw: unknown, path: FieldPath, diag: Diagnostics): ConsistentHashConfig | undefined {
  if (!isObject(raw)) {
    diag.error(path, `must be a mapping, got ${describe(raw)}`, 'a mapping such as {httpHeaderName: x-user}');
    return undefined;
  }
  const f = camelFields(raw);
  const keys: HashKeySource[] = [];
  const header = f.get('httpHeaderName');
  if (header !== undefined) {
    const name = readString(header.value, [...path, header.key], diag);
    if (name !== undefined) keys.push({ kind: 'header', name: name.toLowerCase() });
  }
  const cookie = f.get('httpCookie');
  if (cookie !== undefined) {
    const c = compileCookie(cookie.value, [...path, cookie.key], diag);
    if (c !== undefined) keys.push(c);
  }
  const ip = f.get('useSourceIp');
  if (ip !== undefined && readBoolean(ip.value, [...path, ip.key], diag) === true) keys.push({ kind: 'sourceIp' });
  const query = f.get('httpQueryParameterName');
  if (query !== undefined) {
    const name = readString(query.value, [...path, query.key], diag);
    if (name !== undefined) keys.push({ kind: 'queryParameter', name });
  }
  if (keys.length > 1) {
    diag.error(path, 'sets more than one hash key; they are alternatives (oneof hashKey)', 'one of httpHeaderName, httpCookie, useSourceIp, httpQueryParameterName');
  }
  if (keys.length === 0) {
    diag.warn(path, 'no hash key (httpHeaderName, httpCookie, useSourceIp or httpQueryParameterName): Envoy has nothing to hash and picks hosts at random');
  }
  const ring = f.get('ringHash');
  const maglev = f.get('maglev');
  const legacy = f.get('minimumRingSize');
  if (ring !== undefined && maglev !== undefined) {
    diag.error(path, 'sets both ringHash and maglev; they are alternatives (oneof hashAlgorithm)', 'one of ringHash or maglev');
  }
  let minimumRingSize = DEFAULT_MINIMUM_RING_SIZE;
  let maglevTableSize: number | undefined;
  if (legacy !== undefined) {
    const p = [...path, legacy.key];
    diag.warn(p, 'minimumRingSize is deprecated; use ringHash.minimumRingSize', istioMessages.SchemaWarning);
    const v = readNumber(legacy.value, p, diag, { integer: true, min: 0, max: DEFAULT_MAXIMUM_RING_SIZE });
    // 0 means unset in proto3: Envoy's default applies (§5.2 [II-CTP ApplyRingHashLoadBalancer]).
    if (v !== undefined && v > 0 && ring === undefined && maglev === undefined) minimumRingSize = v;
    // Istio validation: the deprecated field excludes ringHash/maglev [II-VAL].
    if (v !== undefined && v > 0 && (ring !== undefined || maglev !== undefined)) diag.error(p, 'is set together with ringHash or maglev', 'only one of minimumRingSize or ringHash/maglev');
  }
  if (ring !== undefined) {
    const p = [...path, ring.key];
    if (!isObject(ring.value)) diag.error(p, `must be a mapping, got ${describe(ring.value)}`, 'a mapping such as {minimumRingSize: 1024}');
    else {
      for (const { key, name, value } of camelFields(ring.value).values()) {
        if (name !== 'minimumRingSize') {
          diag.warn([...p, key], `unknown field "${key}" for ringHash; ignored (a cluster would prune it)`, meshsimMessages.UnknownField);
          continue;
        }
        const v = readNumber(value, [...p, key], diag, { integer: true, min: 0, max: DEFAULT_MAXIMUM_RING_SIZE });
        if (v !== undefined && v > 0) minimumRingSize = v;
      }
    }
  }
  if (maglev !== undefined && ring === undefined) {
    const p = [...path, maglev.key];
    maglevTableSize = DEFAULT_MAGLEV_TABLE_SIZE;
    if (!isObject(maglev.value)) diag.error(p, `must be a mapping, got ${describe(maglev.value)}`, 'a mapping such as {tableSize: 65537}');
    else {
      for (const { key, name, value } of camelFields(maglev.value).values()) {
        if (name !== 'tableSize') {
          diag.warn([...p, key], `unknown field "${key}" for maglev; ignored (a cluster would prune it)`, meshsimMessages.UnknownField);
          continue;
        }
        const v = readNumber(value, [...p, key], diag, { integer: true, min: 0, max: MAX_MAGLEV_TABLE_SIZE });
        if (v === 0) diag.error([...p, key], 'must be set for maglev', 'a prime number such as 65537');
        if (v === undefined || v === 0) continue;
        if (!isPrime(v)) diag.error([...p, key], `${v} is not prime; Envoy rejects the cluster`, 'a prime number such as 65537');
        else maglevTableSize = v;
      }
    }
  }
  for (const { key, name } of f.values()) {
    if (!CH_KNOWN.has(name)) diag.warn([...path, key], `unknown field "${key}" for consistentHash; ignored (a cluster would prune it)`, meshsimMessages.UnknownField);
  }
  return {
    key: keys[0] ?? { kind: 'none' },
    ...(maglevTableSize === undefined ? { ringHash: { minimumRingSize, maximumRingSize: DEFAULT_MAXIMUM_RING_SIZE } } : { maglevTableSize }),
  };
}

const CH_KNOWN = new Set(['httpHeaderName', 'httpCookie', 'useSourceIp', 'httpQueryParameterName', 'ringHash', 'maglev', 'minimumRingSize']);

function compileCookie(raw: unknown, path: FieldPath, diag: Diagnostics): HashKeySource | undefined {
  if (!isObject(raw)) {
    diag.error(path, `must be a mapping, got ${describe(raw)}`, 'a mapping such as {name: user, ttl: 0s}');
    return undefined;
  }
  const f = camelFields(raw);
  const nameField = f.get('name');
  const name = nameField === undefined ? undefined : readString(nameField.value, [...path, nameField.key], diag);
  if (nameField === undefined) diag.error([...path, 'name'], 'is required', 'the cookie name');
  let cookiePath: string | undefined;
  let ttlSeconds: number | undefined;
  for (const { key, name: n, value } of f.values()) {
    const p = [...path, key];
    if (n === 'name') continue;
    else if (n === 'path') cookiePath = readString(value, p, diag);
    else if (n === 'ttl') {
      ttlSeconds = parseIstioDuration(value, p, diag, { allowZero: true });
      // §5.2 [II-ROUTE]: with a ttl Envoy generates the cookie when missing; meshsim does not.
      if (ttlSeconds !== undefined && ttlSeconds > 0) {
        diag.notModeled(p, 'Envoy would set a generated cookie on the first response; meshsim hashes only cookies the request already carries, and requests without one are balanced at random');
      }
    } else if (n === 'attributes') {
      checkCookieAttributes(value, p, diag);
      diag.notModeled(p, 'cookie attributes only shape the generated cookie');
    }
    else diag.warn(p, `unknown field "${key}" for httpCookie; ignored (a cluster would prune it)`, meshsimMessages.UnknownField);
  }
  if (name === undefined || name === '') {
    if (name === '') diag.error([...path, nameField?.key ?? 'name'], 'must not be empty', 'the cookie name');
    return undefined;
  }
  return { kind: 'cookie', name, ...(cookiePath === undefined ? {} : { path: cookiePath }), ...(ttlSeconds === undefined ? {} : { ttlSeconds }) };
}

/** Istio validation: every cookie attribute has a name, and no name twice [II-VAL]. */
function checkCookieAttributes(raw: unknown, path: FieldPath, diag: Diagnostics): void {
  if (!Array.isArray(raw)) return void diag.error(path, `must be a list, got ${describe(raw)}`, 'a list such as [{name: SameSite, value: Strict}]');
  const seen = new Set<string>();
  raw.forEach((a: unknown, i) => {
    const name = isObject(a) ? a['name'] : undefined;
    if (typeof name !== 'string' || name === '') diag.error([...path, i, 'name'], 'cookie attribute name cannot be empty', 'an attribute name such as SameSite');
    else if (seen.has(name)) diag.error([...path, i, 'name'], `duplicate cookie attribute name: ${name}`, 'each attribute once');
    else seen.add(name);
  });
}
