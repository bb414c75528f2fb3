/*
 * write NAME OFF SEED [at A] [len L]: uvmlab_page_write of the pattern
 * of SEED (op_object.h) into bytes [A, A + L) (0, PAGE_SIZE) of the
 * object's page at page OFF, which must be busy.
 */
#include <errno.h>

#include "op_object.h"

enum { WRITE_OFF, WRITE_SEED, WRITE_AT, WRITE_LEN };

static int
exec_write(struct session *s, const struct op *op, struct op_result *r)
{
	static uint8_t buf[PAGE_SIZE];
	struct holder *h = object_holder(s, op->name);
	uint64_t at = op->slot[WRITE_AT], n = op->slot[WRITE_LEN];
	uvmlab_pfn_t pfn;
	(void)r;

	if (h == NULL || at > PAGE_SIZE || n > PAGE_SIZE - at || op->slot[WRITE_OFF] > atop(UINT64_MAX) ||
	    uvm_pagelookup(s->m, h->obj, ptoa(op->slot[WRITE_OFF]), &pfn) != 0)
		return EINVAL;
	op_pattern(buf, at, n, op->slot[WRITE_SEED]);
	return uvmlab_page_write(s->m, pfn, at, buf, n);
}

static bool
shadow_write(struct shadow *sh, const struct session *s, const struct op *op,
	     const struct op_result *r, char *why, size_t len)
{
	uint32_t id = shadow_holder_id(s, op->name);
	struct sobj_page *p = shadow_objs_page(&sh->objs, id, op->slot[WRITE_OFF]);
	(void)r, (void)why, (void)len;

	op_pattern(p->bytes + op->slot[WRITE_AT], op->slot[WRITE_AT], op->slot[WRITE_LEN],
		   op->slot[WRITE_SEED]);
	shadow_obj_flags(sh, id, op->slot[WRITE_OFF], ~PG_CLEAN, 0);
	return true;
}

/* 0 exactly for a resident busy page and a range inside it. */
static enum verdict
judge_write(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	    const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	const struct sobj_page *p =
	    judged_object(b, sh, 0) ? shadow_objs_page(&sh->objs, b->id[0], op->slot[WRITE_OFF])
				    : NULL;
	uint64_t at = op->slot[WRITE_AT], n = op->slot[WRITE_LEN];
	bool ok = p != NULL && (p->flags & PG_BUSY) && at <= PAGE_SIZE && n <= PAGE_SIZE - at;
	(void)ch;

	return judge_error(r->error, ok ? 0 : EINVAL, why, len);
}

const struct op_desc op_write = {
	.name = "write",
	.nfields = 5,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_OBJECT},
		   {NULL, FK_NUM, WRITE_OFF, 0, FC_OBJ_PAGE},
		   {NULL, FK_NUM, WRITE_SEED, 0, FC_BYTE},
		   {"at", FK_NUM, WRITE_AT, 0, FC_PAGE_BYTE},
		   {"len", FK_NUM, WRITE_LEN, PAGE_SIZE, FC_PAGE_BYTE}},
	.exec = exec_write,
	.shadow = shadow_write,
	.judge = judge_write,
};
