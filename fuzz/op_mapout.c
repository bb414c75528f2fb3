/*
 * mapout WIN [pages N]: uvm_pagermapout of the window WIN holds, with
 * N pages (0, the default: the window's own count).  A read window's
 * bytes go back into its pages.
 */
#include <errno.h>
#include <string.h>

#include "op_object.h"

enum { MAPOUT_N };

static int
exec_mapout(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h = window_holder(s, op->name);
	uint64_t n = op->slot[MAPOUT_N];
	(void)r;

	if (h == NULL || n > INT32_MAX)
		return EINVAL;
	int error = uvm_pagermapout(s->m, h->kva, n == 0 ? (int)h->npages : (int)n);
	if (error == 0)
		h->kind = HOLDER_EMPTY; /* kva stays, for ratop after map-out */
	return error;
}

static bool
shadow_mapout(struct shadow *sh, const struct session *s, const struct op *op,
	      const struct op_result *r, char *why, size_t len)
{
	uint32_t id = shadow_holder_id(s, op->name);
	const struct swin *w = shadow_objs_win(&sh->objs, id);
	(void)r, (void)why, (void)len;

	for (uint32_t k = 0; w->read && k < w->npages; k++) {
		struct sobj_page *p = shadow_objs_page(&sh->objs, w->obj, w->pgoff[k]);
		memcpy(p->bytes, w->bytes + ptoa(k), PAGE_SIZE);
		shadow_touch(sh, p->pfn);
	}
	shadow_objs_drop_win(&sh->objs, id);
	return true;
}

/* EINVAL for no window or a partial count; else 0. */
static enum verdict
judge_mapout(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	     const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	const struct swin *w = judged_window(b, sh, 0);
	uint64_t n = op->slot[MAPOUT_N];
	int want = w == NULL || (n != 0 && n != w->npages) ? EINVAL : 0;
	(void)ch;

	return judge_error(r->error, want, why, len);
}

const struct op_desc op_mapout = {
	.name = "mapout",
	.nfields = 2,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_WINDOW},
		   {"pages", FK_NUM, MAPOUT_N, 0, FC_OWN_OR_BYTE}},
	.exec = exec_mapout,
	.shadow = shadow_mapout,
	.judge = judge_mapout,
};
