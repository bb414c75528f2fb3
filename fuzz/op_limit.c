/*
 * limit BYTES: uvmlab_memlimit_set, RUMP_MEMLIMIT changed while
 * running: pool pages count against it.  0 is EINVAL (the seed panics);
 * a limit below what is counted already is EBUSY.
 */
#include <errno.h>

#include "op_km.h"

enum { LIMIT_BYTES };

static int
exec_limit(struct session *s, const struct op *op, struct op_result *r)
{
	(void)r;
	return uvmlab_memlimit_set(s->m, op->slot[LIMIT_BYTES]);
}

static bool
shadow_limit(struct shadow *sh, const struct session *s, const struct op *op,
	     const struct op_result *r, char *why, size_t len)
{
	(void)s;
	(void)r;
	(void)why;
	(void)len;
	sh->km.touched = true;
	sh->km.memlimit = op->slot[LIMIT_BYTES];
	return true;
}

static enum verdict
judge_limit(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	    const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	uint64_t bytes = op->slot[LIMIT_BYTES];
	(void)b;
	(void)ch;
	return judge_error(r->error, bytes == 0 ? EINVAL : bytes < sh->km.memused ? EBUSY : 0, why,
			   len);
}

const struct op_desc op_limit = {
	.name = "limit",
	.nfields = 1,
	.fields = {{NULL, FK_NUM, LIMIT_BYTES, 0, FC_MEMLIMIT}},
	.exec = exec_limit,
	.shadow = shadow_limit,
	.judge = judge_limit,
};
