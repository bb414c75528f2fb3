/*
 * A machine backed by a real uvm_pglist.c: the file a developer names
 * (CMake's UVMLAB_KERNEL_PGLIST), compiled unchanged against uvmlab's
 * shim headers (include/), with the shim's stand-ins for the rest of
 * UVM (shim.c).  This header is how the rest of uvmlab drives it; it
 * uses no NetBSD names, so it can sit beside the model's headers.
 *
 * There is one such machine at a time (a kernel source keeps its state
 * in globals).  Its set-up mirrors the model's: segments kept in
 * address order, their available pages freed segment by segment in
 * ascending order to the heads of their free list, bucket and colour
 * queues.
 *
 * Every call returns 0 or an errno value, or KERNEL_ASSERTED when the
 * source's own KASSERT (or panic, or a misuse of a lock the shim
 * checks) stopped it: kernel_assert_message says which, and the machine
 * is then in whatever state the source left it.
 */
#ifndef UVMLAB_KERNEL_MACHINE_H
#define UVMLAB_KERNEL_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KERNEL_ASSERTED (-1)
/* A call not made: rev 1.89 is known to mishandle it, beyond what the
 * model's contract rejects (see kernel_pglistalloc). */
#define KERNEL_NOT_MADE (-2)

struct kernel_seg {
	uint64_t start, end, avail_start, avail_end; /* pfns */
	unsigned freelist, bucket;
};

struct kernel_params {
	unsigned nfreelists, nbuckets, ncolors;
	unsigned reserve_pagedaemon, reserve_kernel;
};

/* kernel_source: the path of the uvm_pglist.c built in, or NULL when
 * the build named none (then kernel_machine_init gives ENOSYS). */
const char *kernel_source(void);

/* kernel_machine_init: a fresh machine (the last one is freed).  The
 * caller gives a layout the model accepted.  0, ENOMEM, ENOSYS, or
 * EINVAL past the shim's capacities (those of the model). */
int kernel_machine_init(const struct kernel_params *p, const struct kernel_seg *segs,
			unsigned nsegs);
void kernel_machine_fini(void);

/* uvm_pglistalloc into a new list, numbered from 0 in order made.  Two
 * of the model's documented deviations (core/src/pglist.c) apply here
 * too, so that both machines answer the same request: `high` is clamped
 * to the top of memory (rev 1.89 truncates pfns of 2^32 and up to
 * u_int), and an alignment of 2^31 pages or more is KERNEL_NOT_MADE
 * (rev 1.89's int candidate overflows and it reads wild pages). */
int kernel_pglistalloc(uint64_t size, uint64_t low, uint64_t high, uint64_t alignment,
		       uint64_t boundary, int nsegs, bool waitok, unsigned *listp);
/* uvm_pglistfree of a list made and not yet freed (EINVAL otherwise). */
int kernel_pglistfree(unsigned list);
/* The list's pages, first to last: how many, pfns[] filled up to max
 * (pfns are below 2^30, as the model's). */
size_t kernel_list_pfns(unsigned list, uint32_t *pfns, size_t max);

/* uvm_pagealloc (freelist KERNEL_ANY_FREELIST) or uvm_pagealloc_strat
 * ONLY from one free list, of a page with no owner; uvm_pagefree of a
 * page so taken (EINVAL otherwise). */
#define KERNEL_ANY_FREELIST UINT32_MAX
int kernel_pagealloc(uint32_t freelist, uint64_t *pfnp);
int kernel_pagefree(uint64_t pfn);

/* The state compared with the model's after every call. */
unsigned kernel_nsegs(void);
uint32_t kernel_seg_hint(unsigned seg); /* in address order */
uint64_t kernel_free_pages(void);
uint64_t kernel_bucket_free(unsigned freelist, unsigned bucket);

/* kernel_machine_check: the shim's free lists agree with their pages
 * and counts (every queued page free, of its list, bucket and colour;
 * every count its queues' length; every free page queued once).  false
 * with a reason if not. */
bool kernel_machine_check(char *why, size_t len);

/* Why the last call stopped with KERNEL_ASSERTED. */
const char *kernel_assert_message(void);
/* uvm_wait calls so far: each is a wait the model turns into a failure. */
uint64_t kernel_waits(void);
/* PHYS_TO_VM_PAGE calls for a pfn in no segment so far: rev 1.89's
 * NULL dereference, read as an unmarked page, as the model does (shim.c). */
uint64_t kernel_absent_reads(void);

#endif
