/*
 * The `fixed` strategy: rev 1.89's descriptor scan with the straddle
 * flaw mended by the wrap rule (contig.c).  `skip` is clamped at 0,
 * which changes the pages examined but not the result.  This is the
 * reference the indexed strategies must match page for page.
 */
#include "strategy.h"

static int64_t
fixed_scan(struct uvm_machine *m, struct vm_physseg *seg, const struct contig_window *w,
	   int64_t start, int64_t wlimit, int64_t cap)
{
	return uvmlab_contig_scan(m, seg, w, start, wlimit, cap, false);
}

const struct strategy_ops uvmlab_strategy_fixed = {
	.name = "fixed",
	.wrap = UVMLAB_WRAP_BELOW_FIRST,
	.scan = fixed_scan,
};
