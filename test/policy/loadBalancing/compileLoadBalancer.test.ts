import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Diagnostics } from '../../../src/policy/diagnostics.js';
import { compileLoadBalancer, isPrime } from '../../../src/policy/loadBalancing/compileLoadBalancer.js';
import { DEFAULT_LOAD_BALANCER_CONFIG } from '../../../src/policy/loadBalancing/loadBalancerConfig.js';
import { checkLocalityLbPrerequisites } from '../../../src/policy/loadBalancing/localityLbPrerequisites.js';
import { describeWithShared } from '../../sharedFiles.js';

const PATH = ['spec', 'trafficPolicy', 'loadBalancer'];

function compile(raw: unknown): { config: ReturnType<typeof compileLoadBalancer>; diag: Diagnostics } {
  const diag = new Diagnostics(0);
  return { config: compileLoadBalancer(raw, PATH, diag), diag };
}

const errors = (d: Diagnostics): string[] => d.items.filter((i) => i.severity === 'error').map((i) => `${i.path.join('.')}: ${i.message}`);
const warnings = (d: Diagnostics): string[] => d.items.filter((i) => i.severity === 'warning').map((i) => `${i.path.join('.')}: ${i.message}`);

describe('compileLoadBalancer', () => {
  it('defaults to LEAST_REQUEST with locality LB enabled (Istio ≥ 1.14, mesh default)', () => {
    const { config, diag } = compile(undefined);
    expect(config).toBe(DEFAULT_LOAD_BALANCER_CONFIG);
    expect(config.algorithm).toBe('LEAST_REQUEST');
    expect(config.leastRequest).toEqual({ choiceCount: 2, activeRequestBias: 1 });
    expect(config.locality.enabled).toBe(true);
    expect(diag.items).toEqual([]);
  });

  it.each([
    ['ROUND_ROBIN', 'ROUND_ROBIN'],
    ['LEAST_REQUEST', 'LEAST_REQUEST'],
    ['RANDOM', 'RANDOM'],
    ['UNSPECIFIED', 'LEAST_REQUEST'],
  ])('simple %s → %s', (simple, algorithm) => {
    const { config, diag } = compile({ simple });
    expect(config.algorithm).toBe(algorithm);
    expect(diag.items).toEqual([]);
  });

  it('warns for deprecated LEAST_CONN and unmodeled PASSTHROUGH', () => {
    expect(compile({ simple: 'LEAST_CONN' }).config.algorithm).toBe('LEAST_REQUEST');
    expect(warnings(compile({ simple: 'LEAST_CONN' }).diag)).toEqual([expect.stringContaining('deprecated')]);
    expect(warnings(compile({ simple: 'PASSTHROUGH' }).diag)).toEqual([expect.stringContaining('not modeled')]);
  });

  it('rejects an unknown simple value with its path', () => {
    const { diag } = compile({ simple: 'FASTEST' });
    expect(diag.items[0]).toMatchObject({ severity: 'error', path: [...PATH, 'simple'], message: 'unknown load balancer "FASTEST"' });
  });

  it('rejects simple together with consistentHash', () => {
    expect(errors(compile({ simple: 'RANDOM', consistentHash: { useSourceIp: true } }).diag)).toEqual([expect.stringContaining('oneof lbPolicy')]);
  });

  it('compiles each consistent-hash key', () => {
    expect(compile({ consistentHash: { httpHeaderName: 'X-User' } }).config.consistentHash?.key).toEqual({ kind: 'header', name: 'x-user' });
    expect(compile({ consistentHash: { useSourceIp: true } }).config.consistentHash?.key).toEqual({ kind: 'sourceIp' });
    expect(compile({ consistentHash: { httpQueryParameterName: 'u' } }).config.consistentHash?.key).toEqual({ kind: 'queryParameter', name: 'u' });
    const cookie = compile({ consistentHash: { httpCookie: { name: 'user', ttl: '0s' } } });
    expect(cookie.config.consistentHash?.key).toEqual({ kind: 'cookie', name: 'user', ttlSeconds: 0 });
    expect(cookie.diag.items).toEqual([]);
  });

  it('defaults consistentHash to RING_HASH with minimum ring 1024; maglev → MAGLEV 65537', () => {
    const ring = compile({ consistentHash: { httpHeaderName: 'x' } }).config;
    expect(ring.algorithm).toBe('RING_HASH');
    expect(ring.consistentHash?.ringHash).toEqual({ minimumRingSize: 1024, maximumRingSize: 8_388_608 });
    const mag = compile({ consistentHash: { httpHeaderName: 'x', maglev: {} } }).config;
    expect(mag.algorithm).toBe('MAGLEV');
    expect(mag.consistentHash?.maglevTableSize).toBe(65537);
    expect(compile({ consistentHash: { httpHeaderName: 'x', ringHash: { minimumRingSize: 4096 } } }).config.consistentHash?.ringHash?.minimumRingSize).toBe(4096);
    expect(compile({ consistentHash: { httpHeaderName: 'x', ringHash: { minimumRingSize: 0 } } }).config.consistentHash?.ringHash?.minimumRingSize).toBe(1024);
  });

  it('uses the deprecated minimumRingSize with a warning', () => {
    const { config, diag } = compile({ consistentHash: { httpCookie: { name: 'u', ttl: '10s' }, minimumRingSize: 2048 } });
    expect(config.consistentHash?.ringHash?.minimumRingSize).toBe(2048);
    expect(warnings(diag)).toEqual([
      expect.stringContaining('httpCookie.ttl: not modeled'),
      expect.stringContaining('minimumRingSize is deprecated'),
    ]);
  });

  it('rejects a non-prime Maglev table, two hash keys, ringHash with maglev, and a cookie without a name', () => {
    expect(errors(compile({ consistentHash: { httpHeaderName: 'x', maglev: { tableSize: 65536 } } }).diag)).toEqual([
      `${PATH.join('.')}.consistentHash.maglev.tableSize: 65536 is not prime; Envoy rejects the cluster`,
    ]);
    expect(errors(compile({ consistentHash: { httpHeaderName: 'x', useSourceIp: true } }).diag)).toEqual([expect.stringContaining('oneof hashKey')]);
    expect(errors(compile({ consistentHash: { httpHeaderName: 'x', ringHash: {}, maglev: {} } }).diag)).toEqual([expect.stringContaining('oneof hashAlgorithm')]);
    expect(errors(compile({ consistentHash: { httpCookie: { ttl: '1s' } } }).diag)).toEqual([expect.stringContaining('httpCookie.name: is required')]);
  });

  it('warns when a consistent hash has no key (Envoy then picks at random)', () => {
    const { config, diag } = compile({ consistentHash: { useSourceIp: false } });
    expect(config.consistentHash?.key).toEqual({ kind: 'none' });
    expect(warnings(diag)).toEqual([expect.stringContaining('no hash key')]);
  });

  it('compiles warmup (slow start), rejects a number for its duration, and ignores unknown fields', () => {
    expect(compile({ warmupDurationSecs: '30s' }).config.slowStart?.windowSeconds).toBe(30);
    expect(errors(compile({ warmupDurationSecs: 30 }).diag)).toEqual([expect.stringContaining('must be a duration')]);
    expect(warnings(compile({ simple: 'RANDOM', fastest: true }).diag)).toEqual([expect.stringContaining('unknown field "fastest"')]);
  });

  it('accepts snake_case field names (protojson)', () => {
    expect(compile({ consistent_hash: { use_source_ip: true } }).config.consistentHash?.key).toEqual({ kind: 'sourceIp' });
  });

  it('isPrime', () => {
    expect([2, 3, 65537, 5_000_011].every(isPrime)).toBe(true);
    expect([0, 1, 4, 65536, 5_000_010].some(isPrime)).toBe(false);
  });
});

