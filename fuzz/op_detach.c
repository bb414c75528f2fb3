/* detach NAME: uao_detach of the object NAME holds. */
#include <errno.h>

#include "op_object.h"

static int
exec_detach(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h = object_holder(s, op->name);
	(void)r;

	if (h == NULL)
		return EINVAL;
	int error = uao_detach(s->m, h->obj);
	if (error == 0)
		h->kind = HOLDER_EMPTY;
	return error;
}

static bool
shadow_detach(struct shadow *sh, const struct session *s, const struct op *op,
	      const struct op_result *r, char *why, size_t len)
{
	(void)r;
	return shadow_obj_detach(sh, shadow_holder_id(s, op->name), why, len);
}

/* EINVAL for no object; EBUSY while any page is busy; else 0. */
static enum verdict
judge_detach(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	     const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	const struct sobj *o = judged_anon(b, sh, 0);
	int want = o == NULL ? EINVAL : 0;
	(void)op, (void)ch;

	for (uint64_t p = 0; want == 0 && p < o->size; p++) {
		if (o->pages[p].pfn != UVMLAB_NO_PAGE && (o->pages[p].flags & PG_BUSY))
			want = EBUSY;
	}
	return judge_error(r->error, want, why, len);
}

const struct op_desc op_detach = {
	.name = "detach",
	.nfields = 1,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_OBJECT}},
	.exec = exec_detach,
	.shadow = shadow_detach,
	.judge = judge_detach,
};
