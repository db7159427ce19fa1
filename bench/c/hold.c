/*
 * The classic hold model (Jones, CACM 29(4), 1986) on a binary heap: fill the
 * calendar with N pending events at Exp(1) times, then repeat
 * "pop the earliest, push it back at now + Exp(1)". Reference for the calendar
 * case; bench/drivers/holdLoop.mjs runs the same loop on meshsim's EventCalendar
 * with the same generator, so both see the same event times and end on the same
 * clock (printed as lastTime so the runner can check).
 *
 * usage: hold N HOLDS WARMUP_HOLDS SEED  → one JSON line on stdout
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "eventHeap.h"
#include "xorshift128.h"

static double clock_seconds(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int noop_handler;  /* only its address is stored, like a JS function reference */

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: hold N HOLDS WARMUP_HOLDS SEED\n");
    return 2;
  }
  size_t pending = strtoull(argv[1], NULL, 10);
  uint64_t holds = strtoull(argv[2], NULL, 10);
  uint64_t warmup = strtoull(argv[3], NULL, 10);
  uint32_t seed = (uint32_t)strtoul(argv[4], NULL, 10);
  if (pending == 0) {
    fprintf(stderr, "hold: N must be at least 1\n");
    return 2;
  }

  Xorshift128 rng;
  xorshift128_seed(&rng, seed);
  EventHeap heap;
  heap_init(&heap, 1024);  /* grows like EventCalendar's, from the same start */
  for (size_t i = 0; i < pending; i++) heap_push(&heap, xorshift128_exponential(&rng, 1.0), &noop_handler, NULL);

  HeapEvent ev = {0};
  for (uint64_t i = 0; i < warmup; i++) {
    heap_pop(&heap, &ev);
    heap_push(&heap, ev.time + xorshift128_exponential(&rng, 1.0), ev.handler, ev.arg);
  }
  /* Wall time, and process CPU time, which a machine shared with other jobs inflates far less. */
  double start = clock_seconds(CLOCK_MONOTONIC);
  double cpu_start = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
  for (uint64_t i = 0; i < holds; i++) {
    heap_pop(&heap, &ev);
    heap_push(&heap, ev.time + xorshift128_exponential(&rng, 1.0), ev.handler, ev.arg);
  }
  double seconds = clock_seconds(CLOCK_MONOTONIC) - start;
  double cpu_seconds = clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;

  printf("{\"pending\":%zu,\"holds\":%" PRIu64 ",\"seconds\":%.9f,\"holdsPerSecond\":%.1f,\"cpuSeconds\":%.9f,\"holdsPerCpuSecond\":%.1f,\"lastTime\":%.17g,\"size\":%zu}\n",
         pending, holds, seconds, (double)holds / seconds, cpu_seconds, (double)holds / cpu_seconds, ev.time, heap.count);
  free(heap.items);
  return 0;
}
