/*
 * poolput ITEM: pool_put of the item ITEM holds back to its pool.  The
 * page keeps its place, cached when empty until the page daemon drains
 * it.
 */
#include <errno.h>

#include "op_km.h"

static int
exec_poolput(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h = km_holder(s, op->name, HOLDER_ITEM);
	(void)r;

	if (h == NULL)
		return EINVAL;
	int error = pool_put(s->m, h->map, h->kva);
	if (error == 0)
		h->kind = HOLDER_EMPTY;
	return error;
}

static bool
shadow_poolput(struct shadow *sh, const struct session *s, const struct op *op,
	       const struct op_result *r, char *why, size_t len)
{
	const struct holder *h = session_find(s, op->name); /* emptied: its item kept */
	struct skm_pool *pl = &sh->km.pools[h->map];
	(void)r;

	sh->km.touched = true;
	for (size_t k = 0; k < pl->n; k++) {
		if (h->kva >= pl->pg[k].va && h->kva < pl->pg[k].va + PAGE_SIZE) {
			uint32_t i = (uint32_t)((h->kva - pl->pg[k].va) / pl->itemsize);
			pl->pg[k].used[i / 64] &= ~((uint64_t)1 << (i % 64));
			pl->pg[k].nused--;
			return true;
		}
	}
	snprintf(why, len, "poolput: the item is on no page of its pool");
	return false;
}

/* EINVAL unless ITEM holds an item (one put back holds none); else 0. */
static enum verdict
judge_poolput(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	      const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	(void)sh;
	(void)op;
	(void)ch;
	return judge_error(r->error, km_judged(b, 0, HOLDER_ITEM) != NULL ? 0 : EINVAL, why, len);
}

const struct op_desc op_poolput = {
	.name = "poolput",
	.nfields = 1,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_ITEM}},
	.exec = exec_poolput,
	.shadow = shadow_poolput,
	.judge = judge_poolput,
};
