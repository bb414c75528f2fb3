/*
 * winwrite WIN AT SEED [len L]: uvmlab_window_write of the pattern of
 * SEED (op_object.h) into bytes [AT, AT + L) (L: 16) of the window, as
 * a device filling it.
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

	if (h == NULL || n > PAGE_SIZE || at > ptoa(h->npages))
		return EINVAL;
	op_pattern(buf, at, n, op->slot[WINWRITE_SEED]);
	return uvmlab_window_write(s->m, h->kva + at, buf, n);
}

static bool
shadow_winwrite(struct shadow *sh, const struct session *s, const struct op *op,
		const struct op_result *r, char *why, size_t len)
{
	struct swin *w = shadow_objs_win(&sh->objs, shadow_holder_id(s, op->name));
	(void)r, (void)why, (void)len;

	op_pattern(w->bytes + op->slot[WINWRITE_AT], op->slot[WINWRITE_AT],
		   op->slot[WINWRITE_LEN], op->slot[WINWRITE_SEED]);
	return true;
}

/* 0 exactly for a live window and 1..4096 bytes inside it. */
static enum verdict
judge_winwrite(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	       const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	const struct swin *w =
	    b->holder[0].kind == HOLDER_WINDOW ? shadow_objs_win(&sh->objs, b->id[0]) : NULL;
	uint64_t at = op->slot[WINWRITE_AT], n = op->slot[WINWRITE_LEN];
	bool ok = w != NULL && n >= 1 && n <= PAGE_SIZE && at <= ptoa(w->npages) &&
		  n <= ptoa(w->npages) - at;
	(void)ch;

	if (r->error != (ok ? 0 : EINVAL))
		return judge_bug(why, len, "%s, %s due", uvmlab_errno_name(r->error),
				 ok ? "ok" : "EINVAL");
	return VERDICT_OK;
}

const struct op_desc op_winwrite = {
	.name = "winwrite",
	.wire = 15,
	.nfields = 4,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_WINDOW},
		   {NULL, FK_NUM, WINWRITE_AT, 0, FC_WORD},
		   {NULL, FK_NUM, WINWRITE_SEED, 0, FC_BYTE},
		   {"len", FK_NUM, WINWRITE_LEN, 16, FC_PAGE_BYTE}},
	.exec = exec_winwrite,
	.shadow = shadow_winwrite,
	.judge = judge_winwrite,
};