describe('localityLbSetting', () => {
  const lls = (s: unknown) => compile({ localityLbSetting: s });

  it('compiles distribute in the order written', () => {
    const { config, diag } = lls({ distribute: [{ from: 'r1/z1/*', to: { 'r1/z1/*': 80, 'r1/z2/*': 20 } }] });
    expect(diag.items).toEqual([]);
    expect(config.locality.distribute).toEqual([{ from: 'r1/z1/*', to: [['r1/z1/*', 80], ['r1/z2/*', 20]] }]);
  });

  it('rejects weights not summing to 100, with the path of `to`', () => {
    const { diag } = lls({ distribute: [{ from: 'r1/*', to: { 'r1/*': 60, 'r2/*': 30 } }] });
    expect(diag.items).toEqual([
      expect.objectContaining({ severity: 'error', path: [...PATH, 'localityLbSetting', 'distribute', 0, 'to'], message: 'weights sum to 90', expected: 'weights summing to 100' }),
    ]);
  });

  it('rejects weights outside 1..100, misplaced wildcards and overlapping localities', () => {
    expect(errors(lls({ distribute: [{ from: 'r1', to: { r1: 0, r2: 100 } }] }).diag)).toEqual([expect.stringContaining('out of range')]);
    expect(errors(lls({ distribute: [{ from: 'r1/*/z', to: { r1: 100 } }] }).diag)).toEqual([expect.stringContaining("'*' may appear once")]);
    expect(errors(lls({ distribute: [{ from: 'r1', to: { 'r1/*': 50, 'r1/z1': 50 } }] }).diag)).toEqual([expect.stringContaining('overlaps')]);
    expect(errors(lls({ distribute: [{ from: 'r1/*', to: { r1: 100 } }, { from: 'r1/z1', to: { r1: 100 } }] }).diag)).toEqual([expect.stringContaining('overlaps')]);
  });

  it('validates failover: regions only, no wildcard, from ≠ to', () => {
    expect(errors(lls({ failover: [{ from: 'r1', to: 'r1' }] }).diag)).toEqual([expect.stringContaining('both "r1"')]);
    expect(errors(lls({ failover: [{ from: 'r1/z1', to: 'r2' }] }).diag)).toEqual([expect.stringContaining('regions only')]);
    expect(errors(lls({ failover: [{ from: 'r1', to: '*' }] }).diag)).toEqual([expect.stringContaining('wildcard')]);
    expect(lls({ failover: [{ from: 'r1', to: 'r2' }] }).config.locality.failover).toEqual([{ from: 'r1', to: 'r2' }]);
  });

  it('allows only one of distribute / failover / failoverPriority (failover + label-only failoverPriority is fine)', () => {
    expect(errors(lls({ distribute: [{ from: 'r1', to: { r1: 100 } }], failover: [{ from: 'r1', to: 'r2' }] }).diag)).toEqual([expect.stringContaining('together with')]);
    expect(errors(lls({ failover: [{ from: 'r1', to: 'r2' }], failoverPriority: ['topology.kubernetes.io/zone'] }).diag)).toHaveLength(1);
    const ok = lls({ failover: [{ from: 'r1', to: 'r2' }], failoverPriority: ['net', 'tier=gold'] });
    expect(ok.diag.items).toEqual([]);
    expect(ok.config.locality.failoverPriority).toEqual([{ key: 'net' }, { key: 'tier', value: 'gold' }]);
  });

  it('enabled: false turns locality LB off', () => {
    expect(lls({ enabled: false }).config.locality.enabled).toBe(false);
  });
});

