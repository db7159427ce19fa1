import { describe, expect, it } from 'vitest';
import { formatBytes, formatCpu, parseQuantity } from '../../src/import/kubernetesQuantity.js';
import { isDnsLabel, toDnsLabel, uniqueLabel } from '../../src/import/dnsLabel.js';

describe('Kubernetes quantities', () => {
  it('reads binary, decimal and exponent forms', () => {
    expect(parseQuantity('128Mi')).toBe(128 * 2 ** 20);
    expect(parseQuantity('1Gi')).toBe(2 ** 30);
    expect(parseQuantity('250m')).toBe(0.25);
    expect(parseQuantity('2')).toBe(2);
    expect(parseQuantity(2)).toBe(2);
    expect(parseQuantity('1.5G')).toBe(1.5e9);
    expect(parseQuantity('129e6')).toBe(129e6);
    expect(parseQuantity('12 apples')).toBeUndefined();
    expect(parseQuantity('1mi')).toBeUndefined();
  });
  it('writes sizes the scenario accepts and CPU as Kubernetes does', () => {
    expect(formatBytes(256 * 2 ** 20)).toBe('256MiB');
    expect(formatBytes(2 ** 30)).toBe('1GiB');
    expect(formatBytes(1e9)).toBe('953.674MiB');
    expect(formatBytes(100)).toBe('100B');
    expect(formatCpu(0.5)).toBe('500m');
    expect(formatCpu(2)).toBe('2');
  });
});

describe('DNS labels', () => {
  it('turns any text into a label of at most 63 characters', () => {
    expect(toDnsLabel('Reviews_V2.1')).toBe('reviews-v2-1');
    expect(toDnsLabel('--x--')).toBe('x');
    expect(toDnsLabel('§§')).toBe('imported');
    const long = toDnsLabel('a'.repeat(70) + '-b');
    expect(long.length).toBe(63);
    expect(isDnsLabel(long)).toBe(true);
    for (const s of ['frontend.shop', 'productpage.default.svc.cluster.local', 'A B C', '9lives']) expect(isDnsLabel(toDnsLabel(s))).toBe(true);
  });
  it('keeps names unique without breaking the length limit', () => {
    const taken = new Set<string>();
    const base = 'x'.repeat(63);
    expect(uniqueLabel(base, taken)).toBe(base);
    const second = uniqueLabel(base, taken);
    expect(second).toBe('x'.repeat(61) + '-2');
    expect(isDnsLabel(second)).toBe(true);
  });
});
