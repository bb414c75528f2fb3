/*
 * The `faithful` strategy: rev 1.89's uvm_pglistalloc_c_ps pass for pass.
 *
 * The first pass runs from the segment's start hint to the end of the
 * allowed range; if the hint is not 0, a second pass runs from the start
 * of the range but takes only runs that end by the hint.  A free run that
 * straddles the hint is therefore examined by neither pass, and a
 * satisfiable request can fail with ENOMEM.  That flaw is kept here.
 */
#include "machine_impl.h"

int64_t
uvmlab_contig_faithful(struct uvm_machine *m, struct vm_physseg *seg, int num, paddr_t low,
		       paddr_t high, paddr_t alignment, paddr_t boundary)
{
	struct contig_window w;

	if (!uvmlab_contig_window(m, seg, num, low, high, alignment, boundary, &w))
		return -1;
	int64_t found = uvmlab_contig_scan(m, seg, &w, w.first, w.limit, INT64_MAX, true);
	if (found < 0 && seg->start_hint != 0) {
		STAT_INCR(m, second_passes);
		int64_t wlimit = w.limit < w.hint_pfn ? w.limit : w.hint_pfn;
		found = uvmlab_contig_scan(m, seg, &w, w.restart, wlimit, INT64_MAX, true);
	}
	return uvmlab_contig_done(seg, &w, found);
}
