/* lookup NAME OFF: uvm_pagelookup of the object's page at page OFF;
 * the result is its pfn or none. */
#include <errno.h>
#include <inttypes.h>

#include "op_object.h"

enum { LOOKUP_OFF };

static int
exec_lookup(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h = object_holder(s, op->name);
	uvmlab_pfn_t pfn;

	if (h == NULL || op->slot[LOOKUP_OFF] > atop(UINT64_MAX))
		return EINVAL;
	int error = uvm_pagelookup(s->m, h->obj, ptoa(op->slot[LOOKUP_OFF]), &pfn);
	r->value_kind = VALUE_PFN;
	r->value = pfn;
	return error;
}

/* The shadow's page, or none; EINVAL for no object. */
static enum verdict
judge_lookup(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	     const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	bool live = judged_object(b, sh, 0) != NULL;
	const struct sobj_page *p = live ? shadow_objs_page(&sh->objs, b->id[0], op->slot[LOOKUP_OFF])
					 : NULL;
	uint64_t want = p != NULL ? p->pfn : UVMLAB_NO_PAGE;
	(void)ch;

	if (r->error != (live ? 0 : EINVAL) || (live && r->value != want))
		return judge_bug(why, len, "%s %" PRIu64 ", must be %s %" PRIu64,
				 uvmlab_errno_name(r->error), r->value,
				 live ? "ok" : "EINVAL", want);
	return VERDICT_OK;
}

const struct op_desc op_lookup = {
	.name = "lookup",
	.nfields = 2,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_OBJECT}, {NULL, FK_NUM, LOOKUP_OFF, 0, FC_OBJ_PAGE}},
	.exec = exec_lookup,
	.judge = judge_lookup,
};
