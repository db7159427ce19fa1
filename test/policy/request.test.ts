import { describe, expect, it } from 'vitest';
import { withSource, type PolicyRequest, type PolicySource } from '../../src/policy/request.js';

describe('withSource', () => {
  const caller: PolicySource = { labels: { app: 'productpage' }, namespace: 'default', principal: 'cluster.local/ns/default/sa/productpage', ip: '10.0.0.1' };
  const plain: PolicySource = { labels: { app: 'productpage' }, namespace: 'default', ip: '10.0.0.1' };

  it('is the request with only its source replaced, keys in the order a spread gives', () => {
    const request: PolicyRequest = { host: 'reviews', method: 'GET', path: '/reviews/1', headers: { 'end-user': 'jason' }, source: plain };
    const seen = withSource(request, caller);
    expect(seen).toEqual({ ...request, source: caller });
    expect(Object.keys(seen)).toEqual(Object.keys({ ...request, source: caller }));
    expect(request.source).toBe(plain);
  });

  it('keeps the port when the caller named one', () => {
    const request: PolicyRequest = { host: 'reviews', port: 9080, method: 'POST', path: '/', headers: {}, source: plain };
    expect(withSource(request, caller)).toEqual({ ...request, source: caller });
    expect(Object.keys(withSource(request, caller))).toEqual(Object.keys({ ...request, source: caller }));
  });
});
