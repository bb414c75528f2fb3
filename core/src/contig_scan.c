/*
 * The candidate loop of rev 1.89's uvm_pglistalloc_c_ps, shared by every
 * strategy.  Candidates ascend through aligned pfns; a candidate whose
 * run crosses a boundary jumps to that boundary; a busy page found while
 * checking a run from its end backwards moves the candidate past it, and
 * the pages already seen free above it need not be read again (`skip`).
 *
 * Pfns are held in int64_t.  NetBSD holds them in signed int and u_int;
 * with segments ending by pfn 2^30, requests below 2^30 pages and `high`
 * clamped to the top of memory (see pglist.c) the two agree, except for
 * alignments of 2^31 pages or more, which overflow NetBSD's int (see
 * pglist.c), and `skip`, whose u_int arithmetic is kept under
 * faithful_skip.
 */
#include "machine_impl.h"

static inline int64_t
roundup2_i64(int64_t x, int64_t align)
{
	return (x + (align - 1)) & ~(align - 1);
}

static inline int64_t
max_i64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

bool
uvmlab_contig_window(struct uvm_machine *m, const struct vm_physseg *seg, int num, paddr_t low,
		     paddr_t high, paddr_t alignment, paddr_t boundary, struct contig_window *w)
{
	int64_t as = seg->avail_start, ae = seg->avail_end;

	if (high <= (paddr_t)as || low >= (paddr_t)ae)
		return false;
	STAT_INCR(m, contig_searches);
	w->num = num;
	w->align = (int64_t)alignment;
	w->pagemask = boundary == 0 ? 0 : ~((int64_t)boundary - 1);
	w->hint_pfn = as + seg->start_hint;
	w->first = roundup2_i64(max_i64((int64_t)low, w->hint_pfn), w->align);
	w->restart = roundup2_i64(max_i64((int64_t)low, as), w->align);
	w->limit = (int64_t)high < ae ? (int64_t)high : ae;
	return true;
}

int64_t
uvmlab_contig_scan(struct uvm_machine *m, const struct vm_physseg *seg,
		   const struct contig_window *w, int64_t start, int64_t wlimit, int64_t cap,
		   bool faithful_skip)
{
	const int64_t num = w->num, align = w->align, pagemask = w->pagemask;
	int64_t candidate = start, skip = 0;

	for (;;) {
		if (candidate + num > wlimit || candidate >= cap)
			return -1;
		if (pagemask != 0 && ((candidate ^ (candidate + num - 1)) & pagemask) != 0) {
			candidate = roundup2_i64((candidate + num - 1) & pagemask, align);
			skip = 0;
			continue;
		}
		STAT_INCR(m, contig_candidates);

		int64_t cidx = candidate - seg->start, end = cidx + num, idx;
		/* a negative faithful skip never reaches below the end of the
		 * previous candidate's run, which lies inside the segment */
		UVMLAB_ASSERT(cidx + skip >= 0);
		for (idx = end - 1; idx >= cidx + skip; idx--) {
			STAT_INCR(m, contig_pages_examined);
			if (!page_is_free(&seg->pgs[idx]))
				break;
		}
		if (idx < cidx + skip)
			return candidate; /* [cidx, end) is free */

		/* idx is busy: no run starting at or below it fits */
		int64_t cnt = roundup2_i64(idx + 1 - cidx, align);
		/* rev 1.89: skip = uimax(num - cnt, 0) in u_int, i.e. num - cnt */
		skip = num - cnt;
		if (!faithful_skip && skip < 0)
			skip = 0;
		candidate += cnt;
	}
}

int64_t
uvmlab_contig_done(struct vm_physseg *seg, const struct contig_window *w, int64_t found)
{
	if (found >= 0)
		seg->start_hint = (uint32_t)(found + w->num - seg->avail_start);
	return found;
}
