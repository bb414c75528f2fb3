/*
 * The `fast` strategy's index, shared by its hooks (strategy_fast.c)
 * and its search (fast_search.c); the design is described in
 * strategy_fast.c.
 */
#ifndef UVMLAB_FAST_INDEX_H
#define UVMLAB_FAST_INDEX_H

#include "free_bitmap.h"
#include "strategy.h"

#define FAST_BLOCK_WORDS 8
#define FAST_BLOCK_PAGES (64 * FAST_BLOCK_WORDS)

/* Runs of free pages in a node's span: the padding past the segment's
 * last block counts as busy.  max >= pre, max >= suf; pre == span iff
 * the whole span is free, and then suf == max == span.  amax serves
 * alignments of a block or more, whose candidates all sit at one offset
 * in their blocks (aoff): per leaf, the free run from that offset to
 * the block's end, or FAST_RUN_OPEN if it reaches the end (a fit may go
 * on into the next block); per node, the largest of its leaves. */
struct fast_node {
	uint32_t pre, suf, max, amax;
};

#define FAST_RUN_OPEN UINT32_MAX

struct fast_index {
	struct free_bitmap bm;	 /* whole blocks, plus one spare clear word */
	struct fast_node *nodes; /* [2 * nleaves]: root 1, children 2v and 2v + 1 */
	uint32_t nleaves;	 /* a power of two >= nblocks; leaf of block k: nleaves + k */
	uint32_t nblocks;
	uint32_t aoff; /* the bit, in every block, of a pfn aligned to a block */
	bool any_dirty;	 /* some bit of dirty[] may be set */
	uint64_t *dirty; /* [(nblocks + 63) / 64]: blocks whose leaf (and
			    ancestors) are stale */
};

/* fast_flush: bring every dirty block's leaf and its ancestors up to
 * date (strategy_fast.c). */
void fast_flush(struct fast_index *fi);

/* fast_scan: the strategy's contig_scan_fn (fast_search.c). */
int64_t fast_scan(struct uvm_machine *m, struct vm_physseg *seg, const struct contig_window *w,
		  int64_t start, int64_t wlimit, int64_t cap);

#endif /* UVMLAB_FAST_INDEX_H */
