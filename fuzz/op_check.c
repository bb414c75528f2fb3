/*
 * check: the core's validator, whose failure the harness reports.  It
 * changes nothing, so it has no shadow update and no judge.  On the
 * kernel machine, the shim's check of its free lists.
 */
#include "exec.h"
#include "kernel_session.h"

static int
exec_check(struct session *s, const struct op *op, struct op_result *r)
{
	(void)op;
	r->check_failed = !uvmlab_validate(s->m, r->why, sizeof(r->why));
	return 0;
}

static int
on_kernel(struct kernel_session *ks, const struct op *op, struct op_result *r)
{
	(void)ks, (void)op;
	r->check_failed = !kernel_machine_check(r->why, sizeof(r->why));
	return 0;
}

const struct op_desc op_check = {
	.name = "check",
	.nfields = 0,
	.exec = exec_check,
	.kernel = on_kernel,
};
