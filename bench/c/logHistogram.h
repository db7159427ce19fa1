/*
 * Fixed-size log-bucketed histogram: bucket k covers [MIN·G^k, MIN·G^(k+1)) with
 * G = 1.01, so a quantile is known to within 1% relative error and memory is a
 * constant ~22 KB whatever the number of samples (the property the memory case
 * checks in meshsim). Values below MIN land in bucket 0, above MAX in the last.
 */
#ifndef BENCH_LOG_HISTOGRAM_H
#define BENCH_LOG_HISTOGRAM_H

#include <math.h>
#include <stdint.h>

#define LOGHIST_MIN 1e-6
#define LOGHIST_GROWTH 1.01
/* ceil(ln(1e6 / 1e-6) / ln(1.01)) buckets span 1 µs .. 1e6 s. */
#define LOGHIST_BUCKETS 2778

typedef struct {
  uint64_t counts[LOGHIST_BUCKETS];
  uint64_t total;
  double sum;
} LogHistogram;

static inline void loghist_record(LogHistogram *h, double value) {
  int k = value <= LOGHIST_MIN ? 0 : (int)(log(value / LOGHIST_MIN) / log(LOGHIST_GROWTH));
  if (k >= LOGHIST_BUCKETS) k = LOGHIST_BUCKETS - 1;
  h->counts[k]++;
  h->total++;
  h->sum += value;
}

/* The q-quantile (0 < q < 1) as the geometric middle of its bucket. */
static double loghist_quantile(const LogHistogram *h, double q) {
  uint64_t rank = (uint64_t)ceil(q * (double)h->total);
  uint64_t seen = 0;
  for (int k = 0; k < LOGHIST_BUCKETS; k++) {
    seen += h->counts[k];
    if (seen >= rank && seen > 0) return LOGHIST_MIN * pow(LOGHIST_GROWTH, k + 0.5);
  }
  return NAN;
}

#endif
