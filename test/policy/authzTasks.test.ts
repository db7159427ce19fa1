import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../src/policy/compilePolicy.js';
import { describeWithShared } from '../sharedFiles.js';
import { corpusRoot } from './corpusWalk.js';
import { errorsOf, request, resourcesFromYaml } from './policyFixtures.js';

/** istio.io authorization tasks, files unmodified, against the outcomes the pages state (corpus SOURCES.md). */
const task = (dir: string, ...files: string[]) => {
  const base = join(corpusRoot, 'istio.io/content/en/docs/tasks/security/authorization', dir, 'extracted');
  const r = compilePolicy(resourcesFromYaml(files.map((f) => readFileSync(join(base, f), 'utf8')).join('\n---\n')));
  expect(errorsOf(r)).toEqual([]);
  return r.policy;
};
const sa = (name: string) => ({ principal: `cluster.local/ns/default/sa/${name}`, namespace: 'default', labels: { app: name.replace('bookinfo-', '') } });
const wl = (app: string, namespace = 'default') => ({ labels: { app, version: 'v1' }, namespace });

describeWithShared('istio-corpus/istio.io/content/en/docs/tasks/security/authorization', 'istio.io authorization tasks', () => {
  describe('authz-http task (bookinfo, mTLS)', () => {
    it('step 1: allow-nothing denies productpage with 403', () => {
      const p = task('authz-http', '01-authorizationpolicy-deny-all.yaml');
      expect(p.authorize(request({ host: 'productpage' }), wl('productpage'))).toMatchObject({ allowed: false, status: 403 });
    });

    it('steps 2-5: viewers opened one by one', () => {
      const files = ['01-authorizationpolicy-deny-all.yaml', '02-authorizationpolicy-productpage-viewer.yaml', '03-authorizationpolicy-details-viewer.yaml', '04-authorizationpolicy-reviews-viewer.yaml', '05-authorizationpolicy-ratings-viewer.yaml'];
      const step2 = task('authz-http', ...files.slice(0, 2));
      expect(step2.authorize(request({ host: 'productpage' }), wl('productpage')).allowed).toBe(true);
      expect(step2.authorize(request({ host: 'details', source: sa('bookinfo-productpage') }), wl('details')).allowed).toBe(false);
      const step4 = task('authz-http', ...files.slice(0, 4));
      expect(step4.authorize(request({ host: 'details', source: sa('bookinfo-productpage') }), wl('details')).allowed).toBe(true);
      expect(step4.authorize(request({ host: 'reviews', source: sa('bookinfo-productpage') }), wl('reviews')).allowed).toBe(true);
      expect(step4.authorize(request({ host: 'ratings', source: sa('bookinfo-reviews') }), wl('ratings')).allowed).toBe(false);
      const step5 = task('authz-http', ...files);
      expect(step5.authorize(request({ host: 'ratings', source: sa('bookinfo-reviews') }), wl('ratings')).allowed).toBe(true);
      // details-viewer names productpage's principal: another caller is still denied.
      expect(step5.authorize(request({ host: 'details', source: sa('bookinfo-reviews') }), wl('details')).allowed).toBe(false);
    });
  });

  describe('authz-deny task (httpbin in foo)', () => {
    const get = (path: string, token?: string) => request({ host: 'httpbin.foo', method: 'GET', path, headers: token ? { 'x-token': token } : {}, source: { namespace: 'foo' } });
    const httpbin = wl('httpbin', 'foo');

    it('DENY GET unless x-token admin; POST passes', () => {
      const p = task('authz-deny', '02-authorizationpolicy-deny-method-get-unless-admin.yaml');
      expect(p.authorize(get('/get', 'admin'), httpbin).allowed).toBe(true);
      expect(p.authorize(get('/get', 'guest'), httpbin)).toMatchObject({ allowed: false, reason: 'DeniedByPolicy', policy: 'foo/deny-method-get' });
      expect(p.authorize({ ...get('/post'), method: 'POST' }, httpbin).allowed).toBe(true);
    });

    it('with allow-path-ip: DENY wins for guests, admins reach /ip only', () => {
      const p = task('authz-deny', '02-authorizationpolicy-deny-method-get-unless-admin.yaml', '03-authorizationpolicy-allow-path-ip.yaml');
      expect(p.authorize(get('/ip', 'guest'), httpbin)).toMatchObject({ allowed: false, reason: 'DeniedByPolicy' });
      expect(p.authorize(get('/ip', 'admin'), httpbin)).toMatchObject({ allowed: true, policy: 'foo/allow-path-ip' });
      expect(p.authorize(get('/get', 'admin'), httpbin)).toMatchObject({ allowed: false, reason: 'NoAllowPolicyMatched' });
    });
  });
});
