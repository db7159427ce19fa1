/**
 * `model_sidecar_latency` of the project's founding notes (docs/semantics/validation-cases.md §S),
 * the pattern document's M/M/1 sidecar overhead model, ported with its constants:
 * a 1 ms proxy overhead added to the service time for utilization, fixed latency
 * components (serialization 0.1 ms, policy evaluation 0.2 ms, routing 0.1 ms, amortized
 * TLS handshake 1.0 ms) and a queueing delay of ρ/(1 − ρ)·S.
 *
 * One correction, found by the validation test: the seed computes the queueing delay
 * with the app's service time S, but a request waits for everything the server does,
 * the proxy's overhead included, so the M/M/1 wait is ρ/(1 − ρ)·(S + overhead). Both are
 * returned; the simulator reproduces the corrected one (test/validation/seedSidecarModel.test.ts).
 */
export interface SeedSidecarModel {
  /** ρ = λ·(S + overhead). */
  readonly utilization: number;
  /** The seed's queueing delay, ρ/(1 − ρ)·S, ms. */
  readonly seedQueueingDelayMs: number;
  /** The M/M/1 queueing delay with the proxy's time included, ρ/(1 − ρ)·(S + overhead), ms. */
  readonly queueingDelayMs: number;
  /** Serialization + policy + routing + amortized TLS, ms. */
  readonly fixedMs: number;
  /** The seed's total: fixed components + its queueing delay, ms. */
  readonly seedTotalOverheadMs: number;
}

export const SEED_PROXY_OVERHEAD_SECONDS = 0.001;
export const SEED_FIXED_COMPONENTS_MS = { serialization: 0.1, policyEvaluation: 0.2, routingDecision: 0.1, tlsHandshakeAmortized: 1.0 } as const;

/** The seed model for `requestRate` (1/s) and `serviceTime` (s); undefined when ρ ≥ 1 ("System overloaded"). */
export function seedSidecarModel(requestRate: number, serviceTime: number): SeedSidecarModel | undefined {
  const utilization = requestRate * (serviceTime + SEED_PROXY_OVERHEAD_SECONDS);
  if (utilization >= 1) return undefined;
  const fixedMs = Object.values(SEED_FIXED_COMPONENTS_MS).reduce((a, b) => a + b, 0);
  const seedQueueingDelayMs = (utilization / (1 - utilization)) * serviceTime * 1000;
  const queueingDelayMs = (utilization / (1 - utilization)) * (serviceTime + SEED_PROXY_OVERHEAD_SECONDS) * 1000;
  return { utilization, seedQueueingDelayMs, queueingDelayMs, fixedMs, seedTotalOverheadMs: fixedMs + seedQueueingDelayMs };
}
