/*
 * ubcrelease WIN: ubc_release of the UBC window WIN holds, found by its
 * address.  A name that holds no window is EINVAL (the seed panics).
 */
#include <errno.h>

#include "op_km.h"

static int
exec_ubcrelease(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h = km_holder(s, op->name, HOLDER_UBC);
	(void)r;

	if (h == NULL)
		return EINVAL;
	int error = ubc_release(s->m, h->kva, 0);
	if (error == 0)
		h->kind = HOLDER_EMPTY;
	return error;
}

static bool
shadow_ubcrelease(struct shadow *sh, const struct session *s, const struct op *op,
		  const struct op_result *r, char *why, size_t len)
{
	struct shadow_km *k = &sh->km;
	vaddr_t va = session_find(s, op->name)->kva; /* emptied: its address kept */
	(void)r;

	sh->km.touched = true;
	for (size_t i = 0; i < k->nubcs; i++) {
		if (k->ubcs[i].va == va) {
			k->ubcs[i] = k->ubcs[--k->nubcs];
			return true;
		}
	}
	snprintf(why, len, "ubcrelease: no window of the shadow's is at its address");
	return false;
}

static enum verdict
judge_ubcrelease(const struct judge_before *b, const struct shadow *sh, const struct op *op,
		 const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	(void)sh;
	(void)op;
	(void)ch;
	return judge_error(r->error, km_judged(b, 0, HOLDER_UBC) != NULL ? 0 : EINVAL, why, len);
}

const struct op_desc op_ubcrelease = {
	.name = "ubcrelease",
	.nfields = 1,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_UBC}},
	.exec = exec_ubcrelease,
	.shadow = shadow_ubcrelease,
	.judge = judge_ubcrelease,
};
