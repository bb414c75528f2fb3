/*
 * read NAME OFF [at A] [len L]: uvmlab_page_read of bytes [A, A + L)
 * (0, PAGE_SIZE) of the object's page at page OFF; the result is the
 * bytes.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "op_object.h"

enum { READ_OFF, READ_AT, READ_LEN };

static int
exec_read(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h = object_holder(s, op->name);
	uint64_t at = op->slot[READ_AT], n = op->slot[READ_LEN];
	uvmlab_pfn_t pfn;

	if (h == NULL || at > PAGE_SIZE || n > PAGE_SIZE - at || op->slot[READ_OFF] > atop(UINT64_MAX) ||
	    uvm_pagelookup(s->m, h->obj, ptoa(op->slot[READ_OFF]), &pfn) != 0)
		return EINVAL;
	if (result_reserve_bytes(r, n) != 0)
		return ENOMEM;
	int error = uvmlab_page_read(s->m, pfn, at, r->bytes, n);
	if (error == 0)
		r->nbytes = n;
	return error;
}

/* EINVAL unless the page is resident and the range inside it; then the
 * shadow's bytes exactly. */
static enum verdict
judge_read(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	   const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	const struct sobj_page *p =
	    judged_object(b, sh, 0) ? shadow_objs_page(&sh->objs, b->id[0], op->slot[READ_OFF])
				    : NULL;
	uint64_t at = op->slot[READ_AT], n = op->slot[READ_LEN];
	bool ok = p != NULL && at <= PAGE_SIZE && n <= PAGE_SIZE - at;
	(void)ch;

	if (r->error != (ok ? 0 : EINVAL))
		return judge_error(r->error, ok ? 0 : EINVAL, why, len);
	for (uint64_t i = 0; ok && i < n; i++) {
		if (r->bytes[i] != p->bytes[at + i])
			return judge_bug(why, len,
					 "byte %" PRIu64 " of page %" PRIu64 " reads %#x, must be %#x",
					 at + i, op->slot[READ_OFF], r->bytes[i], p->bytes[at + i]);
	}
	return VERDICT_OK;
}

const struct op_desc op_read = {
	.name = "read",
	.nfields = 4,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_OBJECT},
		   {NULL, FK_NUM, READ_OFF, 0, FC_OBJ_PAGE},
		   {"at", FK_NUM, READ_AT, 0, FC_PAGE_BYTE},
		   {"len", FK_NUM, READ_LEN, PAGE_SIZE, FC_PAGE_BYTE}},
	.exec = exec_read,
	.judge = judge_read,
};
