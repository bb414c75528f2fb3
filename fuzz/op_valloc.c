/*
 * valloc NAME PAGES [map M]: uvm_km_valloc of PAGES pages (1..65536) of
 * map M (0, the kernel map, by default; a submap by its number), held
 * by NAME: address space backed by the kernel object, with no page
 * until a touch.  The result is the range's address.
 */
#include <errno.h>

#include "op_km.h"

static int
exec_valloc(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h;
	vaddr_t va = 0;
	int error = km_claim(s, op, &h);

	if (error != 0)
		return error;
	error = uvm_km_valloc(s->m, (uvmlab_map_t)op->slot[KM_MAP], ptoa(op->slot[KM_PAGES]), &va);
	return km_hold(s, op, h, HOLDER_KVA, error, va, false, r);
}

static bool
shadow_valloc(struct shadow *sh, const struct session *s, const struct op *op,
	      const struct op_result *r, char *why, size_t len)
{
	if (!km_shadow_begin(sh, s, r, why, len))
		return false;
	if (!skm_range(&sh->km, op->slot[KM_MAP], r->value, ptoa(op->slot[KM_PAGES]),
		       sh->km.kernel, SKM_NONE)) {
		snprintf(why, len, "shadow: out of host memory");
		return false;
	}
	return true;
}

/* EEXIST, EINVAL, ENOMEM for no room; else the lowest fit. */
static enum verdict
judge_valloc(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	     const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	(void)ch;
	return km_judge_range(b, sh, op, r, false, why, len);
}

const struct op_desc op_valloc = {
	.name = "valloc",
	.nfields = 3,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_NEW},
		   {NULL, FK_NUM, KM_PAGES, 1, FC_KM_PAGES},
		   {"map", FK_NUM, KM_MAP, 0, FC_MAP}},
	.exec = exec_valloc,
	.shadow = shadow_valloc,
	.judge = judge_valloc,
};
