/*
 * Judging a uvm_pglistalloc result independently of the core: whether
 * its arguments should have been rejected, whether the pages given fit
 * the request, and (the oracle) whether an ENOMEM was deserved, by
 * brute force over the shadow model.
 */
#ifndef UVMLAB_JUDGE_H
#define UVMLAB_JUDGE_H

#include "shadow.h"

enum verdict {
	VERDICT_OK,
	VERDICT_STRADDLE, /* ENOMEM with a fit that only straddles hints:
			     rev 1.89's known flaw, allowed under faithful */
	VERDICT_BUG,
};

/* What the judge needs from before the call: the segments with their
 * hints, and the machine's parameters. */
struct judge_before {
	struct uvmlab_params params;
	unsigned nsegs;
	struct uvmlab_seginfo segs[UVMLAB_PHYSSEG_MAX];
};

/* judge_capture: record the machine's state before a call. */
void judge_capture(const struct uvm_machine *m, struct judge_before *b);

/*
 * judge_pglist: the verdict on a pglist op's result `r`, given the
 * machine before the call and the shadow before it was updated.  On
 * VERDICT_BUG, why says what was wrong.
 */
enum verdict judge_pglist(const struct judge_before *b, const struct shadow *sh,
			  const struct op *op, const struct op_result *r, char *why,
			  size_t len);

/*
 * judge_straddle_explains: may fixed's search give `fixed_run` where
 * faithful gave `faithful_run` (NULL: ENOMEM) from the same state?  Only
 * if the fixed run straddles its segment's hint, and faithful's search
 * found nothing before it: faithful's run lies in a segment searched
 * later, or came from the waitok fallback (faithful_fell_back), or there
 * is none.
 */
bool judge_straddle_explains(const struct judge_before *b, const uvmlab_pfn_t *fixed_run,
			     size_t n, const uvmlab_pfn_t *faithful_run, bool faithful_fell_back);

#endif /* UVMLAB_JUDGE_H */
