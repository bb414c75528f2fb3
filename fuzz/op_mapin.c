/*
 * mapin WIN NAME OFF N [read]: uvm_pagermapin of the object's pages at
 * pages [OFF, OFF + N) into a new window held by WIN; `read` maps it
 * for reading (its bytes go back into the pages at map-out).  The
 * result is the window's address.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "op_object.h"

enum { MAPIN_OFF, MAPIN_N, MAPIN_READ };

static int
exec_mapin(struct session *s, const struct op *op, struct op_result *r)
{
	uint64_t off = op->slot[MAPIN_OFF], n = op->slot[MAPIN_N];
	struct holder *h, *o;
	vaddr_t va;
	int error = session_claim(s, op->name, &h);

	if (error != 0)
		return error;
	if ((o = object_holder(s, op->name2)) == NULL || n > UVMLAB_PAGER_VA_PAGES ||
	    off > atop(UINT64_MAX) - n)
		return EINVAL;
	if (result_reserve(r, n) != 0)
		return ENOMEM;
	for (uint64_t i = 0; i < n; i++)
		uvm_pagelookup(s->m, o->obj, ptoa(off + i), &r->pfns[i]);
	error = uvm_pagermapin(s->m, r->pfns, (int)n,
			       op->slot[MAPIN_READ] ? UVMPAGER_MAPIN_READ : UVMPAGER_MAPIN_WRITE, &va);
	if (error != 0)
		return error;
	h->kind = HOLDER_WINDOW;
	h->kva = va;
	h->npages = (uint32_t)n;
	r->value_kind = VALUE_ADDR;
	r->value = va;
	return 0;
}

/* The window holds a copy of the pages' bytes. */
static bool
shadow_mapin(struct shadow *sh, const struct session *s, const struct op *op,
	     const struct op_result *r, char *why, size_t len)
{
	uint32_t obj = shadow_holder_id(s, op->name2);
	uint32_t n = (uint32_t)op->slot[MAPIN_N];
	struct swin w = {.read = op->slot[MAPIN_READ] != 0, .kva = r->value, .npages = n, .obj = obj};

	w.pgoff = malloc(n * sizeof(*w.pgoff));
	w.bytes = malloc((size_t)n * PAGE_SIZE);
	if (w.pgoff == NULL || w.bytes == NULL ||
	    !shadow_objs_add_win(&sh->objs, shadow_holder_id(s, op->name), &w)) {
		free(w.pgoff);
		free(w.bytes);
		snprintf(why, len, "shadow: out of host memory");
		return false;
	}
	for (uint32_t k = 0; k < n; k++) {
		w.pgoff[k] = op->slot[MAPIN_OFF] + k;
		memcpy(w.bytes + ptoa(k), shadow_objs_page(&sh->objs, obj, w.pgoff[k])->bytes,
		       PAGE_SIZE);
	}
	return true;
}

/* EEXIST for a window name in use; EINVAL for no object, a count
 * outside 1..256, or a page not resident or not busy; ENOMEM when the
 * window space has no room; else the lowest address that fits. */
static enum verdict
judge_mapin(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	    const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	uint64_t off = op->slot[MAPIN_OFF], n = op->slot[MAPIN_N];
	const struct sobj *o = judged_object(b, sh, 1);
	int want = b->name_busy ? EEXIST
		   : o == NULL || n < 1 || n > UVMLAB_PAGER_VA_PAGES || off > atop(UINT64_MAX) - n
		       ? EINVAL
		       : 0;
	(void)ch;

	for (uint64_t i = 0; want == 0 && i < n; i++) {
		const struct sobj_page *p = shadow_objs_page(&sh->objs, b->id[1], off + i);
		if (p == NULL || !(p->flags & PG_BUSY))
			want = EINVAL;
	}
	vaddr_t va = want == 0 ? shadow_objs_window_space(&sh->objs, (uint32_t)n) : 0;
	if (want == 0 && va == 0)
		want = ENOMEM;
	return judge_address(r, want, va, why, len);
}

const struct op_desc op_mapin = {
	.name = "mapin",
	.nfields = 5,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_NEW},
		   {NULL, FK_NAME, 1, 0, FC_HOLDER_OBJECT},
		   {NULL, FK_NUM, MAPIN_OFF, 0, FC_OBJ_PAGE},
		   {NULL, FK_NUM, MAPIN_N, 1, FC_FEW},
		   {"read", FK_FLAG, MAPIN_READ, 0, FC_BIT}},
	.exec = exec_mapin,
	.shadow = shadow_mapin,
	.judge = judge_mapin,
};
