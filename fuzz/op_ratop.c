/*
 * ratop WIN AT: uvm_pageratop of the address AT bytes into the window
 * WIN holds or last held; the result is the page there, or none.
 */
#include <errno.h>
#include <inttypes.h>

#include "op_object.h"

enum { RATOP_AT };

static int
exec_ratop(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h = session_holder(s, op->name);
	uvmlab_pfn_t pfn;

	if (h == NULL || h->kva == 0)
		return EINVAL;
	uvm_pageratop(s->m, h->kva + op->slot[RATOP_AT], &pfn);
	r->value_kind = VALUE_PFN;
	r->value = pfn;
	return 0;
}

/* The page of whichever live window holds the address, or none. */
static enum verdict
judge_ratop(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	    const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	vaddr_t va = b->holder[0].kva + op->slot[RATOP_AT];
	const struct swin *w = b->holder[0].kva != 0 ? shadow_objs_window_at(&sh->objs, va) : NULL;
	uint64_t want = UVMLAB_NO_PAGE;
	(void)ch;

	if (w != NULL)
		want = shadow_objs_page(&sh->objs, w->obj, w->pgoff[atop(va - w->kva)])->pfn;
	if (r->error != (b->holder[0].kva != 0 ? 0 : EINVAL) || (r->error == 0 && r->value != want))
		return judge_bug(why, len, "%s %" PRIu64 " at %#" PRIx64 ", must be %" PRIu64,
				 uvmlab_errno_name(r->error), r->value, va, want);
	return VERDICT_OK;
}

const struct op_desc op_ratop = {
	.name = "ratop",
	.nfields = 2,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_WINDOW}, {NULL, FK_NUM, RATOP_AT, 0, FC_WIN_BYTE}},
	.exec = exec_ratop,
	.judge = judge_ratop,
};
