/**
 * Marsaglia's xorshift128 (J. Stat. Software 8(14), 2003), 32-bit output: the
 * same generator as bench/c/xorshift128.h, so the C references and the meshsim
 * drivers draw identical streams at about the same cost per draw.
 */

/** Returns a generator of uniforms on [0, 1) in steps of 2^-32, seeded like the C version. */
export function xorshift128(seed) {
  let x = 123456789 | 0;
  let y = 362436069 | 0;
  let z = 521288629 | 0;
  let w = (88675123 ^ seed) | 0;
  return function nextUniform() {
    const t = x ^ (x << 11);
    x = y;
    y = z;
    z = w;
    w = w ^ (w >>> 19) ^ t ^ (t >>> 8);
    return (w >>> 0) * (1 / 4294967296);
  };
}

/** Exponential with the given mean (any unit), by inversion as in the C version. */
export function exponential(nextUniform, mean) {
  return -mean * Math.log(1 - nextUniform());
}
