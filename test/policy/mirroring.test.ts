import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/policy/diagnostics.js';
import { chooseMirrors, compileMirrors } from '../../src/policy/mirroring.js';
import { scripted } from './policyFixtures.js';

describe('mirroring (§7.3)', () => {
  it('mirror defaults to 100%; mirrorPercentage and legacy mirrorPercent set the share', () => {
    const diag = new Diagnostics();
    expect(compileMirrors({ mirror: { host: 'v2' } }, ['r'], 'prod', diag)).toEqual([{ destination: { host: 'v2.prod.svc.cluster.local' }, perMillion: 1_000_000 }]);
    expect(compileMirrors({ mirror: { host: 'v2' }, mirrorPercentage: { value: 12.5 } }, ['r'], 'prod', diag)[0]?.perMillion).toBe(125_000);
    expect(compileMirrors({ mirror: { host: 'v2' }, mirrorPercent: 40 }, ['r'], 'prod', diag)[0]?.perMillion).toBe(400_000);
    expect(diag.items).toEqual([]);
  });

  it('mirrors[] each roll independently, in order', () => {
    const diag = new Diagnostics();
    const targets = compileMirrors(
      { mirrors: [{ destination: { host: 'a' }, percentage: { value: 50 } }, { destination: { host: 'b', subset: 'v2', port: { number: 80 } } }] },
      ['r'],
      'default',
      diag,
    );
    expect(diag.items).toEqual([]);
    // b is 100%: no draw for it.
    const r = scripted(0.7);
    expect(chooseMirrors(targets, r)).toEqual([{ host: 'b.default.svc.cluster.local', subset: 'v2', port: 80 }]);
    expect(r.used()).toBe(1);
    expect(chooseMirrors(targets, scripted(0.49)).map((d) => d.host)).toEqual(['a.default.svc.cluster.local', 'b.default.svc.cluster.local']);
  });

  it('a percentage without a mirror is warned about', () => {
    const diag = new Diagnostics();
    expect(compileMirrors({ mirrorPercentage: { value: 5 } }, ['r'], 'default', diag)).toEqual([]);
    expect(diag.items[0]).toMatchObject({ severity: 'warning', path: ['r', 'mirrorPercentage'] });
  });
});
