/*
 * rev 1.89's uvm_pglistalloc_contig_aggressive: take free pages one at a
 * time with uvm_pagealloc, mark each PG_PGLCA, and after each look around
 * it for a marked run that satisfies the request.  Unused pages go back
 * to the free lists, most recently taken first.
 *
 * Deviations: NetBSD loops while uvm_reclaimable() and sleeps in
 * uvm_wait() when uvm_pagealloc fails; the model has no page daemon, so
 * a failed uvm_pagealloc means nothing more can be reclaimed, and the
 * fallback ends with ENOMEM.  Where NetBSD would dereference the NULL
 * page of a pfn in no segment (an unaligned avail_start can lead there),
 * the model reads the page as unmarked.  NetBSD asserts boundary >=
 * alignment here; the model runs on, as a kernel without DIAGNOSTIC does.
 */
#include <errno.h>

#include "machine_impl.h"

static paddr_t
roundup2_pa(paddr_t x, paddr_t align)
{
	return (x + (align - 1)) & ~(align - 1);
}

/* Is the page at pa marked?  Nearly every page looked at lies in seg,
 * the segment of the page just taken, so it is tried first. */
static bool
marked(struct uvm_machine *m, const struct vm_physseg *seg, paddr_t pa)
{
	uvmlab_pfn_t pfn = (uvmlab_pfn_t)atop(pa);
	const struct vm_page *pg = pfn >= seg->start && pfn < seg->end
					   ? &seg->pgs[pfn - seg->start]
					   : uvmlab_phys_to_page(m, pfn);

	return pg != NULL && (pg->flags & PG_PGLCA) != 0;
}

/* Is there a marked run of num pages, allowed by the request, that the
 * page at pa completes?  If so return its first address in *spap. */
static bool
completes_run(struct uvm_machine *m, paddr_t pa, int num, paddr_t low, paddr_t high,
	      paddr_t alignment, paddr_t boundary, paddr_t *spap)
{
	const paddr_t amask = ~(alignment - 1), bmask = ~(boundary - 1);
	const struct vm_physseg *seg = &m->segs[uvmlab_physseg_find(m, (uvmlab_pfn_t)atop(pa))];
	paddr_t spa = pa & amask, rlo, rhi;

	/* look back at most num - 1 pages, to the segment, low and boundary;
	 * the subtraction may wrap, as it does in NetBSD */
	rlo = roundup2_pa(ptoa(seg->avail_start), alignment);
	if (rlo < roundup2_pa(low, alignment))
		rlo = roundup2_pa(low, alignment);
	if (rlo < roundup2_pa(pa - ptoa(num - 1), alignment))
		rlo = roundup2_pa(pa - ptoa(num - 1), alignment);
	if (boundary != 0 && rlo < (spa & bmask))
		rlo = spa & bmask;

	/* look forward to the segment's end, high and the next boundary */
	rhi = ptoa(seg->avail_end);
	if (rhi > high)
		rhi = high;
	if (boundary != 0 && rhi > (pa & ~(boundary - 1)) + boundary)
		rhi = (pa & ~(boundary - 1)) + boundary;

	if (rhi - rlo < ptoa(num))
		return false;

	int64_t run = 0;
	const int64_t acnt = (int64_t)atop(alignment);
	/* whole aligned groups below spa that are all marked join the run */
	while (spa > rlo) {
		int64_t i;
		for (i = 0; i < acnt; i++) {
			if (!marked(m, seg, spa - alignment + ptoa(i)))
				break;
		}
		if (i < acnt)
			break;
		spa -= alignment;
		run += acnt;
	}
	if (spa + ptoa(num) > rhi)
		return false;
	for (; run < num; run++) {
		if (!marked(m, seg, spa + ptoa(run)))
			break;
	}
	if (run < num)
		return false;
	*spap = spa;
	return true;
}

int
uvmlab_contig_aggressive(struct uvm_machine *m, int num, paddr_t low, paddr_t high,
			 paddr_t alignment, paddr_t boundary, struct pgqueue *rlist, uvmlab_list_t h)
{
	struct pgqueue tmp = {0};
	struct vm_page *pg;
	int error = ENOMEM;

	STAT_INCR(m, aggressive_fallbacks);
	while ((pg = uvmlab_pagealloc_internal(m, 0, UVM_PGA_STRAT_NORMAL, 0)) != NULL) {
		STAT_INCR(m, aggressive_pages);
		pg->flags |= PG_PGLCA;
		pgqueue_insert_head(&tmp, pg);

		paddr_t pa = ptoa(pg->pfn), spa;
		if (pa < low || pa >= high)
			continue;
		if (!completes_run(m, pa, num, low, high, alignment, boundary, &spa))
			continue;

		for (int i = 0; i < num; i++) {
			struct vm_page *rp = uvmlab_phys_to_page(m, (uvmlab_pfn_t)atop(spa + ptoa(i)));
			pgqueue_remove(&tmp, rp);
			rp->flags &= ~PG_PGLCA;
			rp->owner = h;
			pgqueue_insert_tail(rlist, rp);
		}
		error = 0;
		break;
	}

	while ((pg = tmp.first) != NULL) {
		pgqueue_remove(&tmp, pg);
		pg->flags &= ~PG_PGLCA;
		uvmlab_pagefree_internal(m, pg);
	}
	return error;
}
