/*
 * get NAME OFF N: ao_get of N pages of the object from page OFF: each
 * resident page busied, each missing one allocated.
 */
#include <errno.h>
#include <inttypes.h>

#include "op_object.h"

enum { GET_OFF, GET_N };

static int
exec_get(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h = object_holder(s, op->name);
	uint64_t off = op->slot[GET_OFF], n = op->slot[GET_N];

	if (h == NULL || n > UVMLAB_GET_PAGES_MAX || off > atop(UINT64_MAX))
		return EINVAL;
	if (result_reserve(r, n) != 0)
		return ENOMEM;
	int error = ao_get(s->m, h->obj, ptoa(off), (int)n, r->pfns);
	if (error == 0)
		r->npfns = n;
	return error;
}

/* Resident pages become busy; each missing one is the next page
 * uvm_pagealloc gives. */
static bool
shadow_get(struct shadow *sh, const struct session *s, const struct op *op,
	   const struct op_result *r, char *why, size_t len)
{
	uint32_t id = shadow_holder_id(s, op->name);

	for (size_t i = 0; i < r->npfns; i++) {
		uint64_t pgoff = op->slot[GET_OFF] + i;
		if (shadow_objs_page(&sh->objs, id, pgoff) != NULL)
			shadow_obj_flags(sh, id, pgoff, ~0u, PG_BUSY);
		else if (!shadow_obj_alloc(sh, id, pgoff, r->pfns[i], why, len))
			return false;
	}
	return true;
}

/*
 * EINVAL for no object, a count outside 1..64 or a range past the end;
 * EBUSY if any page of the range is busy; ENOMEM if more pages are
 * missing than may be allocated; else each resident page is given as it
 * is (the allocated ones are checked by the update).
 */
static enum verdict
judge_get(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	  const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	const struct sobj *o = judged_anon(b, sh, 0);
	uint64_t off = op->slot[GET_OFF], n = op->slot[GET_N];
	int want = ao_get_want(sh, o, off, n);
	(void)ch;

	if (r->error != want)
		return judge_error(r->error, want, why, len);
	for (uint64_t i = 0; want == 0 && i < n; i++) {
		const struct sobj_page *p = &o->pages[off + i];
		if (p->pfn != UVMLAB_NO_PAGE && r->pfns[i] != p->pfn)
			return judge_bug(why, len, "page %" PRIu64 " is pfn %" PRIu32 ", got %" PRIu32,
					 off + i, p->pfn, r->pfns[i]);
	}
	return VERDICT_OK;
}

const struct op_desc op_get = {
	.name = "get",
	.nfields = 3,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_OBJECT},
		   {NULL, FK_NUM, GET_OFF, 0, FC_OBJ_PAGE},
		   {NULL, FK_NUM, GET_N, 1, FC_COUNT}},
	.exec = exec_get,
	.shadow = shadow_get,
	.judge = judge_get,
};
