/*
 * A minimal discrete-event M/M/1, the reference for meshsim's whole-process
 * wall time: an event heap with arrival and departure events (the same heap as
 * hold.c), a FIFO ring buffer of waiting arrival times, and a log-bucketed
 * histogram of sojourn times, so memory stays flat in the number of requests
 * like meshsim's. It simulates warmup + duration seconds and measures requests
 * that arrive after the warmup (meshsim's measurement window) and complete
 * before the end.
 *
 * usage: mm1 ARRIVAL_RATE SERVICE_MEAN WARMUP DURATION SEED  → one JSON line on stdout
 *   rates in 1/s, times in seconds.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "eventHeap.h"
#include "logHistogram.h"
#include "xorshift128.h"

typedef struct {
  double *times;
  size_t head, count, capacity;
} ArrivalQueue;

static void queue_push(ArrivalQueue *q, double t) {
  if (q->count == q->capacity) {
    size_t cap = q->capacity ? q->capacity * 2 : 1024;
    double *grown = malloc(cap * sizeof(double));
    if (!grown) { perror("malloc"); exit(1); }
    for (size_t i = 0; i < q->count; i++) grown[i] = q->times[(q->head + i) % q->capacity];
    free(q->times);
    q->times = grown;
    q->head = 0;
    q->capacity = cap;
  }
  q->times[(q->head + q->count) % q->capacity] = t;
  q->count++;
}

static double queue_pop(ArrivalQueue *q) {
  double t = q->times[q->head];
  q->head = (q->head + 1) % q->capacity;
  q->count--;
  return t;
}

/* Event kinds, stored as the heap's handler pointer. */
static int ARRIVAL, DEPARTURE;

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: mm1 ARRIVAL_RATE SERVICE_MEAN WARMUP DURATION SEED\n");
    return 2;
  }
  double rate = strtod(argv[1], NULL);
  double service_mean = strtod(argv[2], NULL);
  double warmup = strtod(argv[3], NULL);
  double end = warmup + strtod(argv[4], NULL);
  uint32_t seed = (uint32_t)strtoul(argv[5], NULL, 10);

  Xorshift128 rng;
  xorshift128_seed(&rng, seed);
  EventHeap heap;
  heap_init(&heap, 1024);
  ArrivalQueue queue = {0};
  static LogHistogram sojourn;
  int busy = 0;
  double in_service_arrival = 0;
  uint64_t events = 0;

  heap_push(&heap, xorshift128_exponential(&rng, 1.0 / rate), &ARRIVAL, NULL);
  HeapEvent ev = {0};
  while (heap_pop(&heap, &ev) && ev.time <= end) {
    double now = ev.time;
    events++;
    if (ev.handler == &ARRIVAL) {
      heap_push(&heap, now + xorshift128_exponential(&rng, 1.0 / rate), &ARRIVAL, NULL);
      if (busy) {
        queue_push(&queue, now);
      } else {
        busy = 1;
        in_service_arrival = now;
        heap_push(&heap, now + xorshift128_exponential(&rng, service_mean), &DEPARTURE, NULL);
      }
    } else {
      if (in_service_arrival >= warmup) loghist_record(&sojourn, now - in_service_arrival);
      if (queue.count > 0) {
        in_service_arrival = queue_pop(&queue);
        heap_push(&heap, now + xorshift128_exponential(&rng, service_mean), &DEPARTURE, NULL);
      } else {
        busy = 0;
      }
    }
  }

  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  printf("{\"requests\":%" PRIu64 ",\"events\":%" PRIu64 ",\"meanSojourn\":%.6f,\"p99Sojourn\":%.6f,\"maxRssKiB\":%ld}\n",
         sojourn.total, events, sojourn.sum / (double)sojourn.total, loghist_quantile(&sojourn, 0.99), usage.ru_maxrss);
  free(heap.items);
  free(queue.times);
  return 0;
}
