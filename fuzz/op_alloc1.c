/*
 * alloc1 NAME PAGES [map M] [zero]: uvm_km_alloc1 of PAGES pages of map
 * M, wired, held by NAME; `zero` asks for zero-filled pages (else they
 * hold the junk byte).  The result is the pages mapped, then the
 * address.
 */
#include <errno.h>

#include "op_km.h"

static int
exec_alloc1(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h;
	vaddr_t va = 0;
	int error = km_claim(s, op, &h);

	if (error != 0)
		return error;
	error = uvm_km_alloc1(s->m, (uvmlab_map_t)op->slot[KM_MAP], ptoa(op->slot[KM_PAGES]),
			      op->slot[KM_FLAG1] != 0, &va);
	return km_hold(s, op, h, HOLDER_KVA, error, va, true, r);
}

/*
 * The replay of rev 1.13: the range, then page by page from its start:
 * a resident page (released by an earlier free, still busy) is waited
 * for (EBUSY); a missing one is the next uvm_pagealloc gives, or the
 * page daemon runs and the page is asked again, until it drains nothing
 * (ENOMEM).  On either error the pages go back newest first, the colour
 * and the range as they were.
 */
static bool
shadow_alloc1(struct shadow *sh, const struct session *s, const struct op *op,
	      const struct op_result *r, char *why, size_t len)
{
	uint64_t pages = op->slot[KM_PAGES], map = op->slot[KM_MAP];
	const struct skm_map *km = skm_map(&sh->km, map);
	vaddr_t va = km != NULL && pages <= UVMLAB_KVA_PAGES_MAX ? skm_fit(km, ptoa(pages)) : 0;
	int want = 0;

	sh->km.touched = true;
	if (va == 0 || r->error == EEXIST || r->error == EINVAL)
		return true; /* the judge's: nothing was done */
	if (!sh->km.made) {
		/* the call makes the layer, which has no pool to drain yet and
		 * is unmade again if the call fails */
		want = pages > free_order_allocatable(&sh->order) ? ENOMEM : 0;
		if (!km_shadow_error(r->error, want, "alloc1", why, len))
			return false;
		if (want != 0)
			return true;
	}
	if (!km_shadow_begin(sh, s, r, why, len))
		return false;
	uint32_t obj = sh->km.kernel;
	unsigned color = sh->order.next_color;
	vaddr_t loopva = va;
	bool got, drained;
	if (!skm_range(&sh->km, map, va, ptoa(pages), obj, SKM_NONE)) {
		snprintf(why, len, "shadow: out of host memory");
		return false;
	}
	while (want == 0 && loopva < va + ptoa(pages)) {
		if (skm_range_resident(sh, obj, loopva, PAGE_SIZE))
			want = EBUSY;
		else if (!skm_wire(sh, obj, loopva, op->slot[KM_FLAG1] != 0, &got, why, len))
			return false;
		else if (got)
			loopva += PAGE_SIZE;
		else if (!skm_wait(sh, &drained, why, len))
			return false;
		else if (!drained)
			want = ENOMEM;
	}
	if (!km_shadow_error(r->error, want, "alloc1", why, len))
		return false;
	if (want != 0)
		return skm_unwire_back(sh, map, obj, va, loopva, ptoa(pages), color, why, len);
	return km_check_pages(sh, r, va, why, len);
}

/* EEXIST, EINVAL, ENOMEM for no room, else the lowest fit (EBUSY and
 * ENOMEM for want of pages are the replay's). */
static enum verdict
judge_alloc1(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	     const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	(void)ch;
	return km_judge_range(b, sh, op, r, true, why, len);
}

const struct op_desc op_alloc1 = {
	.name = "alloc1",
	.nfields = 4,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_NEW},
		   {NULL, FK_NUM, KM_PAGES, 1, FC_KM_PAGES},
		   {"map", FK_NUM, KM_MAP, 0, FC_MAP},
		   {"zero", FK_FLAG, KM_FLAG1, 0, FC_BIT}},
	.exec = exec_alloc1,
	.shadow = shadow_alloc1,
	.judge = judge_alloc1,
	.shadow_on_error = true,
};
