import { expect } from 'vitest';
import { effectiveRetryHostPredicate, ISTIO_DEFAULT_INBOUND_RETRY_POLICY, type RetryPolicyConfig } from '../../src/policy/retryPolicy.js';
import { request, seeded } from '../policy/policyFixtures.js';
import { dr, FILES, policyOf, vs, type PeerCase } from './peerCase.js';

/** What the caller's sidecar programs for one route: the retry policy and the previous_hosts predicate as Envoy gets it. */
function outbound(retries: unknown, opts: { hash?: boolean; weighted?: boolean } = {}): { retry: RetryPolicyConfig; previousHosts: boolean } {
  const route = opts.weighted
    ? [{ destination: { host: 'reviews', subset: 'v1' }, weight: 50 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 50 }]
    : [{ destination: { host: 'reviews' } }];
  const p = policyOf(
    vs({ hosts: ['reviews'], http: [{ route, ...(retries === undefined ? {} : { retries }) }] }),
    dr({
      host: 'reviews',
      ...(opts.hash ? { trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: 'x-user' } } } } : {}),
      subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }],
    }),
  );
  const d = p.route(request({ host: 'reviews' }), seeded(1));
  if (d.kind !== 'route') throw new Error(`expected a route, got ${d.reason}`);
  const lb = p.destinationPolicy(d.destination.host, d.destination.subset === undefined ? {} : { subset: d.destination.subset }).loadBalancer;
  return { retry: d.retry, previousHosts: effectiveRetryHostPredicate(d.retry, lb.algorithm === 'RING_HASH' || lb.algorithm === 'MAGLEV') };
}

const tokens = (r: RetryPolicyConfig): string[] => [...r.retryOn.tokens].sort();
const codes = (r: RetryPolicyConfig): number[] => [...r.retryOn.statusCodes].sort((a, b) => a - b);
const DEFAULT_TOKENS = ['cancelled', 'connect-failure', 'refused-stream', 'retriable-status-codes', 'unavailable'];
const T = 'TestRetry';
const webhookRefuses = (what: string): string =>
  `the input (${what}) never reaches translation: Istio's admission webhook refuses it, and so does meshsim (see the validation family)`;

