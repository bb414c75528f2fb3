/*
 * The machine of a layout, built once.  Under libFuzzer most inputs are
 * mutations of one corpus entry and many keep its header, so a run of
 * inputs asks for the same machine again and again; loading every page
 * of a 64 Ki-page segment through the free lists costs far more than
 * copying it.  The cache keeps the pristine machine of the last layout
 * built and hands out clones of it (uvmlab_machine_clone is an exact
 * copy: pages, queues, index, hints, statistics and event ring), so the
 * same input always runs on the same machine, hit or miss.
 */
#ifndef UVMLAB_LAYOUT_CACHE_H
#define UVMLAB_LAYOUT_CACHE_H

#include "scenario.h"

/* layout_cache_build: as scenario_build (same results and messages), for
 * the set-up of sc only. */
int layout_cache_build(const struct scenario *sc, const char *fname, struct uvm_machine **mp,
		       char *err, size_t errlen);

/* layout_cache_clear: forget the cached machine (tests; leak checks). */
void layout_cache_clear(void);

#endif