describeWithShared('istio-corpus', 'real DestinationRules from the Istio corpus', (root) => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name) && readFileSync(p, 'utf8').includes('loadBalancer')) files.push(p);
    }
  };
  walk(root);

  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('compiles every loadBalancer in it without errors; warnings only for deprecated or not-modeled fields', () => {
    const seen: string[] = [];
    for (const file of files) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
        const r = doc.toJS() as { kind?: string; spec?: { trafficPolicy?: { loadBalancer?: unknown }; subsets?: Array<{ trafficPolicy?: { loadBalancer?: unknown } }> } } | null;
        if (r?.kind !== 'DestinationRule') continue;
        const lbs = [r.spec?.trafficPolicy?.loadBalancer, ...(r.spec?.subsets ?? []).map((s) => s.trafficPolicy?.loadBalancer)].filter((x) => x !== undefined);
        for (const lb of lbs) {
          const { diag } = compile(lb);
          for (const d of diag.items) seen.push(`${d.severity} ${d.path.slice(3).join('.')}: ${d.message}`);
        }
      }
    }
    // Every diagnostic is a warning about a deprecated or not-modeled field; none is an error.
    const unexpected = seen.filter((s) => !/^warning .*(not modeled|deprecated|assumes)/.test(s));
    expect(seen.length).toBeGreaterThan(0);
    expect(unexpected).toEqual([]);
  });
});

describe('zoneAwareLbSetting', () => {
  it('compiles enabled + failover (the istio/api example), warning about self-discovery', () => {
    const { config, diag } = compile({ simple: 'LEAST_REQUEST', zoneAwareLbSetting: { enabled: true, failover: [{ from: 'us-east', to: 'eu-west' }] } });
    expect(config.zoneAware).toEqual({ enabled: true, failover: [{ from: 'us-east', to: 'eu-west' }], failoverPriority: [], minClusterSize: 6 });
    expect(warnings(diag)).toEqual([expect.stringContaining('ISTIO_META_ENABLE_SELF_DISCOVERY')]);
    // enabled: false is kept: it still overrides the mesh locality setting (Istio GetEffectiveLbSetting).
    expect(compile({ zoneAwareLbSetting: { enabled: false } }).config.zoneAware?.enabled).toBe(false);
    // enabled absent means on.
    expect(compile({ zoneAwareLbSetting: {} }).config.zoneAware?.enabled).toBe(true);
  });
});

describe('locality LB needs outlier detection (Istio)', () => {
  const lbPath = [...PATH, 'localityLbSetting'];
  it('warns when failover is written without outlierDetection, and reports the activation', () => {
    const { config } = compile({ localityLbSetting: { enabled: true, failover: [{ from: 'r1', to: 'r2' }] } });
    const diag = new Diagnostics(0);
    expect(checkLocalityLbPrerequisites(config, false, lbPath, diag)).toBe('InactiveWithoutOutlierDetection');
    expect(diag.items).toEqual([expect.objectContaining({ severity: 'warning', path: lbPath, message: expect.stringContaining('needs outlierDetection') })]);
    expect(checkLocalityLbPrerequisites(config, true, lbPath, new Diagnostics(0))).toBe('Active');
  });

  it('stays quiet for the mesh default, for enabled: false and for distribute', () => {
    const quiet = (raw: unknown): Diagnostics => {
      const d = new Diagnostics(0);
      checkLocalityLbPrerequisites(compile(raw).config, false, lbPath, d);
      return d;
    };
    expect(quiet(undefined).items).toEqual([]);
    expect(quiet({ localityLbSetting: { enabled: false } }).items).toEqual([]);
    expect(quiet({ localityLbSetting: { distribute: [{ from: 'r1', to: { r1: 100 } }] } }).items).toEqual([]);
  });
});
