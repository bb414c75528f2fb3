/*
 * pglistfree NAME: uvm_pglistfree of a holder's list, or uvm_pagefree
 * of its single page.
 */
#include <errno.h>

#include "judge.h"
#include "kernel_session.h"

static int
exec_pglistfree(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h = session_holder(s, op->name);
	int error;
	(void)r;

	if (h == NULL || (h->kind != HOLDER_LIST && h->kind != HOLDER_SINGLE))
		return EINVAL;
	if (h->kind == HOLDER_LIST)
		error = uvm_pglistfree(s->m, h->list);
	else
		error = uvm_pagefree(s->m, h->pfn);
	if (error == 0)
		h->kind = HOLDER_EMPTY;
	return error;
}

static bool
shadow_pglistfree(struct shadow *sh, const struct session *s, const struct op *op,
		  const struct op_result *r, char *why, size_t len)
{
	(void)r;
	return shadow_free_holder(sh, shadow_holder_id(s, op->name), why, len);
}

/* A name holding pages must free them; one holding none may still own
 * an emptied list, which frees fine, or nothing or an object or window
 * (EINVAL). */
static enum verdict
judge_pglistfree(const struct judge_before *b, const struct shadow *sh, const struct op *op,
		 const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	enum holder_kind k = b->holder[0].kind;
	(void)sh, (void)op, (void)ch;
	if ((k == HOLDER_OBJECT || k == HOLDER_WINDOW) && r->error != EINVAL)
		return judge_bug(why, len, "%s for a name that holds no pages (EINVAL)",
				 uvmlab_errno_name(r->error));
	if (b->name_busy && (k == HOLDER_LIST || k == HOLDER_SINGLE) && r->error != 0)
		return judge_bug(why, len, "%s, but the name holds pages",
				 uvmlab_errno_name(r->error));
	if (!b->name_busy && r->error != 0 && r->error != EINVAL)
		return judge_bug(why, len, "unexpected %s", uvmlab_errno_name(r->error));
	return VERDICT_OK;
}

static int
on_kernel(struct kernel_session *ks, const struct op *op, struct op_result *r)
{
	struct kernel_holder *kh = kernel_session_holder(ks, op->name);
	(void)r;

	if (kh == NULL || !kh->live)
		return EINVAL;
	int error = kh->is_list ? kernel_pglistfree(kh->list) : kernel_pagefree(kh->pfn);
	if (error == 0)
		kh->live = false;
	return error;
}

const struct op_desc op_pglistfree = {
	.name = "pglistfree",
	.nfields = 1,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_LIVE}},
	.exec = exec_pglistfree,
	.shadow = shadow_pglistfree,
	.judge = judge_pglistfree,
	.kernel = on_kernel,
};
