/*
 * The `faithful` strategy: rev 1.89's uvm_pglistalloc_c_ps pass for
 * pass, its descriptor scan with the u_int `skip`, and its wrap rule,
 * whose straddle flaw is kept (contig.c); in the object layer, rump
 * vm.c 1.29's zerorange flag mask (zerorange.c).
 */
#include "strategy.h"

static int64_t
faithful_scan(struct uvm_machine *m, struct vm_physseg *seg, const struct contig_window *w,
	      int64_t start, int64_t wlimit, int64_t cap)
{
	return uvmlab_contig_scan(m, seg, w, start, wlimit, cap, true);
}

const struct strategy_ops uvmlab_strategy_faithful = {
	.name = "faithful",
	.wrap = UVMLAB_WRAP_ENDS_BY_HINT,
	.seed_flaws = true,
	.scan = faithful_scan,
};
