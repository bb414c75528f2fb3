/*
 * free FIRST[-LAST]: uvmlab_free_range, the pages of any holders freed
 * by pfn (a holder's single page is released with it).
 */
#include <errno.h>
#include <inttypes.h>

#include "judge.h"

static int
exec_free(struct session *s, const struct op *op, struct op_result *r)
{
	uint64_t first = op->slot[FREE_FIRST], last = op->slot[FREE_LAST];
	(void)r;

	if (first > last || last >= UVMLAB_PFN_LIMIT)
		return EINVAL;
	int error = uvmlab_free_range(s->m, (uvmlab_pfn_t)first, (uvmlab_pfn_t)last);
	if (error != 0)
		return error;
	for (size_t i = 0; i < s->nholders; i++) {
		struct holder *h = &s->holders[i];
		if (h->kind == HOLDER_SINGLE && h->pfn >= first && h->pfn <= last)
			h->kind = HOLDER_EMPTY;
	}
	return 0;
}

static bool
shadow_free(struct shadow *sh, const struct session *s, const struct op *op,
	    const struct op_result *r, char *why, size_t len)
{
	(void)s, (void)r;
	for (uint64_t p = op->slot[FREE_FIRST]; p <= op->slot[FREE_LAST]; p++) {
		if (!shadow_give_back(sh, (uvmlab_pfn_t)p, why, len))
			return false;
	}
	return true;
}

/* EINVAL exactly when some pfn of the range is not allocated. */
static enum verdict
judge_free(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	   const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	uint64_t first = op->slot[FREE_FIRST], last = op->slot[FREE_LAST];
	bool all = first <= last;
	(void)b, (void)ch;

	for (uint64_t p = first; all && p <= last; p++)
		all = shadow_owner(sh, p) < SHADOW_FREE;
	if (all != (r->error == 0) || (!all && r->error != EINVAL))
		return judge_bug(why, len, "%s, but pfns %" PRIu64 "-%" PRIu64 " %s all allocated",
				 uvmlab_errno_name(r->error), first, last, all ? "are" : "are not");
	return VERDICT_OK;
}

const struct op_desc op_free = {
	.name = "free",
	.nfields = 1,
	.fields = {{NULL, FK_RANGE, FREE_FIRST, 0, FC_ALLOCATED}},
	.exec = exec_free,
	.shadow = shadow_free,
	.judge = judge_free,
};
