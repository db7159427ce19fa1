import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/cliIo.js';
import { objectivesFor, parseSloFlags } from '../../src/cli/sloFlags.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';

function usage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  throw new Error('no usage error');
}

describe('--slo', () => {
  const { scenario } = loadScenario('scenarios/bookinfo.yaml');

  it('names the flag, the value, the column and what was expected', () => {
    expect(usage(() => parseSloFlags('--slo', ['p99<250ms', 'p99<fast']))).toBe(
      "--slo 'p99<fast': column 5: 'fast' is not a duration (expected a duration with a unit, such as 250ms, 1.5s, 2m (units: us, ms, s, m, h))",
    );
  });

  it('replaces the scenario\'s objectives, checked against its services', () => {
    const flagged = parseSloFlags('--slo', ['services.reviews.p99<100ms']);
    expect(objectivesFor('--slo', flagged, scenario)).toBe(flagged);
    expect(objectivesFor('--slo', [], scenario)).toBe(scenario.slo);
    expect(usage(() => objectivesFor('--slo', parseSloFlags('--slo', ['services.nope.p99<1s', 'p99<1ms', 'p99>1s']), scenario))).toMatch(
      /^--slo 'services.nope.p99<1s': 'services.nope.p99<1s' names service "nope", which the scenario does not have \(expected one of: .*\) \(and 1 more problem\)$/,
    );
  });
});
