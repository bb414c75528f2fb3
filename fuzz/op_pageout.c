/*
 * pageout: one pass of the page daemon (uvm_pageout, rev 1.84): from the
 * pool after the last one drained, the first with empty pages gives
 * them all back.  The result says whether it drained one.
 */
#include <inttypes.h>

#include "op_km.h"

static int
exec_pageout(struct session *s, const struct op *op, struct op_result *r)
{
	bool drained;
	(void)op;

	uvm_pageout(s->m, &drained);
	r->value_kind = VALUE_DRAINED;
	r->value = drained;
	return 0;
}

/* The replay of the pass (skm_wait), and its answer. */
static bool
shadow_pageout(struct shadow *sh, const struct session *s, const struct op *op,
	       const struct op_result *r, char *why, size_t len)
{
	bool drained;
	(void)s;
	(void)op;

	sh->km.touched = true;
	if (!skm_wait(sh, &drained, why, len))
		return false;
	if (r->value != drained) {
		snprintf(why, len, "pageout: %s, the replay %s", r->value ? "drained" : "nothing",
			 drained ? "drains a pool" : "finds nothing to drain");
		return false;
	}
	return true;
}

const struct op_desc op_pageout = {
	.name = "pageout",
	.nfields = 0,
	.exec = exec_pageout,
	.shadow = shadow_pageout,
};
