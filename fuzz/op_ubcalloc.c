/*
 * ubcalloc WIN OBJ OFF LEN [write]: ubc_alloc of a UBC window of LEN
 * bytes over anonymous object OBJ from byte OFF, held by WIN (UBC_WRITE
 * with `write`, else UBC_READ).  Rev 1.29 touches no page: the window
 * is a record, at the lowest free run of its pages in the UBC space.
 * The result is its address.
 */
#include <errno.h>
#include <inttypes.h>

#include "grow.h"
#include "op_km.h"

enum { UBC_OFF, UBC_LEN, UBC_RW };

static int
exec_ubcalloc(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h;
	uint64_t len = op->slot[UBC_LEN];
	vaddr_t va;
	int error = session_claim(s, op->name, &h);

	if (error != 0)
		return error;
	const struct holder *o = object_holder(s, op->name2);
	if (o == NULL)
		return EINVAL;
	error = ubc_alloc(s->m, o->obj, op->slot[UBC_OFF], &len, 0,
			  op->slot[UBC_RW] ? UBC_WRITE : UBC_READ, &va);
	if (error != 0)
		return error;
	h->kind = HOLDER_UBC;
	h->kva = va;
	h->len = len;
	r->value_kind = VALUE_ADDR;
	r->value = va;
	return 0;
}

/* A window's pages: its bytes, rounded up. */
static uint64_t
ubc_pages(uint64_t len)
{
	return atop(len) + (len % PAGE_SIZE != 0);
}

/* The lowest address of `pages` pages of the UBC space no window's pages
 * hold, or 0. */
static vaddr_t
ubc_space(const struct shadow_km *k, uint64_t pages)
{
	uint64_t run = 0;

	for (uint64_t pg = 0; pg < UVMLAB_UBC_VA_PAGES; pg++) {
		vaddr_t va = UVMLAB_UBC_VA_START + ptoa(pg);
		bool held = false;
		for (size_t i = 0; i < k->nubcs && !held; i++)
			held = va >= k->ubcs[i].va && va - k->ubcs[i].va < ptoa(ubc_pages(k->ubcs[i].len));
		run = held ? 0 : run + 1;
		if (run == pages)
			return va - ptoa(pages - 1);
	}
	return 0;
}

static bool
shadow_ubcalloc(struct shadow *sh, const struct session *s, const struct op *op,
		const struct op_result *r, char *why, size_t len)
{
	struct shadow_km *k = &sh->km;
	(void)s;

	sh->km.touched = true;
	if (grow((void **)&k->ubcs, &k->ucap, k->nubcs + 1, sizeof(*k->ubcs)) != 0) {
		snprintf(why, len, "shadow: out of host memory");
		return false;
	}
	k->ubcs[k->nubcs++] = (struct skm_ubc){r->value, op->slot[UBC_LEN]};
	return true;
}

/* EEXIST; EINVAL for no anonymous object or no bytes; ENOMEM for more
 * pages than the space or no room; else the lowest free run. */
static enum verdict
judge_ubcalloc(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	       const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	uint64_t pages = ubc_pages(op->slot[UBC_LEN]);
	vaddr_t va = 0;
	int want = b->name_busy ? EEXIST
		   : judged_anon(b, sh, 1) == NULL || op->slot[UBC_LEN] == 0 ? EINVAL
		   : pages > UVMLAB_UBC_VA_PAGES || (va = ubc_space(&sh->km, pages)) == 0 ? ENOMEM
											   : 0;
	(void)ch;

	return judge_address(r, want, va, why, len);
}

const struct op_desc op_ubcalloc = {
	.name = "ubcalloc",
	.nfields = 5,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_NEW},
		   {NULL, FK_NAME, 1, 0, FC_HOLDER_OBJECT},
		   {NULL, FK_NUM, UBC_OFF, 0, FC_WORD},
		   {NULL, FK_NUM, UBC_LEN, 1, FC_WORD},
		   {"write", FK_FLAG, UBC_RW, 0, FC_BIT}},
	.exec = exec_ubcalloc,
	.shadow = shadow_ubcalloc,
	.judge = judge_ubcalloc,
};
