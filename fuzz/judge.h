/*
 * Judging results independently of the core: a brute-force
 * specification of what each operation must return, computed from the
 * shadow model and the machine's hints and parameters before the call.
 *
 * For uvm_pglistalloc it says whether the arguments must be rejected,
 * and which pages the search must give: on the simple path the exact
 * pages, on the contiguous path the exact run (the lowest fitting run
 * from the hint on, then the wrapped pass as the strategy defines it),
 * or ENOMEM; for the waitok fallback, the exact run (replayed on the
 * shadow's free queues, free_order.h) or ENOMEM.  For alloc it names the
 * exact page; for free and pglistfree, when EINVAL is due.
 */
#ifndef UVMLAB_JUDGE_H
#define UVMLAB_JUDGE_H

#include "shadow.h"

/* What the judge needs from before the call: the segments with their
 * hints, the machine's parameters, and whether the op's name held pages. */
struct judge_before {
	struct uvmlab_params params;
	unsigned nsegs;
	struct uvmlab_seginfo segs[UVMLAB_PHYSSEG_MAX];
	bool name_busy;
	/* the op's holders (op->name, op->name2): their index in the
	 * session (SHADOW_ABSENT if none yet) and what they held */
	uint32_t id[2];
	struct holder holder[2];
};

/* judge_capture: record the machine's state before `op` runs. */
void judge_capture(const struct session *s, const struct op *op, struct judge_before *b);

/*
 * judge_op: the verdict of op's row's judge on its result `r`, given the
 * state before the call and the shadow before it was updated.  On
 * VERDICT_BUG, why says what was wrong.  Unless ch is NULL, *ch (zeroed
 * by the caller) receives the op's churn for shadow_apply.
 */
enum verdict judge_op(const struct judge_before *b, const struct shadow *sh, const struct op *op,
		      const struct op_result *r, struct churn *ch, char *why, size_t len);

/*
 * judge_pglist: uvm_pglistalloc's specification (op_judge_fn).  A
 * result from the waitok fallback (r->fell_back, as the core reports
 * it: uvmlab_pglist_fallback) is judged as the fallback's run.
 */
op_judge_fn judge_pglist;

/* judge_error: VERDICT_OK if the call returned `want` (0 or an errno),
 * else VERDICT_BUG saying which it returned and which was due. */
enum verdict judge_error(int got, int want, char *why, size_t len);

/* judge_address: judge_error for a call that gives an address: also
 * VERDICT_BUG when it succeeded at another address than want_va. */
enum verdict judge_address(const struct op_result *r, int want, uint64_t want_va, char *why,
			   size_t len);

/* judge_bug: VERDICT_BUG, with the reason formatted into why. */
enum verdict judge_bug(char *why, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

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
