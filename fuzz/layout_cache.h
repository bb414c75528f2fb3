/*
 * Machines and shadows of the layouts seen last, kept from one input to
 * the next.  Under libFuzzer most inputs are mutations of a few corpus
 * entries, and many keep their header, so the same layout comes back
 * again and again.  Building its machine loads every page through the
 * free lists, and fresh host memory costs page faults on every input
 * (ASan's quarantine keeps freed memory from being reused at once).  So
 * the cache keeps, for each of its last few layouts, the machine right
 * after set-up (one per strategy asked for) and a working copy that it
 * lends, put back to that state with uvmlab_machine_assign (an exact
 * copy: pages, queues, index, hints, statistics and event ring) when the
 * input ends (layout_cache_done), or at the next lend if it did not say;
 * likewise the shadow.  A layout keeps those copies only from its
 * second input on: most layouts a fuzzer makes are seen once, so the
 * first input's machines and shadow are built for it and freed when it
 * ends.  The same input runs on the same state, hit or miss.
 *
 * What is lent belongs to the cache: it stays valid until a call for a
 * layout the cache does not hold evicts the least recently used one,
 * never the layout of that call.
 */
#ifndef UVMLAB_LAYOUT_CACHE_H
#define UVMLAB_LAYOUT_CACHE_H

#include "scenario.h"
#include "shadow.h"

/* layout_cache_machine: the machine of sc's set-up under `strategy`, as
 * scenario_build makes it (same results and messages). */
int layout_cache_machine(const struct scenario *sc, enum uvmlab_strategy strategy,
			 struct uvm_machine **mp, char *err, size_t errlen);

/* layout_cache_shadow: the shadow of sc's set-up, every managed page
 * free; m is a machine of that set-up, which
 * layout_cache_machine gave.  0, or shadow_init's error. */
int layout_cache_shadow(const struct scenario *sc, const struct uvm_machine *m,
			struct shadow **shp);

/* layout_cache_done: the input that was lent sc's machines and shadow
 * is over: they go back to the set-up's state now, not when lent next,
 * so that what an input allocates is freed within it.  libFuzzer runs
 * an input again, with malloc tracing (and, if the count still does not
 * balance, a leak check), whenever it ends with more allocations than
 * frees; an input's kernel memory layer or objects, freed only by the
 * next input's copy, made that most inputs' lot. */
void layout_cache_done(const struct scenario *sc);

/* layout_cache_clear: forget every layout (tests; leak checks). */
void layout_cache_clear(void);

#endif
