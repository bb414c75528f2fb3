/*
 * The strategy descriptor: everything the core knows about one
 * contiguous-search strategy, in one row.  Dispatch, naming, the index
 * hooks and the harness-visible properties all read it; nothing
 * compares strategies by value.  A strategy is one file defining
 * `const struct strategy_ops uvmlab_strategy_<name>` and one row in
 * UVMLAB_STRATEGY_LIST (uvm.h).
 *
 * Index invariant, checked by index_validate: a segment's index says a
 * page is free exactly when the page has PG_FREE.  The free-list add and
 * remove helpers (freelist.c) are the only code that changes PG_FREE,
 * and they call page_freed / page_allocated, so every path that frees or
 * takes a page (pglist, the aggressive fallback, pagealloc, pagefree,
 * free_range, physload) keeps the index in step.
 */
#ifndef UVMLAB_STRATEGY_H
#define UVMLAB_STRATEGY_H

#include "machine_impl.h"

/*
 * The bounds of one segment's search in pfns: `first` (the hint rounded
 * to the alignment), `restart` (where the wrapped pass begins), `limit`
 * (end of the allowed range), the hint itself, and the request.
 */
struct contig_window {
	int64_t first, restart, limit, hint_pfn;
	int64_t num, align, pagemask; /* pagemask 0: no boundary */
};

/* Does the run of w->num pages at `c` cross a boundary? */
static inline bool
window_crosses(const struct contig_window *w, int64_t c)
{
	return w->pagemask != 0 && ((c ^ (c + w->num - 1)) & w->pagemask) != 0;
}

static inline int64_t
roundup2_i64(int64_t x, int64_t align)
{
	return (x + (align - 1)) & ~(align - 1);
}

/* The first aligned candidate at or above c whose run crosses no
 * boundary, given that c itself crosses one: the next boundary. */
static inline int64_t
window_past_boundary(const struct contig_window *w, int64_t c)
{
	return roundup2_i64((c + w->num - 1) & w->pagemask, w->align);
}

/*
 * A strategy's scan: the lowest aligned candidate c with start <= c <
 * cap and c + num <= wlimit whose pages are all free and whose run
 * crosses no boundary, or -1.  `start` is aligned.  Every strategy must
 * give the same candidate; they differ in what they read to find it.
 */
typedef int64_t (*contig_scan_fn)(struct uvm_machine *m, struct vm_physseg *seg,
				  const struct contig_window *w, int64_t start, int64_t wlimit,
				  int64_t cap);

struct strategy_ops {
	const char *name;
	enum uvmlab_wrap wrap; /* which runs the wrapped pass may take */
	bool seed_flaws;       /* keeps the seeds' flaws in the object layer */
	contig_scan_fn scan;

	/* The per-segment index; all NULL for a strategy without one. */
	/* index_create: an index of seg with every page busy; ENOMEM. */
	int (*index_create)(struct vm_physseg *seg);
	/* index_assign: dst's index, of a segment with src's bounds, takes
	 * src's content in its own memory (it cannot fail); a copy is an
	 * index_create and then this. */
	void (*index_assign)(struct vm_physseg *dst, const struct vm_physseg *src);
	void (*index_destroy)(struct vm_physseg *seg);
	void (*page_freed)(struct vm_physseg *seg, uvmlab_pfn_t pfn);
	void (*page_allocated)(struct vm_physseg *seg, uvmlab_pfn_t pfn);
	/* run_allocated: the n pages from pfn on, all in seg, were handed
	 * out together (the contiguous path).  Optional: without it,
	 * page_allocated hears of each page. */
	void (*run_allocated)(struct vm_physseg *seg, uvmlab_pfn_t pfn, uint32_t n);
	/* index_validate: false with a reason if the index disagrees with
	 * the pages' PG_FREE or with itself. */
	bool (*index_validate)(const struct vm_physseg *seg, char *why, size_t len);
	/* index_digest: fold the index's logical content into h. */
	uint64_t (*index_digest)(const struct vm_physseg *seg, uint64_t h);
	size_t (*index_bytes)(const struct vm_physseg *seg);
};

