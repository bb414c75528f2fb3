/*
 * kmfree NAME: uvm_km_free of the whole range NAME holds, in its map:
 * its pages unmapped, then removed from their object by
 * uvm_km_pgremove, a busy page marked released instead of freed.  The
 * result is the walk uvm_km_pgremove took: memq or hash.
 */
#include <errno.h>

#include "op_km.h"
#include "uvmlab/stats.h"

static int
exec_kmfree(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h = km_holder(s, op->name, HOLDER_KVA);
	uint64_t hash = uvmlab_stat_get(s->m, UVMLAB_STAT_km_pgremove_hash);

	if (h == NULL)
		return EINVAL;
	int error = uvm_km_free(s->m, h->map, h->kva, ptoa(h->npages));
	if (error != 0)
		return error;
	h->kind = HOLDER_EMPTY;
	r->value_kind = VALUE_WALK;
	r->value = uvmlab_stat_get(s->m, UVMLAB_STAT_km_pgremove_hash) != hash;
	return 0;
}

/* The entry the range of holder h starts, in the shadow. */
static const struct skm_ent *
entry_of(const struct shadow *sh, const struct holder *h)
{
	const struct skm_map *km = skm_map(&sh->km, h->map);

	for (size_t i = 0; km != NULL && i < km->n; i++) {
		if (km->e[i].start == h->kva)
			return &km->e[i];
	}
	return NULL;
}

static bool
shadow_kmfree(struct shadow *sh, const struct session *s, const struct op *op,
	      const struct op_result *r, char *why, size_t len)
{
	const struct holder *h = session_find(s, op->name); /* emptied: its range kept */
	bool hash;

	sh->km.touched = true;
	(void)r;
	return skm_unmap(sh, h->map, h->kva, h->kva + ptoa(h->npages), &hash, why, len);
}

/* EINVAL without a range; else the walk by UKM_HASH_PENALTY's rule: the
 * hash when the object has more than four pages per page of the range. */
static enum verdict
judge_kmfree(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	     const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	const struct holder *h = km_judged(b, 0, HOLDER_KVA);
	const struct skm_ent *e = h != NULL ? entry_of(sh, h) : NULL;
	(void)op;
	(void)ch;

	if (r->error != (h != NULL ? 0 : EINVAL) || (h != NULL && e == NULL))
		return judge_error(r->error, h != NULL ? 0 : EINVAL, why, len);
	if (h == NULL)
		return VERDICT_OK;
	bool hash = skm_resident(sh, e->obj) > (uint64_t)h->npages * 4;
	if (r->value != hash)
		return judge_bug(why, len, "uvm_km_pgremove walked the %s, the rule says the %s",
				 r->value ? "hash" : "memq", hash ? "hash" : "memq");
	return VERDICT_OK;
}

const struct op_desc op_kmfree = {
	.name = "kmfree",
	.nfields = 1,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_KVA}},
	.exec = exec_kmfree,
	.shadow = shadow_kmfree,
	.judge = judge_kmfree,
};
