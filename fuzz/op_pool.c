/*
 * pool NAME SIZE: uvmlab_pool_init of a pool of SIZE-byte items (16 to
 * PAGE_SIZE), held by NAME, at the lowest free of 64 pool handles.  Its
 * pages are the kmem object's pool pages, one NOWAIT (or waiting)
 * uvm_km_alloc_poolpage1 each.
 */
#include <errno.h>
#include <inttypes.h>

#include "grow.h"
#include "op_km.h"

enum { POOL_SIZE };

static int
exec_pool(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h;
	uvmlab_pool_t pool;
	int error;
	(void)r;

	if ((error = km_exec_begin(s)) != 0 || (error = session_claim(s, op->name, &h)) != 0)
		return error;
	error = uvmlab_pool_init(s->m, op->slot[POOL_SIZE], &pool);
	if ((error = km_exec_end(s, error)) != 0)
		return error;
	h->kind = HOLDER_POOL;
	h->map = pool;
	return 0;
}

/* The lowest pool handle not live, or UVMLAB_POOLS_MAX for none. */
static size_t
free_pool(const struct shadow_km *k)
{
	size_t p = 0;

	while (p < k->npools && k->pools[p].live)
		p++;
	return p;
}

static bool
shadow_pool(struct shadow *sh, const struct session *s, const struct op *op,
	    const struct op_result *r, char *why, size_t len)
{
	struct shadow_km *k = &sh->km;
	size_t p = free_pool(k);
	uint32_t size = (uint32_t)op->slot[POOL_SIZE];

	if (!km_shadow_begin(sh, s, r, why, len))
		return false;
	if (km_find(s, op->name, HOLDER_POOL)->map != p) {
		snprintf(why, len, "pool: handle %" PRIu32 ", the lowest free is %zu",
			 km_find(s, op->name, HOLDER_POOL)->map, p);
		return false;
	}
	if (p == k->npools &&
	    grow((void **)&k->pools, &k->pcap, k->npools + 1, sizeof(*k->pools)) != 0) {
		snprintf(why, len, "shadow: out of host memory");
		return false;
	}
	k->npools += p == k->npools; /* pools never die: p is always new */
	k->pools[p] = (struct skm_pool){true, size, PAGE_SIZE / size, NULL, 0, 0};
	return true;
}

/* EEXIST; EINVAL for an item size outside 16..PAGE_SIZE; ENOMEM with 64
 * pools live. */
static enum verdict
judge_pool(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	   const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	uint64_t size = op->slot[POOL_SIZE];
	int want = b->name_busy					       ? EEXIST
		   : size < UVMLAB_POOL_ITEM_MIN || size > PAGE_SIZE	       ? EINVAL
		   : free_pool(&sh->km) == UVMLAB_POOLS_MAX ? ENOMEM
							       : 0;
	(void)ch;
	return judge_error(r->error, want, why, len);
}

const struct op_desc op_pool = {
	.name = "pool",
	.nfields = 2,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_NEW}, {NULL, FK_NUM, POOL_SIZE, 64, FC_ITEM_SIZE}},
	.exec = exec_pool,
	.shadow = shadow_pool,
	.judge = judge_pool,
};