#define UVMLAB_STRATEGY_DECLARE(upper, lower) extern const struct strategy_ops uvmlab_strategy_##lower;
UVMLAB_STRATEGY_LIST(UVMLAB_STRATEGY_DECLARE)
#undef UVMLAB_STRATEGY_DECLARE

/* strategy.c: the table, indexed by strategy. */
extern const struct strategy_ops *const uvmlab_strategy_table[UVMLAB_STRAT_COUNT];

/* The strategy's descriptor, or NULL for an unknown strategy. */
static inline const struct strategy_ops *
uvmlab_strategy_ops(enum uvmlab_strategy s)
{
	return (unsigned)s < UVMLAB_STRAT_COUNT ? uvmlab_strategy_table[s] : NULL;
}

/* The index hooks for one page, called by the free-list helpers on every
 * change of PG_FREE: inline, as they run once per page handed out. */
static inline void
uvmlab_index_page_freed(struct uvm_machine *m, const struct vm_page *pg)
{
	const struct strategy_ops *ops = uvmlab_strategy_table[m->params.strategy];

	if (ops->page_freed != NULL)
		ops->page_freed(&m->segs[pg->seg], pg->pfn);
}

static inline void
uvmlab_index_page_allocated(struct uvm_machine *m, const struct vm_page *pg)
{
	const struct strategy_ops *ops = uvmlab_strategy_table[m->params.strategy];

	if (ops->page_allocated != NULL)
		ops->page_allocated(&m->segs[pg->seg], pg->pfn);
}

/* A contiguous run of seg handed out at once: one call where the index
 * can take a run (word-wide bit clears, one dirty mark per block). */
static inline void
uvmlab_index_run_allocated(struct uvm_machine *m, struct vm_physseg *seg, uvmlab_pfn_t pfn,
			   uint32_t n)
{
	const struct strategy_ops *ops = uvmlab_strategy_table[m->params.strategy];

	if (ops->run_allocated != NULL)
		ops->run_allocated(seg, pfn, n);
	else if (ops->page_allocated != NULL)
		for (uint32_t k = 0; k < n; k++)
			ops->page_allocated(seg, pfn + k);
}

/* strategy.c: the index hooks for the machine's strategy; each does
 * nothing for a strategy without an index. */
int uvmlab_index_create(struct uvm_machine *m, struct vm_physseg *seg);
/* uvmlab_index_copy: give dst (a copy of src's pages, in machine `to`)
 * the index of to's strategy: a clone of src's index under the same
 * strategy, else one built from the pages' PG_FREE.  0 or ENOMEM. */
int uvmlab_index_copy(struct uvm_machine *to, struct vm_physseg *dst,
		      const struct uvm_machine *from, const struct vm_physseg *src);
void uvmlab_index_destroy(const struct uvm_machine *m, struct vm_physseg *seg);
bool uvmlab_index_validate(const struct uvm_machine *m, unsigned segidx, char *why, size_t len);
uint64_t uvmlab_index_digest(const struct uvm_machine *m, const struct vm_physseg *seg,
			     uint64_t h);

/*
 * contig_scan.c: rev 1.89's candidate loop over page descriptors, used
 * by faithful and fixed.  faithful_skip keeps rev 1.89's u_int `skip`
 * (which may go negative and re-read pages below the candidate);
 * otherwise skip is clamped at 0.  Both return the same candidate.
 */
int64_t uvmlab_contig_scan(struct uvm_machine *m, const struct vm_physseg *seg,
			   const struct contig_window *w, int64_t start, int64_t wlimit,
			   int64_t cap, bool faithful_skip);

#endif /* UVMLAB_STRATEGY_H */
