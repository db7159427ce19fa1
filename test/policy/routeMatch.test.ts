import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/policy/diagnostics.js';
import { compileRouteMatch, routeMatches, type CompiledRouteMatch } from '../../src/policy/routeMatch.js';
import { request } from './policyFixtures.js';

function compile(raw: unknown): CompiledRouteMatch {
  const diag = new Diagnostics();
  const m = compileRouteMatch(raw, ['spec', 'http', 0, 'match', 0], diag);
  if (m === undefined) throw new Error(JSON.stringify(diag.items));
  return m;
}

describe('HTTPMatchRequest (§7.1)', () => {
  it('uri prefix is a plain string prefix; exact ignores the query string; regex matches the whole path', () => {
    expect(routeMatches(compile({ uri: { prefix: '/foo' } }), request({ path: '/foobar' }))).toBe(true);
    expect(routeMatches(compile({ uri: { exact: '/foo' } }), request({ path: '/foo?x=1' }))).toBe(true);
    expect(routeMatches(compile({ uri: { regex: '/v[0-9]+' } }), request({ path: '/v12' }))).toBe(true);
    expect(routeMatches(compile({ uri: { regex: '/v[0-9]+' } }), request({ path: '/v12/x' }))).toBe(false);
  });

  it('regexes are RE2 (issue 18): (?i) works on a header, and a prefix-only regex does not match', () => {
    const chrome = compile({ headers: { 'user-agent': { regex: '(?i).*chrome.*' } } });
    expect(routeMatches(chrome, request({ headers: { 'user-agent': 'Mozilla Chrome/1' } }))).toBe(true);
    expect(routeMatches(chrome, request({ headers: { 'user-agent': 'Mozilla Firefox/1' } }))).toBe(false);
    expect(routeMatches(compile({ headers: { 'user-agent': { regex: 'Mozilla' } } }), request({ headers: { 'user-agent': 'Mozilla Chrome/1' } }))).toBe(false);
    expect(routeMatches(compile({ queryParams: { v: { regex: '[0-9]+' } } }), request({ path: '/?v=12' }))).toBe(true);
    expect(routeMatches(compile({ queryParams: { v: { regex: '[0-9]+' } } }), request({ path: '/?v=12a' }))).toBe(false);
    expect(routeMatches(compile({ authority: { regex: 'reviews(:[0-9]+)?' } }), request({ headers: { ':authority': 'reviews:9080' } }))).toBe(true);
  });

  it('ignoreUriCase does not apply to a uri regex (Envoy: ignore_case is for exact and prefix)', () => {
    expect(routeMatches(compile({ uri: { regex: '/API/.*' }, ignoreUriCase: true }), request({ path: '/api/x' }))).toBe(false);
    expect(routeMatches(compile({ uri: { regex: '(?i)/API/.*' } }), request({ path: '/api/x' }))).toBe(true);
  });

  it('ignoreUriCase applies to uri exact and prefix', () => {
    const m = compile({ uri: { prefix: '/API' }, ignoreUriCase: true });
    expect(routeMatches(m, request({ path: '/api/x' }))).toBe(true);
    expect(routeMatches(compile({ uri: { prefix: '/API' } }), request({ path: '/api/x' }))).toBe(false);
  });

  it('headers: names are case-insensitive, {} is presence, regex "*" is presence, missing header fails', () => {
    expect(routeMatches(compile({ headers: { 'End-User': { exact: 'jason' } } }), request({ headers: { 'end-user': 'jason' } }))).toBe(true);
    expect(routeMatches(compile({ headers: { 'x-canary': {} } }), request({ headers: { 'x-canary': '' } }))).toBe(true);
    expect(routeMatches(compile({ headers: { 'x-canary': {} } }), request())).toBe(false);
    expect(routeMatches(compile({ headers: { cookie: { regex: '^(.*?;)?(user=jason)(;.*)?$' } } }), request({ headers: { cookie: 'a=1; user=jason' } }))).toBe(false);
    expect(routeMatches(compile({ headers: { cookie: { regex: '^(.*?;)?(user=jason)(;.*)?$' } } }), request({ headers: { cookie: 'a=1;user=jason' } }))).toBe(true);
    expect(routeMatches(compile({ headers: { 'x-b': { regex: '*' } } }), request({ headers: { 'x-b': 'anything' } }))).toBe(true);
  });

  it('withoutHeaders inverts; a missing header counts as empty', () => {
    const m = compile({ withoutHeaders: { 'end-user': { exact: 'jason' } } });
    expect(routeMatches(m, request())).toBe(true);
    expect(routeMatches(m, request({ headers: { 'end-user': 'jason' } }))).toBe(false);
    const presence = compile({ withoutHeaders: { 'x-debug': {} } });
    expect(routeMatches(presence, request({ headers: { 'x-debug': '1' } }))).toBe(false);
    expect(routeMatches(presence, request())).toBe(true);
  });

  it('method, authority, queryParams (exact "" = presence), port, sourceNamespace', () => {
    expect(routeMatches(compile({ method: { exact: 'POST' } }), request({ method: 'GET' }))).toBe(false);
    expect(routeMatches(compile({ authority: { prefix: 'reviews' } }), request({ host: 'reviews.default:9080' }))).toBe(true);
    expect(routeMatches(compile({ queryParams: { debug: { exact: '' } } }), request({ path: '/?debug=' }))).toBe(true);
    expect(routeMatches(compile({ queryParams: { debug: { exact: '' } } }), request({ path: '/' }))).toBe(false);
    expect(routeMatches(compile({ port: 9080 }), request({ port: 9081 }))).toBe(false);
    expect(routeMatches(compile({ port: 9080 }), request({ port: 9080 }))).toBe(true);
    expect(routeMatches(compile({ port: 9080 }), request())).toBe(true); // port not modeled by the caller
    expect(routeMatches(compile({ sourceNamespace: 'prod' }), request({ source: { namespace: 'dev' } }))).toBe(false);
  });

  it('JWT claim headers never match and are warned about', () => {
    const diag = new Diagnostics();
    const m = compileRouteMatch({ headers: { '@request.auth.claims.groups': { exact: 'admin' } } }, ['m'], diag);
    expect(diag.items.map((d) => d.severity)).toEqual(['warning']);
    expect(routeMatches(m as CompiledRouteMatch, request({ headers: { '@request.auth.claims.groups': 'admin' } }))).toBe(false);
  });

  it('rejects two match kinds at once', () => {
    const diag = new Diagnostics();
    expect(compileRouteMatch({ uri: { exact: '/a', prefix: '/b' } }, ['m'], diag)).toBeUndefined();
    expect(diag.items[0]).toMatchObject({ severity: 'error', path: ['m', 'uri'], message: 'sets exact and prefix; a match takes exactly one' });
  });
});
