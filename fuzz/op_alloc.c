/*
 * alloc NAME [freelist N] [zero]: uvm_pagealloc (or, with a free list,
 * uvm_pagealloc_strat ONLY) of one page into a new holder.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>

#include "judge.h"
#include "kernel_session.h"

static int
exec_alloc(struct session *s, const struct op *op, struct op_result *r)
{
	uint64_t fl = op->slot[ALLOC_FREELIST];
	int flags = op->slot[ALLOC_ZERO] ? UVM_PGA_ZERO : 0;
	struct holder *h;
	uvmlab_pfn_t pfn;
	int error;

	if (result_reserve(r, 1) != 0)
		return ENOMEM;
	if ((error = session_claim(s, op->name, &h)) != 0)
		return error;
	if (fl == OP_ANY_FREELIST)
		error = uvm_pagealloc(s->m, flags, &pfn);
	else
		error = uvm_pagealloc_strat(s->m, flags, UVM_PGA_STRAT_ONLY,
					    fl > UINT_MAX ? UINT_MAX : (unsigned)fl, &pfn);
	if (error != 0)
		return error;
	h->kind = HOLDER_SINGLE;
	h->pfn = pfn;
	r->pfns[0] = pfn;
	r->npfns = 1;
	return 0;
}

/* The page is taken, and uvm_pagealloc's next colour follows it. */
static bool
shadow_alloc(struct shadow *sh, const struct session *s, const struct op *op,
	     const struct op_result *r, char *why, size_t len)
{
	if (!shadow_take(sh, r->pfns[0], shadow_holder_id(s, op->name), why, len))
		return false;
	free_order_taken_single(&sh->order, r->pfns[0]);
	return true;
}

/*
 * uvm_pagealloc (no USERESERVE) from the free lists allowed (all in
 * index order, or only `freelist N`): the exact page, from the shadow's
 * own free queues and next colour, or ENOMEM.
 */
static enum verdict
judge_alloc(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	    const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	uint64_t fl = op->slot[ALLOC_FREELIST];
	(void)ch;

	if (b->name_busy)
		return r->error == EEXIST ? VERDICT_OK
					  : judge_bug(why, len, "%s for a name that holds pages (EEXIST)",
						      uvmlab_errno_name(r->error));
	bool unknown = fl != OP_ANY_FREELIST && fl >= b->params.nfreelists;
	if (unknown != (r->error == EINVAL))
		return judge_bug(why, len, "%s for free list %" PRIu64 " of %u",
				 uvmlab_errno_name(r->error), fl, b->params.nfreelists);
	if (unknown)
		return VERDICT_OK;

	unsigned from = fl == OP_ANY_FREELIST ? 0 : (unsigned)fl;
	unsigned to = fl == OP_ANY_FREELIST ? b->params.nfreelists : (unsigned)fl + 1;
	uvmlab_pfn_t want;
	if (!free_order_pagealloc(&sh->order, from, to, &want))
		return r->error == ENOMEM
			   ? VERDICT_OK
			   : judge_bug(why, len, "gave pfn %" PRIu32 " with every allowed bucket "
						 "empty or at or below its reserve",
				       r->pfns[0]);
	if (r->error != 0 || r->pfns[0] != want)
		return judge_bug(why, len, "%s, but uvm_pagealloc must give pfn %" PRIu32
					   " (the head of its queue from colour %u on)",
				 r->error ? uvmlab_errno_name(r->error) : "gave another page", want,
				 sh->order.next_color);
	return VERDICT_OK;
}

static int
on_kernel(struct kernel_session *ks, const struct op *op, struct op_result *r)
{
	uint64_t fl = op->slot[ALLOC_FREELIST], pfn;
	struct kernel_holder *kh;
	int error;

	if (result_reserve(r, 1) != 0)
		return ENOMEM;
	if ((error = kernel_session_claim(ks, op->name, &kh)) != 0)
		return error;
	/* a free list number too large for 32 bits stays too large (EINVAL) */
	error = kernel_pagealloc(fl == OP_ANY_FREELIST ? KERNEL_ANY_FREELIST
				 : fl >= KERNEL_ANY_FREELIST ? KERNEL_ANY_FREELIST - 1
							     : (uint32_t)fl,
				 &pfn);
	if (error != 0)
		return error;
	kh->live = true;
	kh->is_list = false;
	kh->pfn = (uvmlab_pfn_t)pfn;
	r->pfns[0] = (uvmlab_pfn_t)pfn;
	r->npfns = 1;
	return 0;
}

const struct op_desc op_alloc = {
	.name = "alloc",
	.nfields = 3,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_NEW},
		   {"freelist", FK_NUM, ALLOC_FREELIST, OP_ANY_FREELIST, FC_FREELIST},
		   {"zero", FK_FLAG, ALLOC_ZERO, 0, FC_BIT}},
	.exec = exec_alloc,
	.shadow = shadow_alloc,
	.judge = judge_alloc,
	.kernel = on_kernel,
};
