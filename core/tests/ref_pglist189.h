/*
 * A reference model of rev 1.89's uvm_pglistalloc, for tests only.
 *
 * It keeps the seed's shape on purpose: one for(;;) loop per segment
 * with a second_pass flag, signed int pfns, u_int uimax/uimin, and the
 * goto-style wrap of the simple path, over a plain free bitmap.  The
 * core splits the same search into passes over a shared scan; the tests
 * run both on random machines and require the same pages and hints.
 * Written from a line-by-line reading of the seed; no waitok fallback.
 */
#ifndef UVMLAB_REF_PGLIST189_H
#define UVMLAB_REF_PGLIST189_H

#include <stdbool.h>
#include <stdint.h>

#define REF_MAXSEGS 4
#define REF_MAXPFN 512
#define REF_MAXFL 4

struct ref_seg {
	int start, end, avail_start, avail_end, freelist;
	unsigned hint;
};

struct ref_machine {
	int nsegs, nfreelists;
	struct ref_seg segs[REF_MAXSEGS]; /* sorted by start */
	bool is_free[REF_MAXPFN];
	long nfree;
	unsigned reserve_pagedaemon, reserve_kernel;
};

/* Allocate as rev 1.89 would; the pfns taken go to out[] in list order.
 * Returns 0 or ENOMEM (or EINVAL for a boundary below the size). */
int ref_pglistalloc(struct ref_machine *r, uint64_t size, uint64_t low, uint64_t high,
		    uint64_t alignment, uint64_t boundary, int nsegs, int *out, int *nout);

#endif
