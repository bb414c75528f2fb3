/*
 * uvm_pglistalloc and uvm_pglistfree, after uvm_pglist.c rev 1.89.
 *
 * A request goes to the simple path when it may use one page per segment
 * (nsegs >= npages) and asks for no alignment or boundary; otherwise to
 * the contiguous path, whose per-segment search is the machine's
 * strategy.  Both paths refuse when the free pages do not exceed the two
 * reserves, and walk free lists in index order and segments in address
 * order within each.
 *
 * Deviations from rev 1.89, each because the model is single-threaded or
 * must not panic:
 *  - Malformed arguments get EINVAL (NetBSD asserts, or for size 0 on
 *    the simple path takes every free page in range).
 *  - `waitok` never sleeps.  The simple path fails as without it (NetBSD
 *    would wait for the page daemon forever); the contiguous path runs
 *    the aggressive fallback, which stops with ENOMEM once uvm_pagealloc
 *    finds nothing more (NetBSD would wait and retry).
 *  - `high` is clamped to the top of physical memory before the search.
 *    NetBSD passes its pfn through u_int (uimin), which truncates pfns of
 *    2^32 and up; below that the clamp changes nothing.
 *  - Requests of 2^30 pages or more get EINVAL, and segments end by pfn
 *    2^30, so rev 1.89's int sums cannot overflow (it reads out of
 *    bounds where they do).  Alignments of 2^31 pages (8 TiB) or more
 *    still overflow its int candidate when rounding a non-zero pfn; the
 *    model rounds in 64 bits and finds no candidate (ENOMEM), where rev
 *    1.89 reads wild pages or hands a page out twice.
 */
#include <errno.h>

#include "strategy.h"

/* Moves a free page to the tail of rlist; the caller tells the index. */
static void
pglist_take(struct uvm_machine *m, struct vm_page *pg, struct pgqueue *rlist,
	    uvmlab_list_t owner)
{
	uvmlab_freelist_unlink(m, pg);
	pg->flags = PG_CLEAN;
	pg->owner = owner;
	pgqueue_insert_tail(rlist, pg);
}

void
uvmlab_pglist_add(struct uvm_machine *m, struct vm_page *pg, struct pgqueue *rlist,
		  uvmlab_list_t owner)
{
	pglist_take(m, pg, rlist, owner);
	uvmlab_index_page_allocated(m, pg);
}

/* uvm_pglistfree's loop: first to last, each page to its free list head. */
static void
pglist_release(struct uvm_machine *m, struct pgqueue *rlist)
{
	struct vm_page *pg;

	while ((pg = rlist->first) != NULL) {
		pgqueue_remove(rlist, pg);
		uvmlab_pagefree_internal(m, pg);
	}
}

static bool
reserves_exhausted(struct uvm_machine *m)
{
	bool out = m->nfree <=
		   (uint64_t)m->params.reserve_pagedaemon + m->params.reserve_kernel;
	if (out)
		STAT_INCR(m, reserve_refusals);
	return out;
}

/* rev 1.89 uvm_pglistalloc_s_ps: free pages one by one from the hint on,
 * wrapping once to the start of the range.  Returns pages taken. */
static int
simple_ps(struct uvm_machine *m, struct vm_physseg *seg, int num, paddr_t low, paddr_t high,
	  struct pgqueue *rlist, uvmlab_list_t h)
{
	int64_t as = seg->avail_start, ae = seg->avail_end;

	if (high <= (paddr_t)as || low >= (paddr_t)ae)
		return 0;
	STAT_INCR(m, simple_searches);

	int todo = num;
	int64_t candidate = (int64_t)low > as + seg->start_hint ? (int64_t)low
								   : as + seg->start_hint;
	int64_t limit = (int64_t)high < ae ? (int64_t)high : ae;
	bool second_pass = false;

	for (;; candidate++) {
		if (candidate >= limit) {
			if (seg->start_hint == 0 || second_pass) {
				candidate = limit - 1;
				break;
			}
			STAT_INCR(m, second_passes);
			second_pass = true;
			candidate = (int64_t)low > as ? (int64_t)low : as;
			if (as + seg->start_hint < limit)
				limit = as + seg->start_hint;
			candidate--; /* the loop step brings it back */
			continue;
		}
		struct vm_page *pg = &seg->pgs[candidate - seg->start];
		if (!page_is_free(pg))
			continue;
		uvmlab_pglist_add(m, pg, rlist, h);
		if (--todo == 0)
			break;
	}
	seg->start_hint = (uint32_t)(candidate + 1 - as);
	UVMLAB_ASSERT(seg->start_hint <= seg->avail_end - seg->avail_start);
	return num - todo;
}

static int
pglistalloc_simple(struct uvm_machine *m, int num, paddr_t low, paddr_t high,
		   struct pgqueue *rlist, uvmlab_list_t h)
{
	if (!reserves_exhausted(m)) {
		for (unsigned fl = 0; fl < m->params.nfreelists; fl++) {
			for (unsigned i = 0; i < m->nsegs; i++) {
				if (m->segs[i].freelist != fl)
					continue;
				num -= simple_ps(m, &m->segs[i], num, atop(low), atop(high), rlist,
					       h);
				if (num == 0)
					return 0;
			}
		}
	}
	/* NetBSD frees the partial list unless it is going to sleep and
	 * retry; the model never sleeps. */
	pglist_release(m, rlist);
	return ENOMEM;
}

