/*
 * put NAME [flags F]: ao_put with flags F (PGO_FREE | PGO_ALLPAGES,
 * 0x18): with both, every page is freed in memq order, a busy one
 * marked released instead; otherwise nothing.
 */
#include <errno.h>
#include <stdlib.h>

#include "op_object.h"

enum { PUT_FLAGS };

static int
exec_put(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h = object_holder(s, op->name);
	(void)r;

	if (h == NULL || op->slot[PUT_FLAGS] > INT32_MAX)
		return EINVAL;
	return ao_put(s->m, h->obj, 0, 0, (int)op->slot[PUT_FLAGS]);
}

static bool
frees_all(uint64_t flags)
{
	return (flags & (PGO_FREE | PGO_ALLPAGES)) == (PGO_FREE | PGO_ALLPAGES);
}

static bool
shadow_put(struct shadow *sh, const struct session *s, const struct op *op,
	   const struct op_result *r, char *why, size_t len)
{
	uint32_t id = shadow_holder_id(s, op->name);
	const struct sobj *o = shadow_objs_obj(&sh->objs, id);
	bool ok = true;
	(void)r;

	if (!frees_all(op->slot[PUT_FLAGS]))
		return true;
	uint64_t *order = malloc((o->size ? o->size : 1) * sizeof(*order));
	if (order == NULL) {
		snprintf(why, len, "shadow: out of host memory");
		return false;
	}
	size_t n = shadow_objs_memq(&sh->objs, id, order);
	for (size_t i = 0; i < n && ok; i++) {
		if (o->pages[order[i]].flags & PG_BUSY)
			shadow_obj_flags(sh, id, order[i], ~0u, PG_RELEASED);
		else
			ok = shadow_obj_free(sh, id, order[i], why, len);
	}
	free(order);
	return ok;
}

/* EINVAL for no object or unknown flags; else 0. */
static enum verdict
judge_put(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	  const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	int want = judged_anon(b, sh, 0) == NULL || (op->slot[PUT_FLAGS] & ~(uint64_t)PGO_ALL_FLAGS)
		       ? EINVAL
		       : 0;
	(void)ch;

	return judge_error(r->error, want, why, len);
}

const struct op_desc op_put = {
	.name = "put",
	.nfields = 2,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_OBJECT},
		   {"flags", FK_NUM, PUT_FLAGS, PGO_FREE | PGO_ALLPAGES, FC_PGO}},
	.exec = exec_put,
	.shadow = shadow_put,
	.judge = judge_put,
};