export const retryCases: PeerCase[] = [
  {
    family: 'retries', file: FILES.retry, test: `${T}/TestNilRetryShouldReturnDefault`,
    expectation: 'no retries block: the default policy — 2 retries on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes, no status codes, previous_hosts, 5 host re-picks',
    check: () => {
      const { retry, previousHosts } = outbound(undefined);
      expect([retry.numRetries, tokens(retry), codes(retry), previousHosts, retry.hostSelectionRetryMaxAttempts]).toEqual([2, DEFAULT_TOKENS, [], true, 5]);
    },
  },
  {
    family: 'retries', file: FILES.retry, test: `${T}/TestZeroAttemptsShouldReturnNilPolicy`,
    expectation: 'attempts: 0 — no retry policy at all',
    check: () => expect(outbound({ attempts: 0 }).retry.numRetries).toBe(0),
  },
  {
    family: 'retries', file: FILES.retry, test: `${T}/TestRetryWithAllFieldsSet`,
    expectation: 'attempts, retryOn, perTryTimeout and backoff are carried as written; no status codes, no retry priority, previous_hosts and 5 re-picks (Istio uses placeholder tokens its webhook refuses; translated with valid ones)',
    check: () => {
      const { retry, previousHosts } = outbound({ attempts: 2, retryOn: '5xx,gateway-error,reset', perTryTimeout: '3s', backoff: '2s' });
      expect([retry.numRetries, tokens(retry), codes(retry), retry.perTryTimeout, retry.backoff.baseSeconds, retry.previousPrioritiesUpdateFrequency, previousHosts, retry.hostSelectionRetryMaxAttempts]).toEqual([
        2, ['5xx', 'gateway-error', 'reset'], [], 3, 2, undefined, true, 5,
      ]);
    },
  },
  { family: 'retries', file: FILES.retry, test: `${T}/TestRetryOnWithEmptyParts`, expectation: 'empty parts of retryOn are dropped', notModeled: webhookRefuses('retryOn with empty parts') },
  {
    family: 'retries', file: FILES.retry, test: `${T}/TestRetryOnWithRetriableStatusCodes`,
    expectation: '"gateway-error,retriable-status-codes,503": tokens gateway-error and retriable-status-codes, status codes [503]',
    check: () => {
      const { retry } = outbound({ attempts: 2, retryOn: 'gateway-error,retriable-status-codes,503' });
      expect([tokens(retry), codes(retry)]).toEqual([['gateway-error', 'retriable-status-codes'], [503]]);
    },
  },
  {
    family: 'retries', file: FILES.retry, test: `${T}/TestRetryOnWithResetBeforeRequest`,
    expectation: 'retryOn reset-before-request is kept as the only condition',
    check: () => expect(tokens(outbound({ attempts: 2, retryOn: 'reset-before-request' }).retry)).toEqual(['reset-before-request']),
  },
  { family: 'retries', file: FILES.retry, test: `${T}/TestRetryOnWithWhitespace`, expectation: 'spaces and tabs around retryOn parts are trimmed', notModeled: webhookRefuses('retryOn parts padded with spaces') },
  {
    family: 'retries', file: FILES.retry, test: `${T}/TestRetryOnContainingStatusCodes`,
    expectation: 'numeric parts move to retriable status codes (404, 503) and retriable-status-codes is appended (translated without the placeholder tokens)',
    check: () => {
      const { retry } = outbound({ attempts: 2, retryOn: '5xx,404,gateway-error,503' });
      expect([tokens(retry), codes(retry)]).toEqual([['5xx', 'gateway-error', 'retriable-status-codes'], [404, 503]]);
    },
  },
  { family: 'retries', file: FILES.retry, test: `${T}/TestRetryOnWithInvalidStatusCodesShouldAddToRetryOn`, expectation: '1000 is not an HTTP status: kept as a retryOn token', notModeled: webhookRefuses('retryOn "1000"') },
  {
    family: 'retries', file: FILES.retry, test: `${T}/TestMissingRetryOnShouldReturnDefaults`,
    expectation: 'attempts without retryOn: the default retryOn and status codes',
    check: () => {
      const { retry } = outbound({ attempts: 2 });
      expect([tokens(retry), codes(retry)]).toEqual([DEFAULT_TOKENS, []]);
    },
  },
  {
    family: 'retries', file: FILES.retry, test: `${T}/TestMissingPerTryTimeoutShouldReturnNil`,
    expectation: 'no perTryTimeout: none is set',
    check: () => expect(outbound({ attempts: 2 }).retry.perTryTimeout).toBeUndefined(),
  },
  {
    family: 'retries', file: FILES.retry, test: `${T}/TestRetryRemoteLocalities`,
    expectation: 'retryRemoteLocalities: true adds previous_priorities with update frequency 2; retryOn stays the default',
    check: () => {
      const { retry } = outbound({ attempts: 2, retryRemoteLocalities: true });
      expect([retry.previousPrioritiesUpdateFrequency, tokens(retry)]).toEqual([2, DEFAULT_TOKENS]);
    },
  },
  {
    family: 'retries', file: FILES.retry, test: `${T}/TestRetryPreviousHostsDefault`,
    expectation: 'attempts only: previous_hosts predicate, 5 re-picks, no retry priority',
    check: () => {
      const { retry, previousHosts } = outbound({ attempts: 2 });
      expect([retry.numRetries, previousHosts, retry.hostSelectionRetryMaxAttempts, retry.previousPrioritiesUpdateFrequency]).toEqual([2, true, 5, undefined]);
    },
  },
  {
    family: 'retries', file: FILES.retry, test: `${T}/TestRetryPreviousHostsDefaultWithHashPolicy`,
    expectation: 'toward a consistent-hash destination the default predicate is dropped (re-picking would defeat the hash); 5 re-picks kept',
    check: () => {
      const { retry, previousHosts } = outbound({ attempts: 2 }, { hash: true });
      expect([previousHosts, retry.hostSelectionRetryMaxAttempts]).toEqual([false, 5]);
    },
  },
  {
    family: 'retries', file: FILES.retry, test: `${T}/TestRetryPreviousHostsForHashPolicyWithRetryIgnorePreviousHosts`,
    expectation: 'an explicit retryIgnorePreviousHosts: true keeps previous_hosts even toward a consistent-hash destination',
    check: () => expect(outbound({ attempts: 2, retryIgnorePreviousHosts: true }, { hash: true }).previousHosts).toBe(true),
  },
  {
    family: 'retries', file: FILES.retry, test: `${T}/TestRetryPreviousHostsDisabled`,
    expectation: 'retryIgnorePreviousHosts: false — no host predicate',
    check: () => expect(outbound({ attempts: 2, retryIgnorePreviousHosts: false }).previousHosts).toBe(false),
  },
  {
    family: 'retries', file: 'pilot/pkg/networking/core/route/route.go (applyHTTPRouteDestination, exercised by route_test.go)', test: 'TestBuildHTTPRoutes/weighted routes compute no hash policy',
    expectation: 'a route with more than one destination is built as if no destination hashed: previous_hosts stays, toward a consistent-hash destination too',
    check: () => {
      expect(outbound(undefined, { hash: true, weighted: true }).previousHosts).toBe(true);
      expect(outbound({ attempts: 3 }, { hash: true, weighted: true }).previousHosts).toBe(true);
    },
  },
  {
    family: 'retries', file: FILES.route, test: 'TestBuildHTTPRoutes/for virtual service with ring hash',
    expectation: 'a single-destination route toward a cookie-hashed service carries the hash policy and no retry host predicate',
    check: () => {
      const p = policyOf(vs({ hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }] }] }), dr({ host: 'reviews', trafficPolicy: { loadBalancer: { consistentHash: { httpCookie: { name: 'hash-cookie', ttl: '0s' } } } } }));
      const d = p.route(request({ host: 'reviews' }), seeded(1));
      if (d.kind !== 'route') throw new Error('no route');
      const lb = p.destinationPolicy('reviews').loadBalancer;
      expect([lb.algorithm, lb.consistentHash?.key, effectiveRetryHostPredicate(d.retry, true)]).toEqual(['RING_HASH', { kind: 'cookie', name: 'hash-cookie', ttlSeconds: 0 }, false]);
    },
  },
  {
    family: 'retries', file: FILES.retry, test: 'TestInboundRetry/TestNilRetryShouldReturnDefault',
    expectation: 'the server sidecar\'s inbound route retries twice on reset-before-request, with no host predicate, no re-picks, no retry priority',
    check: () => {
      const r = ISTIO_DEFAULT_INBOUND_RETRY_POLICY;
      expect([r.numRetries, tokens(r), codes(r), r.previousHostsPredicate, r.previousPrioritiesUpdateFrequency, r.perTryTimeout]).toEqual([2, ['reset-before-request'], [], false, undefined, undefined]);
    },
  },
  ...['TestZeroAttemptsShouldReturnNilPolicy', 'TestAttemptsOnlyKeepsDefaultRetryOn', 'TestRetryOnAndBackoff', 'TestIrrelevantFieldsAreIgnored'].map(
    (name): PeerCase => ({
      family: 'retries', file: FILES.retry, test: `TestInboundRetry/${name}`,
      expectation: 'MeshConfig defaultInboundHttpRetryPolicy tunes the inbound retry (attempts 0 disables; retryOn and backoff honoured; per-try timeout and host predicates ignored)',
      notModeled: 'MeshConfig: the mesh-wide defaultInboundHttpRetryPolicy cannot be given; meshsim uses Istio\'s default inbound policy',
    }),
  ),
];
