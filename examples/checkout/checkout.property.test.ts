/**
 * A property test a platform team writes over its own scenario and Istio YAML, with
 * vitest and fast-check, importing meshsim the way any user does (docs/property-testing.md).
 * Property: whatever one or two faults of the scenario's check: space strike — one
 * payments pod crashing or failing, checkout or payments slowing down — shoppers still
 * see 99% availability and a p99 under 500 ms, thanks to retries and outlier detection.
 */
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkProperty, describeFaultSet, faultArbitrary, loadScenario, simulate } from 'meshsim';

const scenario = loadScenario(fileURLToPath(new URL('./checkout.yaml', import.meta.url)));

describe('checkout under faults', () => {
  it('keeps availability >= 99% and p99 < 500ms under any one or two faults of the space', async () => {
    await fc.assert(
      fc.asyncProperty(faultArbitrary(scenario), async (set) => {
        const results = await simulate(scenario, { faults: set.faults, load: set.load });
        const verdict = checkProperty(results, ['availability >= 99%', 'p99 < 500ms']);
        // Noise is not a failure: only a property whose whole 95% interval misses counts.
        if (verdict.violated) throw new Error(`${describeFaultSet(set)}\n${verdict.message}`);
      }),
      { seed: 42, numRuns: 8 },
    );
  }, 600_000);

  it('can fail: a crash of every payments pod breaks availability', async () => {
    const results = await simulate(scenario, { faults: [{ kind: 'crash', service: 'payments', at: 2, for: Infinity }] });
    expect(checkProperty(results, 'availability >= 99%').violated).toBe(true);
  });
});
