/*
 * winwrite WIN AT SEED [len L]: uvmlab_window_write of the pattern of
 * SEED (op_object.h) at the address AT bytes into the window WIN holds,
 * L bytes (16), as a device filling it.  The address may lie in another
 * window: the range must fit inside whichever window holds it.
 */
#include <errno.h>

#include "op_object.h"

enum { WINWRITE_AT, WINWRITE_SEED, WINWRITE_LEN };

static int
exec_winwrite(struct session *s, const struct op *op, struct op_result *r)
{
	static uint8_t buf[PAGE_SIZE];
	struct holder *h = window_holder(s, op->name);
	uint64_t at = op->slot[WINWRITE_AT], n = op->slot[WINWRITE_LEN];
	(void)r;

	if (h == NULL || n > PAGE_SIZE || at > UINT32_MAX)
		return EINVAL;
	op_pattern(buf, at, n, op->slot[WINWRITE_SEED]);
	return uvmlab_window_write(s->m, h->kva + at, buf, n);
}

static bool
shadow_winwrite(struct shadow *sh, const struct session *s, const struct op *op,
		const struct op_result *r, char *why, size_t len)
{
	const struct swin *mine = shadow_objs_win(&sh->objs, shadow_holder_id(s, op->name));
	vaddr_t va = mine->kva + op->slot[WINWRITE_AT];
	const struct swin *w = shadow_objs_window_at(&sh->objs, va);
	(void)r, (void)why, (void)len;

	op_pattern(w->bytes + (va - w->kva), op->slot[WINWRITE_AT], op->slot[WINWRITE_LEN],
		   op->slot[WINWRITE_SEED]);
	sh->objs.windows_touched = true;
	return true;
}

/* 0 exactly for a live window WIN and 1..4096 bytes inside the live
 * window that holds the address. */
static enum verdict
judge_winwrite(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	       const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	const struct swin *mine = judged_window(b, sh, 0);
	uint64_t at = op->slot[WINWRITE_AT], n = op->slot[WINWRITE_LEN];
	const struct swin *w = mine != NULL && at <= UINT32_MAX
				   ? shadow_objs_window_at(&sh->objs, mine->kva + at)
				   : NULL;
	bool ok = w != NULL && n >= 1 && n <= PAGE_SIZE &&
		  n <= ptoa(w->npages) - (mine->kva + at - w->kva);
	(void)ch;

	return judge_error(r->error, ok ? 0 : EINVAL, why, len);
}

const struct op_desc op_winwrite = {
	.name = "winwrite",
	.nfields = 4,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_WINDOW},
		   {NULL, FK_NUM, WINWRITE_AT, 0, FC_WIN_BYTE},
		   {NULL, FK_NUM, WINWRITE_SEED, 0, FC_BYTE},
		   {"len", FK_NUM, WINWRITE_LEN, 16, FC_PAGE_BYTE}},
	.exec = exec_winwrite,
	.shadow = shadow_winwrite,
	.judge = judge_winwrite,
};
