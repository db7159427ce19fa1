/*
 * Binary min-heap of events keyed by (double time, uint64 seq), carrying a
 * handler and an argument pointer like meshsim's EventCalendar does, so the C
 * reference moves as many bytes per sift step as the engine it is compared with.
 * Sift up and down "with a hole", the same algorithm as src/sim/eventCalendar.ts.
 */
#ifndef BENCH_EVENT_HEAP_H
#define BENCH_EVENT_HEAP_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
  double time;
  uint64_t seq;
  void *handler;
  void *arg;
} HeapEvent;

typedef struct {
  HeapEvent *items;
  size_t count, capacity;
  uint64_t next_seq;
} EventHeap;

static inline int heap_before(double ta, uint64_t sa, double tb, uint64_t sb) {
  return ta < tb || (ta == tb && sa < sb);
}

static void heap_init(EventHeap *h, size_t capacity) {
  h->capacity = capacity < 16 ? 16 : capacity;
  h->items = malloc(h->capacity * sizeof(HeapEvent));
  if (!h->items) { perror("malloc"); exit(1); }
  h->count = 0;
  h->next_seq = 0;
}

static inline void heap_push(EventHeap *h, double time, void *handler, void *arg) {
  if (h->count == h->capacity) {
    h->capacity *= 2;
    h->items = realloc(h->items, h->capacity * sizeof(HeapEvent));
    if (!h->items) { perror("realloc"); exit(1); }
  }
  uint64_t seq = h->next_seq++;
  HeapEvent *a = h->items;
  size_t i = h->count++;
  while (i > 0) {
    size_t parent = (i - 1) >> 1;
    if (heap_before(a[parent].time, a[parent].seq, time, seq)) break;
    a[i] = a[parent];
    i = parent;
  }
  a[i].time = time;
  a[i].seq = seq;
  a[i].handler = handler;
  a[i].arg = arg;
}

/* Removes the earliest event into *out; returns 0 when empty. */
static inline int heap_pop(EventHeap *h, HeapEvent *out) {
  if (h->count == 0) return 0;
  HeapEvent *a = h->items;
  *out = a[0];
  size_t last = --h->count;
  if (last > 0) {
    HeapEvent moving = a[last];
    size_t i = 0;
    for (;;) {
      size_t child = 2 * i + 1;
      if (child >= last) break;
      size_t right = child + 1;
      if (right < last && heap_before(a[right].time, a[right].seq, a[child].time, a[child].seq)) child = right;
      if (heap_before(moving.time, moving.seq, a[child].time, a[child].seq)) break;
      a[i] = a[child];
      i = child;
    }
    a[i] = moving;
  }
  return 1;
}

#endif
