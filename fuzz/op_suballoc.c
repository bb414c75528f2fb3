/*
 * suballoc NAME PAGES [map M]: uvm_km_suballoc of a pageable submap of
 * PAGES pages inside map M (0, the kernel map, by default), held by
 * NAME, at the lowest fit.  Submaps are numbered as they are made: the
 * first is map 1, the next map 2; `map N` in the allocators names one.
 * A submap is never freed (uvm_km_free of its range is EINVAL).  The
 * result is its address.
 */
#include <errno.h>
#include <inttypes.h>

#include "grow.h"
#include "op_km.h"

static int
exec_suballoc(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h;
	vaddr_t min = 0, max;
	uvmlab_map_t sub = 0;
	int error = km_claim(s, op, &h);

	if (error != 0)
		return error;
	error = uvm_km_suballoc(s->m, (uvmlab_map_t)op->slot[KM_MAP], &min, &max,
				ptoa(op->slot[KM_PAGES]), true, false, &sub);
	h->submap = sub;
	return km_hold(s, op, h, HOLDER_SUBMAP, error, min, false, r);
}

/* The range in its parent, and the submap, numbered next. */
static bool
shadow_suballoc(struct shadow *sh, const struct session *s, const struct op *op,
		const struct op_result *r, char *why, size_t len)
{
	struct shadow_km *k = &sh->km;
	uint64_t size = ptoa(op->slot[KM_PAGES]);
	const struct holder *h = km_find(s, op->name, HOLDER_SUBMAP);

	if (!km_shadow_begin(sh, s, r, why, len))
		return false;
	if (h->submap != k->nmaps) {
		snprintf(why, len, "suballoc: submap %" PRIu32 ", the next is %zu", h->submap, k->nmaps);
		return false;
	}
	if (grow((void **)&k->maps, &k->mcap, k->nmaps + 1, sizeof(*k->maps)) != 0 ||
	    !skm_range(k, op->slot[KM_MAP], r->value, size, SKM_NONE, (uint32_t)k->nmaps)) {
		snprintf(why, len, "shadow: out of host memory");
		return false;
	}
	k->maps[k->nmaps++] = (struct skm_map){r->value, r->value + size, NULL, 0, 0};
	return true;
}

/* EEXIST; EINVAL for no such map, no pages or more than the parent
 * spans; ENOMEM for no room; else the lowest fit. */
static enum verdict
judge_suballoc(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	       const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	const struct skm_map *km = skm_map(&sh->km, op->slot[KM_MAP]);
	(void)ch;

	if (!b->name_busy && km != NULL && ptoa(op->slot[KM_PAGES]) > km->max - km->min &&
	    op->slot[KM_PAGES] <= UVMLAB_KVA_PAGES_MAX)
		return judge_error(r->error, EINVAL, why, len);
	return km_judge_range(b, sh, op, r, false, why, len);
}

const struct op_desc op_suballoc = {
	.name = "suballoc",
	.nfields = 3,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_NEW},
		   {NULL, FK_NUM, KM_PAGES, 1, FC_KM_PAGES},
		   {"map", FK_NUM, KM_MAP, 0, FC_MAP}},
	.exec = exec_suballoc,
	.shadow = shadow_suballoc,
	.judge = judge_suballoc,
};
