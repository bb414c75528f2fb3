/*
 * pglist NAME SIZE [low A] [high A] [align N] [boundary N] [nsegs N]
 * [wait]: uvm_pglistalloc into a new holder.  Its judge is the
 * brute-force specification in judge.c.
 */
#include <errno.h>
#include <limits.h>

#include "judge.h"
#include "kernel_session.h"

static int
exec_pglist(struct session *s, const struct op *op, struct op_result *r)
{
	const uint64_t *v = op->slot;
	struct holder *h;
	uvmlab_list_t list;
	int error = session_claim(s, op->name, &h);

	if (error != 0)
		return error;
	int nsegs = v[PGLIST_NSEGS] > INT_MAX ? INT_MAX : (int)v[PGLIST_NSEGS];
	error = uvm_pglistalloc(s->m, v[PGLIST_SIZE], v[PGLIST_LOW], v[PGLIST_HIGH],
				v[PGLIST_ALIGN], v[PGLIST_BOUNDARY], nsegs, v[PGLIST_WAIT] != 0,
				&list);
	if (error != 0)
		return error;
	h->kind = HOLDER_LIST;
	h->list = list;
	size_t n = uvmlab_pglist_count(s->m, list);
	if (result_reserve(r, n) != 0)
		return ENOMEM;
	r->npfns = uvmlab_pglist_pfns(s->m, list, r->pfns, n);
	r->fell_back = uvmlab_pglist_fallback(s->m, list);
	return 0;
}

/* The pages join the holder in list order. */
static bool
shadow_pglist(struct shadow *sh, const struct session *s, const struct op *op,
	      const struct op_result *r, char *why, size_t len)
{
	uint32_t id = shadow_holder_id(s, op->name);

	for (size_t i = 0; i < r->npfns; i++) {
		if (!shadow_take(sh, r->pfns[i], id, why, len))
			return false;
	}
	return true;
}

/* On the real uvm_pglist.c: what the model rejects is rejected here
 * first, as its contract says (rev 1.89 asserts on it or mishandles
 * it: core/src/pglist.c), so both machines see the same calls. */
static int
on_kernel(struct kernel_session *ks, const struct op *op, struct op_result *r)
{
	const uint64_t *v = op->slot;
	struct kernel_holder *kh;
	unsigned list;
	int error = kernel_session_claim(ks, op->name, &kh);

	if (error != 0)
		return error;
	if (!uvmlab_pglist_args_valid(v[PGLIST_SIZE], v[PGLIST_LOW], v[PGLIST_HIGH],
				      v[PGLIST_ALIGN], v[PGLIST_BOUNDARY]))
		return EINVAL;
	int nsegs = v[PGLIST_NSEGS] > INT_MAX ? INT_MAX : (int)v[PGLIST_NSEGS];
	error = kernel_pglistalloc(v[PGLIST_SIZE], v[PGLIST_LOW], v[PGLIST_HIGH], v[PGLIST_ALIGN],
				   v[PGLIST_BOUNDARY], nsegs, v[PGLIST_WAIT] != 0, &list);
	if (error != 0)
		return error;
	kh->live = true;
	kh->is_list = true;
	kh->list = list;
	size_t n = kernel_list_pfns(list, NULL, 0);
	if (result_reserve(r, n) != 0)
		return ENOMEM;
	r->npfns = kernel_list_pfns(list, r->pfns, n);
	return 0;
}

const struct op_desc op_pglist = {
	.name = "pglist",
	.nfields = 8,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_NEW},
		   {NULL, FK_NUM, PGLIST_SIZE, 0, FC_PAGES},
		   {"low", FK_NUM, PGLIST_LOW, 0, FC_PFN_ADDR},
		   {"high", FK_NUM, PGLIST_HIGH, OP_NO_HIGH, FC_PFN_OR_NONE},
		   {"align", FK_NUM, PGLIST_ALIGN, PAGE_SIZE, FC_ALIGN},
		   {"boundary", FK_NUM, PGLIST_BOUNDARY, 0, FC_BOUNDARY},
		   {"nsegs", FK_NUM, PGLIST_NSEGS, 1, FC_BYTE},
		   {"wait", FK_FLAG, PGLIST_WAIT, 0, FC_BIT}},
	.exec = exec_pglist,
	.shadow = shadow_pglist,
	.judge = judge_pglist,
	.kernel = on_kernel,
};
