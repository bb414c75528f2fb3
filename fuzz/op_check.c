/*
 * check: the core's validator, whose failure the harness reports.  It
 * changes nothing, so it has no shadow update and no judge.
 */
#include "exec.h"

static int
exec_check(struct session *s, const struct op *op, struct op_result *r)
{
	(void)op;
	r->check_failed = !uvmlab_validate(s->m, r->why, sizeof(r->why));
	return 0;
}

const struct op_desc op_check = {
	.name = "check",
	.nfields = 0,
	.exec = exec_check,
};
