/*
 * The `fixed` strategy: rev 1.89's search with the straddle flaw mended.
 *
 * The first pass is faithful's.  The second pass takes any run that
 * starts before the first pass's start, wherever it ends, so a run that
 * straddles the hint is found.  A run faithful's second pass finds ends
 * by the hint, and no lower run can straddle it, so whenever faithful
 * succeeds this gives the same pages.  `skip` is clamped at 0, which
 * changes the pages examined but not the result.  Hints move as in
 * faithful.
 */
#include "machine_impl.h"

int64_t
uvmlab_contig_fixed(struct uvm_machine *m, struct vm_physseg *seg, int num, paddr_t low,
		    paddr_t high, paddr_t alignment, paddr_t boundary)
{
	struct contig_window w;

	if (!uvmlab_contig_window(m, seg, num, low, high, alignment, boundary, &w))
		return -1;
	int64_t found = uvmlab_contig_scan(m, seg, &w, w.first, w.limit, INT64_MAX, false);
	if (found < 0 && seg->start_hint != 0) {
		STAT_INCR(m, second_passes);
		found = uvmlab_contig_scan(m, seg, &w, w.restart, w.limit, w.first, false);
	}
	return uvmlab_contig_done(seg, &w, found);
}
