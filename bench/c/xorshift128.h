/*
 * Marsaglia's xorshift128 (J. Stat. Software 8(14), 2003), 32-bit output.
 * bench/drivers/xorshift128.mjs is the same generator in JavaScript, so the C
 * references and the meshsim drivers draw identical streams and spend about
 * the same on each draw: the comparison measures the event loop, not the RNG.
 */
#ifndef BENCH_XORSHIFT128_H
#define BENCH_XORSHIFT128_H

#include <math.h>
#include <stdint.h>

typedef struct {
  uint32_t x, y, z, w;
} Xorshift128;

/* Marsaglia's published seed, with w mixed with the caller's seed. */
static inline void xorshift128_seed(Xorshift128 *r, uint32_t seed) {
  r->x = 123456789u;
  r->y = 362436069u;
  r->z = 521288629u;
  r->w = 88675123u ^ seed;
}

static inline uint32_t xorshift128_next(Xorshift128 *r) {
  uint32_t t = r->x ^ (r->x << 11);
  r->x = r->y;
  r->y = r->z;
  r->z = r->w;
  r->w = r->w ^ (r->w >> 19) ^ t ^ (t >> 8);
  return r->w;
}

/* Uniform on [0, 1) in steps of 2^-32. */
static inline double xorshift128_uniform(Xorshift128 *r) {
  return xorshift128_next(r) * (1.0 / 4294967296.0);
}

/* Exponential with the given mean, by inversion; 1 - u is in (0, 1], so the log is finite. */
static inline double xorshift128_exponential(Xorshift128 *r, double mean) {
  return -mean * log(1.0 - xorshift128_uniform(r));
}

#endif
