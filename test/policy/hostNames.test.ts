import { describe, expect, it } from 'vitest';
import { hostMatches, hostSpecificity, kubernetesService, resolveConfigHost, resolveRequestHost } from '../../src/policy/hostNames.js';

describe('host names', () => {
  it('config hosts: only dotless names are expanded (pilot ResolveShortnameToFQDN)', () => {
    expect(resolveConfigHost('reviews', 'prod')).toBe('reviews.prod.svc.cluster.local');
    expect(resolveConfigHost('Reviews.Other', 'prod')).toBe('reviews.other');
    expect(resolveConfigHost('*', 'prod')).toBe('*');
    expect(resolveConfigHost('*.example.com', 'prod')).toBe('*.example.com');
  });

  it('request hosts follow the DNS search path and drop the port', () => {
    expect(resolveRequestHost('reviews', 'prod')).toBe('reviews.prod.svc.cluster.local');
    expect(resolveRequestHost('reviews.dev:9080', 'prod')).toBe('reviews.dev.svc.cluster.local');
    expect(resolveRequestHost('reviews.dev.svc', 'prod')).toBe('reviews.dev.svc.cluster.local');
    expect(resolveRequestHost('api.example.com', 'prod')).toBe('api.example.com');
    expect(resolveRequestHost('10.0.0.1', 'prod')).toBe('10.0.0.1');
  });

  it('wildcards match subdomains only; specificity orders exact > long suffix > short suffix > *', () => {
    expect(hostMatches('*.example.com', 'a.b.example.com')).toBe(true);
    expect(hostMatches('*.example.com', 'example.com')).toBe(false);
    expect(hostMatches('*', 'anything')).toBe(true);
    expect(hostMatches('Reviews.default.svc.cluster.local', 'reviews.default.svc.cluster.local')).toBe(true);
    const order = ['*', '*.local', '*.default.svc.cluster.local', 'reviews.default.svc.cluster.local'].map(hostSpecificity);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('splits Kubernetes service hosts', () => {
    expect(kubernetesService('reviews.prod.svc.cluster.local')).toEqual({ name: 'reviews', namespace: 'prod' });
    expect(kubernetesService('api.example.com')).toBeUndefined();
  });
});
