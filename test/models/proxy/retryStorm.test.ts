import { describe, expect, it } from 'vitest';
import { runReplications } from '../../validation/replications.js';

/**
 * A metastable retry storm (issue 4): the three scenarios/retry-storm-*.yaml variants and a
 * control without the trigger, three seeds each. The server is an M/M/1 at ρ = 0.7 that runs
 * 4× slower from 5 s to 15 s; the 60 s warm-up covers the slowdown and the drain, so the
 * measured window (60–120 s) shows what state the trigger left behind.
 */

const SEEDS = 3;

describe('retry storm after a temporary slowdown (ρ = 0.7, 3 attempts per request → 2.1)', async () => {
  // The collapsed storm saturates the server, and the run says so.
  const storm = await runReplications('scenarios/retry-storm-no-budget.yaml', SEEDS, [], /^(meshsim: warning: service server: utilization 100\.0% — offered load at or above its capacity.*\n)?$/);
  const budget = await runReplications('scenarios/retry-storm-budget.yaml', SEEDS);
  const timeoutOnly = await runReplications('scenarios/retry-storm-timeout-only.yaml', SEEDS);
  const noTrigger = await runReplications('test/fixtures/proxy/retry-storm-no-trigger.yaml', SEEDS);

  it('retries without a budget: the service is still collapsed 45 s after the trigger ended', () => {
    for (const r of storm) {
      const server = r.services.server;
      // Every request makes all 3 attempts and none succeeds: offered work 2.1× capacity,
      // spent on attempts the caller has given up on (no cancellation) or refused at the queue.
      expect(r.endToEnd.availability).toBe(0);
      expect(r.edges[0]?.attempts).toBe(3 * r.endToEnd.requests);
      expect(server?.utilization).toBeGreaterThan(0.99);
      expect(server?.rejected).toBeGreaterThan(r.endToEnd.requests); // queue full, over and over
      expect(server?.retries).toBe(2 * r.endToEnd.requests);
    }
  });

  it('the same retries without the trigger are stable: the collapse is metastable, not plain overload', () => {
    for (const r of noTrigger) {
      expect(r.endToEnd.availability).toBe(1);
      expect(Math.abs((r.services.server?.utilization ?? 0) - 0.7)).toBeLessThan(0.05);
    }
  });

  it('with a 20% retry budget the storm cannot sustain itself: recovered, ρ back to 0.7', () => {
    for (const r of budget) {
      expect(r.endToEnd.availability).toBeGreaterThan(0.99);
      expect(Math.abs((r.services.server?.utilization ?? 0) - 0.7)).toBeLessThan(0.05);
      expect(r.edges[0]?.attempts ?? Infinity).toBeLessThan(1.01 * r.endToEnd.requests);
    }
  });

  it('with a route timeout and no retries the queue drains: recovered, ρ back to 0.7', () => {
    for (const r of timeoutOnly) {
      expect(r.endToEnd.availability).toBeGreaterThan(0.99);
      expect(Math.abs((r.services.server?.utilization ?? 0) - 0.7)).toBeLessThan(0.05);
      expect(r.services.server?.retries).toBe(0);
    }
  });
});
