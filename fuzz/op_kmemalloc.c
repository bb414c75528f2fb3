/*
 * kmemalloc NAME OBJ PAGES [map M] [nowait] [valloc]: uvm_km_kmemalloc
 * of PAGES pages of map M backed by OBJ (one of the kernel's objects,
 * "kernel" or "kmem"), held by NAME, with UVM_KMF_NOWAIT and
 * UVM_KMF_VALLOC as asked.  The result is the pages mapped, then the
 * address.
 *
 * Under the strategies with the seeds' flaws, a NOWAIT failure after
 * some pages unmaps short, as rev 1.13 does (VERDICT_SEED_FLAW).
 */
#include <errno.h>
#include <inttypes.h>

#include "op_km.h"

static int
flags_of(const struct op *op)
{
	return (op->slot[KM_FLAG1] ? UVM_KMF_NOWAIT : 0) | (op->slot[KM_FLAG2] ? UVM_KMF_VALLOC : 0);
}

static int
exec_kmemalloc(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h, *o;
	vaddr_t va = 0;
	int error = km_claim(s, op, &h);

	if (error != 0)
		return error;
	if ((o = object_holder(s, op->name2)) == NULL)
		return EINVAL;
	error = uvm_km_kmemalloc(s->m, (uvmlab_map_t)op->slot[KM_MAP], o->obj,
				 ptoa(op->slot[KM_PAGES]), flags_of(op), &va);
	return km_hold(s, op, h, HOLDER_KVA, error, va, !op->slot[KM_FLAG2], r);
}

/* The address the call's range takes, or 0 where it takes none. */
static vaddr_t
range_of(const struct shadow *sh, const struct op *op)
{
	const struct skm_map *km = skm_map(&sh->km, op->slot[KM_MAP]);
	uint64_t pages = op->slot[KM_PAGES];

	return km != NULL && pages <= UVMLAB_KVA_PAGES_MAX ? skm_fit(km, ptoa(pages)) : 0;
}

/*
 * The replay of rev 1.13: the range; with valloc, nothing more.  A
 * page already resident in the range (released, still busy) is EBUSY,
 * the range given back.  Then page by page, junk-filled: without a page, NOWAIT unmaps what is left
 * to fill from the range's start (short of the pages wired, with the
 * seeds' flaw) or the whole range, oldest page first; a call that may
 * wait runs the page daemon and asks again, and when it drains nothing
 * gives its pages back newest first.
 */
static bool
shadow_kmemalloc(struct shadow *sh, const struct session *s, const struct op *op,
		 const struct op_result *r, char *why, size_t len)
{
	uint64_t size = ptoa(op->slot[KM_PAGES]), map = op->slot[KM_MAP];
	vaddr_t va = range_of(sh, op);
	uint32_t obj = shadow_holder_id(s, op->name2);
	bool nowait = op->slot[KM_FLAG1] != 0, got, drained, hash;
	int want = 0;

	sh->km.touched = true;
	if (va == 0 || r->error == EEXIST || r->error == EINVAL)
		return true; /* the judge's: nothing was done */
	unsigned color = sh->order.next_color;
	vaddr_t loopva = va;
	if (!skm_range(&sh->km, map, va, size, obj, SKM_NONE)) {
		snprintf(why, len, "shadow: out of host memory");
		return false;
	}
	if (!op->slot[KM_FLAG2] && skm_range_resident(sh, obj, va, size)) {
		want = EBUSY; /* the model's answer where 1.13 doubles a page */
		if (!skm_unmap(sh, map, va, va + size, &hash, why, len))
			return false;
	}
	while (want == 0 && !op->slot[KM_FLAG2] && loopva < va + size) {
		if (!skm_wire(sh, obj, loopva, false, &got, why, len))
			return false;
		if (got) {
			loopva += PAGE_SIZE;
		} else if (nowait) {
			want = ENOMEM;
			bool flawed = strategy_seed_flaws(uvmlab_machine_params(s->m)->strategy);
			vaddr_t left = va + size - loopva;
			if (!skm_unmap(sh, map, va, flawed ? va + left : va + size, &hash, why, len))
				return false;
		} else if (!skm_wait(sh, &drained, why, len)) {
			return false;
		} else if (!drained) {
			want = ENOMEM;
			if (!skm_unwire_back(sh, map, obj, va, loopva, size, color, why, len))
				return false;
		}
	}
	if (!km_shadow_error(r->error, want, "kmemalloc", why, len))
		return false;
	return want != 0 || km_check_pages(sh, r, va, why, len);
}

