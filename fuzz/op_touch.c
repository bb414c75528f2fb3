/*
 * touch NAME PAGE: uvmlab_km_touch of the kernel address PAGE pages into
 * the range NAME holds (or past it: whatever range holds the address
 * answers), the model's fault: a page mapped there is the answer;
 * otherwise the km pager gets it (a resident page, or a new zero-filled
 * one), and it is mapped.  The result is the pfn.
 */
#include <errno.h>
#include <inttypes.h>

#include "op_km.h"

enum { TOUCH_PAGE };

static int
exec_touch(struct session *s, const struct op *op, struct op_result *r)
{
	const struct holder *h = km_holder(s, op->name, HOLDER_KVA);
	uvmlab_pfn_t pfn;

	if (h == NULL || op->slot[TOUCH_PAGE] > UVMLAB_KVA_PAGES_MAX)
		return EINVAL;
	int error = uvmlab_km_touch(s->m, h->kva + ptoa(op->slot[TOUCH_PAGE]), &pfn);
	if (error != 0)
		return error;
	r->value_kind = VALUE_PFN;
	r->value = pfn;
	return 0;
}

/* The kernel address the op touches, or 0 for none. */
static vaddr_t
touched_va(const struct holder *h, const struct op *op)
{
	return h != NULL && op->slot[TOUCH_PAGE] <= UVMLAB_KVA_PAGES_MAX
		   ? h->kva + ptoa(op->slot[TOUCH_PAGE])
		   : 0;
}

/*
 * The replay of the fault: a mapped page is the answer; a resident
 * busy or released one is waited for (EBUSY); a resident one is mapped
 * as it is; a missing one is the next page uvm_pagealloc gives, zeroed
 * (clean and fake no more), after as many page daemon passes as drain
 * something (ENOMEM when one drains nothing); then mapped and unbusied.
 */
static bool
shadow_fault(struct shadow *sh, const struct session *s, const struct op *op,
	     const struct op_result *r, char *why, size_t len)
{
	vaddr_t va = touched_va(km_find(s, op->name, HOLDER_KVA), op);
	const struct skm_ent *e = va != 0 ? skm_entry_at(&sh->km, va) : NULL;
	uint64_t pg = skm_page(va);
	int want = 0;
	bool got = false, drained;

	sh->km.touched = true;
	if (e == NULL || e->obj == SKM_NONE || sh->km.pmap[pg] != UVMLAB_NO_PAGE)
		return true; /* the judge's */
	uint32_t obj = e->obj;
	const struct sobj_page *p = shadow_objs_page(&sh->objs, obj, pg);
	if (p != NULL && (p->flags & (PG_BUSY | PG_RELEASED)))
		want = EBUSY;
	while (want == 0 && p == NULL && !got) {
		if (!skm_wire(sh, obj, va, true, &got, why, len))
			return false;
		if (got)
			shadow_obj_flags(sh, obj, pg, 0, 0); /* uvm_pagezero, then unbusied */
		else if (!skm_wait(sh, &drained, why, len))
			return false;
		else if (!drained)
			want = ENOMEM;
	}
	if (!km_shadow_error(r->error, want, "touch", why, len))
		return false;
	if (want != 0)
		return true;
	skm_enter(&sh->km, pg, shadow_objs_page(&sh->objs, obj, pg)->pfn);
	if (r->value != sh->km.pmap[pg]) {
		snprintf(why, len, "touch: pfn %" PRIu64 ", the replay maps %" PRIu32, r->value,
			 sh->km.pmap[pg]);
		return false;
	}
	return true;
}

/* EINVAL where no kernel-object range holds the address; the page
 * mapped there if one is; else the replay's. */
static enum verdict
judge_touch(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	    const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	vaddr_t va = touched_va(km_judged(b, 0, HOLDER_KVA), op);
	const struct skm_ent *e = va != 0 ? skm_entry_at(&sh->km, va) : NULL;
	(void)ch;

	if (e == NULL || e->obj == SKM_NONE)
		return judge_error(r->error, EINVAL, why, len);
	uvmlab_pfn_t mapped = sh->km.pmap[skm_page(va)];
	if (mapped != UVMLAB_NO_PAGE && (r->error != 0 || r->value != mapped))
		return judge_bug(why, len, "%s %" PRIu64 " at a page mapped to %" PRIu32,
				 uvmlab_errno_name(r->error), r->value, mapped);
	return VERDICT_OK;
}

const struct op_desc op_touch = {
	.name = "touch",
	.nfields = 2,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_KVA}, {NULL, FK_NUM, TOUCH_PAGE, 0, FC_RANGE_PAGE}},
	.exec = exec_touch,
	.shadow = shadow_fault,
	.judge = judge_touch,
	.shadow_on_error = true,
};
