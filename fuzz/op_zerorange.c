/*
 * zerorange NAME AT LEN: uvm_vnp_zerorange of bytes [AT, AT + LEN) of
 * the object.  Under the strategies with the seeds' flaws, rev 1.29's
 * `flags &= PG_CLEAN` is expected, and counted (VERDICT_SEED_FLAW).
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "op_object.h"

enum { ZERO_AT, ZERO_LEN };

#define ZERO_BATCH 32 /* pages per pager get, as rev 1.29 */

static int
exec_zerorange(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h = object_holder(s, op->name);
	(void)r;

	if (h == NULL || op->slot[ZERO_LEN] > SIZE_MAX)
		return EINVAL;
	return uvm_vnp_zerorange(s->m, h->obj, op->slot[ZERO_AT], (size_t)op->slot[ZERO_LEN]);
}

/*
 * Batch by batch as rev 1.29 runs: a batch whose missing pages find none
 * to allocate ends the call with ENOMEM, the batches before it done;
 * otherwise its pages are got (the missing ones allocated in order), the
 * bytes zeroed, the flags masked and the pages unbusied.
 */
static bool
shadow_zerorange(struct shadow *sh, const struct session *s, const struct op *op,
		 const struct op_result *r, char *why, size_t len)
{
	uint32_t id = shadow_holder_id(s, op->name);
	uint64_t off = op->slot[ZERO_AT], left = op->slot[ZERO_LEN];
	uint64_t maxpages = atop(left + PAGE_SIZE - 1) < ZERO_BATCH ? atop(left + PAGE_SIZE - 1)
								   : ZERO_BATCH;
	bool flawed = strategy_seed_flaws(uvmlab_machine_params(s->m)->strategy);

	if (r->error != 0 && r->error != ENOMEM)
		return true;
	while (left > 0) {
		uint64_t want = atop(left + PAGE_SIZE - 1), first = atop(off), missing = 0;
		uint64_t npages = want < maxpages ? want : maxpages;
		for (uint64_t i = 0; i < npages; i++)
			missing += shadow_objs_page(&sh->objs, id, first + i) == NULL;
		if (missing > free_order_allocatable(&sh->order))
			break;
		for (uint64_t i = 0; i < npages; i++) {
			uint64_t pg = first + i;
			struct sobj_page *p = shadow_objs_page(&sh->objs, id, pg);
			uvmlab_pfn_t pfn;
			if (p == NULL) {
				/* the page the core allocated must be the one due */
				if (uvm_pagelookup(s->m, s->holders[id].obj, ptoa(pg), &pfn) != 0 ||
				    !shadow_obj_alloc(sh, id, pg, pfn, why, len))
					return false;
				p = shadow_objs_page(&sh->objs, id, pg);
			}
			size_t chunkoff = off % PAGE_SIZE;
			size_t chunk = PAGE_SIZE - chunkoff < left ? PAGE_SIZE - chunkoff : left;
			memset(p->bytes + chunkoff, 0, chunk);
			if (flawed)
				shadow_obj_flags(sh, id, pg, PG_CLEAN, 0);
			else
				shadow_obj_flags(sh, id, pg, ~(PG_CLEAN | PG_BUSY | PG_WANTED), 0);
			off += chunk;
			left -= chunk;
		}
	}
	if ((left > 0) != (r->error == ENOMEM)) {
		snprintf(why, len, "zerorange %s, but %s", uvmlab_errno_name(r->error),
			 left > 0 ? "a batch finds too few pages to allocate (ENOMEM)"
				  : "every batch can allocate its pages");
		return false;
	}
	return true;
}

/* EINVAL for no object, no bytes or a range past the end; EBUSY when a
 * page of the range is busy; ENOMEM is judged batch by batch by the
 * update.  Success under the seeds' flaws is the 1.29 mask, counted. */
static enum verdict
judge_zerorange(const struct judge_before *b, const struct shadow *sh, const struct op *op,
		const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	const struct sobj *o = judged_anon(b, sh, 0);
	uint64_t at = op->slot[ZERO_AT], n = op->slot[ZERO_LEN];
	int want = o == NULL || n == 0 || n > SIZE_MAX || at > ptoa(o->size) ||
			   n > ptoa(o->size) - at
		       ? EINVAL
		       : 0;
	(void)ch;

	for (uint64_t p = atop(at); want == 0 && p <= atop(at + n - 1); p++) {
		if (o->pages[p].pfn != UVMLAB_NO_PAGE && (o->pages[p].flags & PG_BUSY))
			want = EBUSY;
	}
	if (r->error != want && !(want == 0 && r->error == ENOMEM))
		return judge_error(r->error, want, why, len);
	return (r->error == 0 || r->error == ENOMEM) && strategy_seed_flaws(b->params.strategy)
		   ? VERDICT_SEED_FLAW
		   : VERDICT_OK;
}

/*
 * The mask, exactly: each page of the range in `other` has the flags it
 * had before (a new page: busy, clean, fake) masked with PG_CLEAN.
 * After ENOMEM, a page of a batch not reached keeps its flags, and a
 * missing one may still be missing.
 */
static bool
explain_zerorange(const struct judge_before *b, const struct shadow *sh, const struct op *op,
		  const struct flaw_pair *fp, char *why, size_t len)
{
	uint64_t at = op->slot[ZERO_AT], n = op->slot[ZERO_LEN];
	const struct session *other = fp->other;
	const struct op_result *r = fp->other_r;
	uvmlab_obj_t obj = other->holders[b->id[0]].obj;

	/* the mask changes flags only: the same answer and free count */
	if (r->error != fp->primary_r->error ||
	    uvmlab_free_pages(other->m) != uvmlab_free_pages(fp->primary->m)) {
		snprintf(why, len, "zerorange: the mask changes flags only, but the answer or the "
				   "free count differs");
		return false;
	}

	for (uint64_t pg = atop(at); pg <= atop(at + n - 1); pg++) {
		const struct sobj_page *p = shadow_objs_page(&sh->objs, b->id[0], pg);
		uint32_t pre = p != NULL ? p->flags : PG_BUSY | PG_CLEAN | PG_FAKE;
		uvmlab_pfn_t pfn;
		uvm_pagelookup(other->m, obj, ptoa(pg), &pfn);
		uint32_t now = pfn == UVMLAB_NO_PAGE ? 0 : uvmlab_page_flags(other->m, pfn);
		bool masked = pfn != UVMLAB_NO_PAGE && now == (pre & PG_CLEAN);
		bool unreached = r->error == ENOMEM && (p != NULL ? now == pre : pfn == UVMLAB_NO_PAGE);
		if (!masked && !unreached) {
			snprintf(why, len,
				 "zerorange: page %" PRIu64 " has flags %#x, the 1.29 mask makes %#x",
				 pg, now, pre & PG_CLEAN);
			return false;
		}
	}
	return true;
}

const struct op_desc op_zerorange = {
	.name = "zerorange",
	.nfields = 3,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_OBJECT},
		   {NULL, FK_NUM, ZERO_AT, 0, FC_WORD},
		   {NULL, FK_NUM, ZERO_LEN, 0, FC_WORD}},
	.exec = exec_zerorange,
	.shadow = shadow_zerorange,
	.judge = judge_zerorange,
	.shadow_on_error = true,
	.explain = explain_zerorange,
};
