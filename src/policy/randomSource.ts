/**
 * The only randomness policy code may use: injected by the caller (the simulator
 * hands each proxy a named seeded stream; a real proxy could hand it anything).
 */
export interface RandomSource {
  /** A uniform draw in [0, 1). */
  next(): number;
}