static int
pglistalloc_contig(struct uvm_machine *m, int num, paddr_t low, paddr_t high,
		   paddr_t alignment, paddr_t boundary, struct pgqueue *rlist, uvmlab_list_t h,
		   bool waitok)
{
	if (!reserves_exhausted(m)) {
		for (unsigned fl = 0; fl < m->params.nfreelists; fl++) {
			for (unsigned i = 0; i < m->nsegs; i++) {
				struct vm_physseg *seg = &m->segs[i];
				if (seg->freelist != fl)
					continue;
				int64_t found = uvmlab_contig_search(m, seg, num, atop(low),
								     atop(high), atop(alignment),
								     atop(boundary));
				if (found < 0)
					continue;
				for (int64_t k = 0; k < num; k++)
					pglist_take(m, &seg->pgs[found - seg->start + k], rlist,
						    h);
				uvmlab_index_run_allocated(m, seg, (uvmlab_pfn_t)found,
							   (uint32_t)num);
				return 0;
			}
		}
	}
	if (!waitok)
		return ENOMEM;
	int error = uvmlab_contig_aggressive(m, num, low, high, alignment, boundary, rlist, h);
	uvmlab_list_get(m, h)->fallback = error == 0;
	return error;
}

static bool
is_pow2_or_zero(paddr_t x)
{
	return (x & (x - 1)) == 0;
}

/* Rejects what NetBSD asserts on or mishandles; see the contract in uvm.h. */
bool
uvmlab_pglist_args_valid(psize_t size, paddr_t low, paddr_t high, paddr_t alignment,
			 paddr_t boundary)
{
	if (size == 0 || size > ptoa(UVMLAB_NPAGES_LIMIT - 1))
		return false;
	if (!is_pow2_or_zero(alignment) || !is_pow2_or_zero(boundary))
		return false;
	if (boundary != 0 && boundary < size)
		return false;
	if (low >= high)
		return false;
	/* low is rounded up to the alignment: it must not wrap */
	paddr_t align = alignment < PAGE_SIZE ? PAGE_SIZE : alignment;
	return low <= UINT64_MAX - (align - 1);
}

static paddr_t
top_of_memory(const struct uvm_machine *m)
{
	return m->nsegs == 0 ? 0 : ptoa(m->segs[m->nsegs - 1].end);
}

int
uvm_pglistalloc(struct uvm_machine *m, psize_t size, paddr_t low, paddr_t high,
		paddr_t alignment, paddr_t boundary, int nsegs, bool waitok, uvmlab_list_t *listp)
{
	uvmlab_list_t h = 0;
	int error;

	if (!uvmlab_pglist_args_valid(size, low, high, alignment, boundary)) {
		error = EINVAL;
		goto out;
	}
	if ((error = uvmlab_list_new(m, &h)) != 0)
		goto out;

	if (alignment < PAGE_SIZE)
		alignment = PAGE_SIZE;
	int num = (int)atop(size + PAGE_SIZE - 1);
	low = (low + alignment - 1) & ~(alignment - 1);
	if (high > top_of_memory(m))
		high = top_of_memory(m);

	struct pgqueue *rlist = &uvmlab_list_get(m, h)->q;
	if (nsegs < num || alignment != PAGE_SIZE || boundary != 0)
		error = pglistalloc_contig(m, num, low, high, alignment, boundary, rlist, h, waitok);
	else
		error = pglistalloc_simple(m, num, low, high, rlist, h);

	if (error == 0) {
		STAT_INCR(m, pglistalloc);
		STAT_ADD(m, pglist_pages, num);
		*listp = h;
	} else {
		UVMLAB_ASSERT(rlist->npages == 0);
		uvmlab_list_retire(m, h);
	}
out:
	if (error != 0)
		STAT_INCR(m, pglistalloc_fail);
	uvmlab_event_log(m, UVMLAB_EV_PGLISTALLOC, error, size, low, high, alignment, boundary,
			 error == 0 ? h : (uint64_t)nsegs);
	return error;
}

int
uvm_pglistfree(struct uvm_machine *m, uvmlab_list_t list)
{
	struct pglist_slot *s = uvmlab_list_get(m, list);
	int error = 0;

	if (s == NULL) {
		error = EINVAL;
	} else {
		pglist_release(m, &s->q);
		uvmlab_list_retire(m, list);
	}
	uvmlab_event_log(m, UVMLAB_EV_PGLISTFREE, error, list, 0, 0, 0, 0, 0);
	return error;
}

int
uvmlab_free_range(struct uvm_machine *m, uvmlab_pfn_t first, uvmlab_pfn_t last)
{
	int error = 0;

	if (first > last) {
		error = EINVAL;
		goto out;
	}
	/* all or nothing: check every page before freeing any */
	for (uint64_t pfn = first; pfn <= last; pfn++) {
		enum uvmlab_page_state st = uvmlab_page_state(m, (uvmlab_pfn_t)pfn, NULL);
		if (st != UVMLAB_PAGE_SINGLE && st != UVMLAB_PAGE_LISTED) {
			error = EINVAL;
			goto out;
		}
	}
	for (uint64_t pfn = first; pfn <= last; pfn++) {
		struct vm_page *pg = uvmlab_phys_to_page(m, (uvmlab_pfn_t)pfn);
		if (pg->owner != OWNER_SINGLE)
			pgqueue_remove(&uvmlab_list_get(m, pg->owner)->q, pg);
		uvmlab_pagefree_internal(m, pg);
	}
out:
	uvmlab_event_log(m, UVMLAB_EV_FREE_RANGE, error, first, last, 0, 0, 0, 0);
	return error;
}
