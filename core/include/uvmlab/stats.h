/*
 * Per-machine event counters and a ring of recent core events: the
 * model's STAT_INCR/uvmexp and UVMHIST_LOG.  The counters are declared
 * once, in UVMLAB_STAT_LIST; building with UVMLAB_NO_STATS compiles the
 * increments out (the reading functions then report zeros).
 */
#ifndef UVMLAB_STATS_H
#define UVMLAB_STATS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

struct uvm_machine;

/* X(name, description) */
#define UVMLAB_STAT_LIST(X)                                                            \
	X(pagealloc, "uvm_pagealloc calls that returned a page")                       \
	X(pagealloc_fail, "uvm_pagealloc calls that found no page")                   \
	X(pagefree, "pages returned to the free lists")                                \
	X(pglistalloc, "uvm_pglistalloc calls that succeeded")                         \
	X(pglistalloc_fail, "uvm_pglistalloc calls that failed")                       \
	X(pglist_pages, "pages handed out on page lists")                              \
	X(reserve_refusals, "pglist requests refused by the reserve check")           \
	X(simple_searches, "per-segment simple searches")                              \
	X(contig_searches, "per-segment contiguous searches")                          \
	X(contig_candidates, "candidate runs tried by contiguous searches")            \
	X(contig_pages_examined, "page descriptors examined by contiguous searches")   \
	X(contig_words_examined, "free-bitmap words read by contiguous searches")      \
	X(contig_nodes_visited, "summary-tree nodes visited by contiguous searches")  \
	X(second_passes, "wrapped second passes over a segment")                       \
	X(aggressive_fallbacks, "aggressive contiguous fallbacks run")                 \
	X(aggressive_pages, "pages taken one by one by the aggressive fallback")      \
	X(object_pages, "pages allocated to objects")                                  \
	X(pager_windows, "pager windows mapped in")                                    \
	X(unbusy_not_busy, "zerorange unbusies of pages not busy (the 1.29 flaw)")      \
	X(km_wait, "kernel memory waits for pages: the page daemon run once")         \
	X(km_pgremove_list, "uvm_km_pgremove walks of the object's memq")             \
	X(km_pgremove_hash, "uvm_km_pgremove lookups offset by offset")               \
	X(km_short_unmap, "kmemalloc NOWAIT rollbacks that unmap short (the 1.13 flaw)") \
	X(pdaemon_runs, "page daemon passes")                                          \
	X(pdaemon_nothing, "page daemon passes with nothing to drain (the seed: deadlock?)") \
	X(ubc_short_copy, "ubc_uiomove copies a page short (the 1.29 len2npages flaw)")  \
	X(memlimit_leaked, "NOWAIT pool pages whose failure left their bytes counted (the 1.84 flaw)")

enum uvmlab_stat {
#define UVMLAB_STAT_ENUM(name, desc) UVMLAB_STAT_##name,
	UVMLAB_STAT_LIST(UVMLAB_STAT_ENUM)
#undef UVMLAB_STAT_ENUM
	UVMLAB_STAT_COUNT
};

/* uvmlab_stat_get: the counter's value; 0 for an unknown counter. */
uint64_t uvmlab_stat_get(const struct uvm_machine *m, enum uvmlab_stat s);

/* uvmlab_stat_name / uvmlab_stat_desc: NULL for an unknown counter. */
const char *uvmlab_stat_name(enum uvmlab_stat s);
const char *uvmlab_stat_desc(enum uvmlab_stat s);

/* uvmlab_stats_print: one "name value  # description" line per counter. */
void uvmlab_stats_print(const struct uvm_machine *m, FILE *fp);

/* Core entry points recorded in the event ring. */
enum uvmlab_event_fn {
	UVMLAB_EV_PAGEALLOC,
	UVMLAB_EV_PAGEFREE,
	UVMLAB_EV_PGLISTALLOC,
	UVMLAB_EV_PGLISTFREE,
	UVMLAB_EV_FREE_RANGE,
	UVMLAB_EV_PHYSLOAD,
	UVMLAB_EV_UAO_CREATE,
	UVMLAB_EV_UAO_DETACH,
	UVMLAB_EV_AO_GET,
	UVMLAB_EV_AO_PUT,
	UVMLAB_EV_PAGE_UNBUSY,
	UVMLAB_EV_PAGERMAPIN,
	UVMLAB_EV_PAGERMAPOUT,
	UVMLAB_EV_ZERORANGE,
	UVMLAB_EV_KM_SUBALLOC,
	UVMLAB_EV_KM_KMEMALLOC,
	UVMLAB_EV_KM_ALLOC1,
	UVMLAB_EV_KM_VALLOC,
	UVMLAB_EV_KM_FREE,
	UVMLAB_EV_KM_GET,
	UVMLAB_EV_KM_TOUCH,
	UVMLAB_EV_KM_PGREMOVE,
	UVMLAB_EV_POOLPAGE_ALLOC,
	UVMLAB_EV_POOLPAGE_FREE,
	UVMLAB_EV_UBC_ALLOC,
	UVMLAB_EV_UBC_RELEASE,
	UVMLAB_EV_UBC_UIOMOVE,
};

#define UVMLAB_EVENT_ARGS 6
#define UVMLAB_EVENT_RING 32

struct uvmlab_event {
	uint64_t seq; /* 1-based position in the machine's history */
	enum uvmlab_event_fn fn;
	uint64_t arg[UVMLAB_EVENT_ARGS];
	int result; /* 0 or an errno value */
};

/* uvmlab_events_print: the ring, oldest first, one line per event. */
void uvmlab_events_print(const struct uvm_machine *m, FILE *fp);

/* uvmlab_events_copy: up to cap most recent events, oldest first;
 * returns how many were copied. */
size_t uvmlab_events_copy(const struct uvm_machine *m, struct uvmlab_event *out, size_t cap);

#ifdef __cplusplus
}
#endif

#endif /* UVMLAB_STATS_H */