/* How many pages a NOWAIT call wires before it fails: all it may take. */
static uint64_t
nowait_wired(const struct shadow *sh)
{
	return free_order_allocatable(&sh->order);
}

/*
 * EEXIST; EINVAL for an object not the kernel's, then as a range; ENOMEM
 * for no room, else the lowest fit.  NOWAIT: EBUSY when the object holds
 * a page in the range, else ENOMEM exactly when more pages are asked
 * than may be taken (the page daemon is not run); with
 * the seeds' flaws, one that wired some is the short unmap.  A call
 * that may wait is judged by the replay.
 */
static enum verdict
judge_kmemalloc(const struct judge_before *b, const struct shadow *sh, const struct op *op,
		const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	const struct sobj *o = judged_object(b, sh, 1);
	bool nowait = op->slot[KM_FLAG1] && !op->slot[KM_FLAG2];
	(void)ch;

	if (!b->name_busy && (o == NULL || !o->kernel))
		return judge_error(r->error, EINVAL, why, len);
	vaddr_t va;
	if (km_range_want(b, sh, op->slot[KM_MAP], op->slot[KM_PAGES], &va) != 0 || !nowait)
		return km_judge_range(b, sh, op, r, !op->slot[KM_FLAG2], why, len);
	uint64_t wired = nowait_wired(sh);
	int want = skm_range_resident(sh, b->id[1], va, ptoa(op->slot[KM_PAGES])) ? EBUSY
		   : op->slot[KM_PAGES] > wired					 ? ENOMEM
											 : 0;
	if (judge_address(r, want, va, why, len) == VERDICT_BUG)
		return VERDICT_BUG;
	return want == ENOMEM && wired > 0 && strategy_seed_flaws(b->params.strategy) ? VERDICT_SEED_FLAW
										   : VERDICT_OK;
}

/*
 * The short unmap, exactly: of T pages, k were wired (all that could
 * be) and T - k were left to fill; rev 1.13 unmaps the first T - k
 * pages' worth from the range's start, so the pages from T - k to k
 * stay mapped and wired, and nothing else differs from the whole
 * rollback.
 */
static bool
explain_kmemalloc(const struct judge_before *b, const struct shadow *sh, const struct op *op,
		  const struct flaw_pair *fp, char *why, size_t len)
{
	uint64_t total = op->slot[KM_PAGES], k = nowait_wired(sh), left = total - k;
	vaddr_t va = range_of(sh, op);
	uint64_t stay = k > left ? k - left : 0;
	(void)b;

	if (fp->other_r->error != ENOMEM || fp->primary_r->error != ENOMEM ||
	    uvmlab_free_pages(fp->other->m) + stay != uvmlab_free_pages(fp->primary->m)) {
		snprintf(why, len, "kmemalloc: the short unmap keeps %" PRIu64 " pages wired, but "
				   "the answers or free counts differ otherwise", stay);
		return false;
	}
	for (uint64_t j = 0; j < total; j++) {
		bool mapped = uvmlab_km_extract(fp->other->m, va + ptoa(j)) != UVMLAB_NO_PAGE;
		if (mapped != (j >= left && j < k)) {
			snprintf(why, len, "kmemalloc: page %" PRIu64 " of the range is %s after the "
					   "short unmap of %" PRIu64 " pages",
				 j, mapped ? "mapped" : "unmapped", left);
			return false;
		}
	}
	return true;
}

const struct op_desc op_kmemalloc = {
	.name = "kmemalloc",
	.nfields = 6,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_NEW},
		   {NULL, FK_NAME, 1, 0, FC_HOLDER_KOBJ},
		   {NULL, FK_NUM, KM_PAGES, 1, FC_KM_PAGES},
		   {"map", FK_NUM, KM_MAP, 0, FC_MAP},
		   {"nowait", FK_FLAG, KM_FLAG1, 0, FC_BIT},
		   {"valloc", FK_FLAG, KM_FLAG2, 0, FC_BIT}},
	.exec = exec_kmemalloc,
	.shadow = shadow_kmemalloc,
	.judge = judge_kmemalloc,
	.shadow_on_error = true,
	.explain = explain_kmemalloc,
};
