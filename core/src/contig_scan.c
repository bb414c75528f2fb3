/*
 * The candidate loop of rev 1.89's uvm_pglistalloc_c_ps over page
 * descriptors, shared by the faithful and fixed
 * strategies.  Candidates ascend through aligned pfns; a candidate whose
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
#include "strategy.h"

int64_t
uvmlab_contig_scan(struct uvm_machine *m, const struct vm_physseg *seg,
		   const struct contig_window *w, int64_t start, int64_t wlimit, int64_t cap,
		   bool faithful_skip)
{
	const int64_t num = w->num, align = w->align;
	int64_t candidate = start, skip = 0;

	for (;;) {
		if (candidate + num > wlimit || candidate >= cap)
			return -1;
		if (window_crosses(w, candidate)) {
			candidate = window_past_boundary(w, candidate);
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
