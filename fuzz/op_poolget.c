/*
 * poolget ITEM POOL [wait]: pool_get of an item of pool POOL, held by
 * ITEM; PR_WAITOK with `wait`.  The lowest free item of the first page
 * that has one; with every page full, a new pool page, under the memory
 * limit.  The result is the page backing the item, then its address.
 *
 * Under the strategies with the seeds' flaws, a NOWAIT page that fails
 * under a limit leaves its bytes counted, as rev 1.84's
 * rump_hypermalloc does (VERDICT_SEED_FLAW).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "grow.h"
#include "op_km.h"

enum { POOLGET_WAIT };

static int
exec_poolget(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h;
	int error;
	vaddr_t va;

	if ((error = km_exec_begin(s)) != 0 || (error = session_claim(s, op->name, &h)) != 0)
		return error;
	const struct holder *p = km_find(s, op->name2, HOLDER_POOL);
	if (p == NULL)
		return EINVAL;
	error = pool_get(s->m, p->map, op->slot[POOLGET_WAIT] ? PR_WAITOK : PR_NOWAIT, &va);
	if ((error = km_exec_end(s, error)) != 0 ||
	    (error = km_result_pages(s, r, va & ~(vaddr_t)(PAGE_SIZE - 1), 1)) != 0)
		return error;
	h->kind = HOLDER_ITEM;
	h->kva = va;
	h->map = p->map;
	r->value_kind = VALUE_ADDR;
	r->value = va;
	return 0;
}

/* The address of the lowest free item of pool pl's first page with one,
 * or 0 with every page full; *page, *item where it is. */
static vaddr_t
free_item(const struct skm_pool *pl, size_t *page, uint32_t *item)
{
	for (size_t k = 0; k < pl->n; k++) {
		for (uint32_t i = 0; pl->pg[k].nused < pl->per_page && i < pl->per_page; i++) {
			if (!((pl->pg[k].used[i / 64] >> (i % 64)) & 1)) {
				*page = k;
				*item = i;
				return pl->pg[k].va + (vaddr_t)i * pl->itemsize;
			}
		}
	}
	return 0;
}

static const struct skm_pool *
judged_pool(const struct judge_before *b, const struct shadow *sh)
{
	const struct holder *p = km_judged(b, 1, HOLDER_POOL);
	return p != NULL ? &sh->km.pools[p->map] : NULL;
}

/* The replay: the free item, or a new page (skm_poolpage) whose first
 * item it is. */
static bool
shadow_poolget(struct shadow *sh, const struct session *s, const struct op *op,
	       const struct op_result *r, char *why, size_t len)
{
	const struct holder *ph = km_find(s, op->name2, HOLDER_POOL);
	bool flawed = strategy_seed_flaws(uvmlab_machine_params(s->m)->strategy);
	size_t page;
	uint32_t item;
	int want;
	vaddr_t va;

	sh->km.touched = true;
	if (ph == NULL || r->error == EEXIST)
		return true; /* the judge's */
	struct skm_pool *pl = &sh->km.pools[ph->map];
	if (free_item(pl, &page, &item) != 0) {
		pl->pg[page].used[item / 64] |= (uint64_t)1 << (item % 64);
		pl->pg[page].nused++;
		return true; /* the judge checked the address */
	}
	if (!skm_poolpage(sh, op->slot[POOLGET_WAIT] != 0, flawed, &want, &va, why, len) ||
	    !km_shadow_error(r->error, want, "poolget", why, len))
		return false;
	if (want != 0)
		return true;
	pl = &sh->km.pools[ph->map];
	if (grow((void **)&pl->pg, &pl->cap, pl->n + 1, sizeof(*pl->pg)) != 0) {
		snprintf(why, len, "shadow: out of host memory");
		return false;
	}
	pl->pg[pl->n++] = (struct skm_pool_page){va, 1, {1}};
	if (r->value != va || r->pfns[0] != sh->km.pmap[skm_page(va)]) {
		snprintf(why, len, "poolget: a new page at %#" PRIx64 " (pfn %" PRIu32
				   "), the replay's is at %#" PRIx64 " (pfn %" PRIu32 ")",
			 r->value, r->pfns[0], va, sh->km.pmap[skm_page(va)]);
		return false;
	}
	return true;
}

/*
 * EEXIST; EINVAL without a pool; the lowest free item if a page has one.
 * A new page is the replay's, but for a NOWAIT one under a limit: with
 * the seeds' flaws, its failure where the limit let it through (no
 * address or no page to be had: the page daemon does not run) is the
 * leaked count.
 */
static enum verdict
judge_poolget(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	      const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	const struct skm_pool *pl = judged_pool(b, sh);
	const struct shadow_km *k = &sh->km;
	size_t page;
	uint32_t item;
	(void)ch;

	if (b->name_busy || pl == NULL)
		return judge_error(r->error, b->name_busy ? EEXIST : EINVAL, why, len);
	vaddr_t va = free_item(pl, &page, &item);
	if (va != 0) {
		if (r->error != 0 || r->value != va)
			return judge_bug(why, len, "%s at %#" PRIx64 ", the free item is at %#" PRIx64,
					 uvmlab_errno_name(r->error), r->value, va);
		return VERDICT_OK;
	}
	bool leaks = !op->slot[POOLGET_WAIT] && k->memlimit != UVMLAB_MEMLIMIT_NONE &&
		     k->memused + PAGE_SIZE <= k->memlimit &&
		     (skm_fit(&k->maps[0], PAGE_SIZE) == 0 || free_order_allocatable(&sh->order) == 0);
	return leaks && r->error == ENOMEM && strategy_seed_flaws(b->params.strategy)
		   ? VERDICT_SEED_FLAW
		   : VERDICT_OK;
}

/* The leak, exactly: the same failure, one page's bytes more counted,
 * nothing else changed. */
static bool
explain_poolget(const struct judge_before *b, const struct shadow *sh, const struct op *op,
		const struct flaw_pair *fp, char *why, size_t len)
{
	(void)b;
	(void)op;
	if (fp->other_r->error != ENOMEM || fp->primary_r->error != ENOMEM ||
	    uvmlab_memlimit_used(fp->other->m) != sh->km.memused + PAGE_SIZE ||
	    uvmlab_memlimit_used(fp->primary->m) != sh->km.memused ||
	    uvmlab_free_pages(fp->other->m) != uvmlab_free_pages(fp->primary->m)) {
		snprintf(why, len, "poolget: the leak counts one page more and changes nothing "
				   "else, but the answers, counts or free pages differ");
		return false;
	}
	return true;
}

const struct op_desc op_poolget = {
	.name = "poolget",
	.nfields = 3,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_NEW},
		   {NULL, FK_NAME, 1, 0, FC_HOLDER_POOL},
		   {"wait", FK_FLAG, POOLGET_WAIT, 0, FC_BIT}},
	.exec = exec_poolget,
	.shadow = shadow_poolget,
	.judge = judge_poolget,
	.shadow_on_error = true,
	.explain = explain_poolget,
};
