/*
 * The contiguous-search benchmark cases, declared once for the Google
 * Benchmark suite (bench_search.cc) and the latency tool (latency.c).
 *
 * Each case is one segment of `pages` pages at pfn 0 with a layout of
 * free and busy pages built from a fixed seed, the hint at 0, and one
 * contiguous request (nsegs 0, so even one page takes the contiguous
 * path).  A layout is:
 *   fresh        every page free: the search is trivial;
 *   rand50/90    each page free with probability 1/2 or 9/10;
 *   adversarial  free runs of n - 1 pages between pairs of busy pages:
 *                nearly as free as memory can be with no fit, and every
 *                other window ends in free pages, so rev 1.89's backward
 *                check reads back through them (with single busy pages
 *                it would find one at every window's end and skip a
 *                whole request per probe);
 *   nofit        about half the pages free, in runs shorter than n;
 *   far          adversarial's layout plus one fitting run at 7/8 of the
 *                segment: the only fit lies far from the hint.
 * A case is `nofit` (the name says so) when no run of the requested
 * size and alignment exists in the window at all.
 */
#ifndef UVMLAB_BENCH_CASES_H
#define UVMLAB_BENCH_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uvmlab/uvm.h"

#ifdef __cplusplus
extern "C" {
#endif

enum bench_layout {
	LAYOUT_FRESH,
	LAYOUT_RAND50,
	LAYOUT_RAND90,
	LAYOUT_ADVERSARIAL,
	LAYOUT_NOFIT,
	LAYOUT_FAR,
	LAYOUT_COUNT
};

struct bench_case {
	char name[96];		/* "<layout>/n<pages>/align<A>/bound<B>[/below4G]" */
	enum bench_layout layout;
	uint32_t pages;		/* segment size */
	uint32_t npages;	/* request */
	paddr_t align, boundary; /* bytes; 0: none */
	paddr_t high;		/* UINT64_MAX, or the window's top */
	bool quick;		/* in the --quick set */
	bool fits;		/* some run of the request fits in the window */
};

/* bench_cases: every case, in a fixed order; *n receives the count.
 * The array is built once and lives as long as the process. */
const struct bench_case *bench_cases(size_t *n);

/* bench_layout_name: "fresh", "rand50", ... */
const char *bench_layout_name(enum bench_layout l);

/*
 * bench_machine: a machine of strategy s holding the case's layout,
 * built from the fixed seed, hint at 0.  Returns NULL if the core
 * refuses (host memory).
 */
struct uvm_machine *bench_machine(const struct bench_case *c, enum uvmlab_strategy s);

/* bench_search: the case's request, as the timed region runs it.
 * Returns the list (success) or UINT32_MAX. */
uvmlab_list_t bench_search(struct uvm_machine *m, const struct bench_case *c);

/* bench_undo: free the list and put the hint back to 0, so that the
 * next search sees the same machine. */
void bench_undo(struct uvm_machine *m, uvmlab_list_t list);

/* bench_examined: what the searches have read so far: page descriptors,
 * bitmap words and tree nodes together. */
uint64_t bench_examined(const struct uvm_machine *m);

/* bench_bytes_read: the host memory those reads pull in: a 64-byte
 * cache line per descriptor (a scan that skips ahead touches a new
 * line at nearly every descriptor it reads), 8 bytes per bitmap word
 * (read in order); tree nodes, a few dozen a search, are left out. */
uint64_t bench_bytes_read(const struct uvm_machine *m);

#ifdef __cplusplus
}
#endif

#endif /* UVMLAB_BENCH_CASES_H */
