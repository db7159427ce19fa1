import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { scenarioOverridesFromFlags, workersFromFlag } from '../../src/cli/scenarioFlags.js';

describe('the flags run and compare share', () => {
  it('override only what was given, in the scenario units', () => {
    expect(scenarioOverridesFromFlags({})).toEqual({});
    expect(scenarioOverridesFromFlags({ seed: '7', replications: '3', duration: '2m', warmup: 'auto', maxEvents: '5e8' })).toEqual({
      seed: 7,
      replications: 3,
      duration: 120,
      warmup: 'auto',
      maxEvents: 5e8,
    });
  });

  it('name the flag that is wrong', () => {
    expect(() => scenarioOverridesFromFlags({ replications: '0' })).toThrow(/^--replications: '0' is not allowed/);
    expect(() => scenarioOverridesFromFlags({ duration: '0s' })).toThrow(/^--duration: '0s' is not a positive duration/);
    // The file's limit holds for the flags too (issue 20).
    expect(() => scenarioOverridesFromFlags({ duration: '1001h' })).toThrow(/^--duration: '1001h' is too long \(expected at most 1000h\)$/);
    expect(() => scenarioOverridesFromFlags({ warmup: '100000h' })).toThrow(/^--warmup: '100000h' is too long/);
    expect(() => workersFromFlag({ workers: 'many' })).toThrow(/^--workers: 'many'/);
  });

  it('default to one worker per core', () => {
    expect(workersFromFlag({})).toBe(availableParallelism());
    expect(workersFromFlag({ workers: '3' })).toBe(3);
  });
});
