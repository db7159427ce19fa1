/**
 * The check experiment's defaults that the CLI needs at start-up (its help text), kept
 * apart from checkScenario.ts so that `meshsim` loads fast-check only when it checks.
 */

/** Replications per point when the scenario asks for fewer: enough for a usable t interval (t₂ = 4.30). */
export const MIN_CHECK_REPLICATIONS = 3;
