/*
 * flags NAME OFF: the PG_* flags of the object's page at page OFF
 * (uvmlab_page_flags), or none; how a scenario shows busy, released
 * and clean pages.
 */
#include <errno.h>

#include "op_object.h"

enum { FLAGS_OFF };

static int
exec_flags(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h = object_holder(s, op->name);
	uvmlab_pfn_t pfn;

	if (h == NULL || op->slot[FLAGS_OFF] > atop(UINT64_MAX))
		return EINVAL;
	uvm_pagelookup(s->m, h->obj, ptoa(op->slot[FLAGS_OFF]), &pfn);
	if (pfn == UVMLAB_NO_PAGE) {
		r->value_kind = VALUE_PFN; /* prints "none" */
		r->value = pfn;
	} else {
		r->value_kind = VALUE_FLAGS;
		r->value = uvmlab_page_flags(s->m, pfn);
	}
	return 0;
}

/* The shadow's flags exactly; none for a page not resident. */
static enum verdict
judge_flags(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	    const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	bool live = judged_object(b, sh, 0) != NULL;
	const struct sobj_page *p =
	    live ? shadow_objs_page(&sh->objs, b->id[0], op->slot[FLAGS_OFF]) : NULL;
	(void)ch;

	if (r->error != (live ? 0 : EINVAL))
		return judge_bug(why, len, "%s for %s", uvmlab_errno_name(r->error),
				 live ? "a live object" : "no object");
	if (live && (p != NULL ? r->value_kind != VALUE_FLAGS || r->value != p->flags
			       : r->value_kind != VALUE_PFN))
		return judge_bug(why, len, "flags %#llx, must be %#llx",
				 (unsigned long long)r->value,
				 (unsigned long long)(p != NULL ? p->flags : 0));
	return VERDICT_OK;
}

const struct op_desc op_flags = {
	.name = "flags",
	.nfields = 2,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_OBJECT}, {NULL, FK_NUM, FLAGS_OFF, 0, FC_OBJ_PAGE}},
	.exec = exec_flags,
	.judge = judge_flags,
};
