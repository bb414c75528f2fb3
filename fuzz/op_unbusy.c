/*
 * unbusy NAME OFF [pages N]: uvm_page_unbusy of the object's pages at
 * pages [OFF, OFF + N) (1), a missing one passed as no page.
 */
#include <errno.h>

#include "op_object.h"

enum { UNBUSY_OFF, UNBUSY_N };

static int
exec_unbusy(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h = object_holder(s, op->name);
	uint64_t off = op->slot[UNBUSY_OFF], n = op->slot[UNBUSY_N];
	uvmlab_pfn_t pgs[UVMLAB_GET_PAGES_MAX];
	(void)r;

	if (h == NULL || n > UVMLAB_GET_PAGES_MAX || off > atop(UINT64_MAX) - n)
		return EINVAL;
	for (uint64_t i = 0; i < n; i++)
		uvm_pagelookup(s->m, h->obj, ptoa(off + i), &pgs[i]);
	return uvm_page_unbusy(s->m, pgs, (int)n);
}

/* A released page is freed; the others lose PG_BUSY and PG_WANTED. */
static bool
shadow_unbusy(struct shadow *sh, const struct session *s, const struct op *op,
	      const struct op_result *r, char *why, size_t len)
{
	uint32_t id = shadow_holder_id(s, op->name);
	(void)r;

	for (uint64_t i = 0; i < op->slot[UNBUSY_N]; i++) {
		uint64_t pgoff = op->slot[UNBUSY_OFF] + i;
		const struct sobj_page *p = shadow_objs_page(&sh->objs, id, pgoff);
		if (p == NULL)
			continue;
		if (p->flags & PG_RELEASED) {
			if (!shadow_obj_free(sh, id, pgoff, why, len))
				return false;
		} else {
			shadow_obj_flags(sh, id, pgoff, ~(PG_BUSY | PG_WANTED), 0);
		}
	}
	return true;
}

/* In the call's order: EINVAL at a resident page not busy, EBUSY at one
 * in a live window; else 0. */
static enum verdict
judge_unbusy(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	     const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	const struct sobj *o = judged_object(b, sh, 0);
	uint64_t off = op->slot[UNBUSY_OFF], n = op->slot[UNBUSY_N];
	int want = o == NULL || n > UVMLAB_GET_PAGES_MAX || off > atop(UINT64_MAX) - n ? EINVAL : 0;
	(void)ch;

	for (uint64_t i = 0; want == 0 && i < n; i++) {
		const struct sobj_page *p = shadow_objs_page(&sh->objs, b->id[0], off + i);
		if (p == NULL)
			continue;
		if (!(p->flags & PG_BUSY))
			want = EINVAL;
		else if (shadow_objs_in_window(&sh->objs, b->id[0], off + i))
			want = EBUSY;
	}
	return judge_error(r->error, want, why, len);
}

const struct op_desc op_unbusy = {
	.name = "unbusy",
	.nfields = 3,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_OBJECT},
		   {NULL, FK_NUM, UNBUSY_OFF, 0, FC_OBJ_PAGE},
		   {"pages", FK_NUM, UNBUSY_N, 1, FC_FEW}},
	.exec = exec_unbusy,
	.shadow = shadow_unbusy,
	.judge = judge_unbusy,
};
