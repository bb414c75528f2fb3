/* uao NAME [pages N]: uao_create of an object of N pages (16). */
#include <errno.h>

#include "op_object.h"

enum { UAO_PAGES };

static int
exec_uao(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h;
	uvmlab_obj_t obj;
	int error = session_claim(s, op->name, &h);
	(void)r;

	if (error != 0)
		return error;
	uint64_t pages = op->slot[UAO_PAGES];
	if (pages > UVMLAB_OBJ_PAGES_MAX || (error = uao_create(s->m, ptoa(pages), 0, &obj)) != 0)
		return error != 0 ? error : EINVAL;
	h->kind = HOLDER_OBJECT;
	h->obj = obj;
	h->obj_pages = pages;
	return 0;
}

static bool
shadow_uao(struct shadow *sh, const struct session *s, const struct op *op,
	   const struct op_result *r, char *why, size_t len)
{
	(void)r;
	if (shadow_objs_add_obj(&sh->objs, shadow_holder_id(s, op->name), op->slot[UAO_PAGES]))
		return true;
	snprintf(why, len, "shadow: out of host memory");
	return false;
}

/* EEXIST for a name in use, EINVAL for no pages or too many, else 0. */
static enum verdict
judge_uao(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	  const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	uint64_t pages = op->slot[UAO_PAGES];
	int want = b->name_busy ? EEXIST : pages == 0 || pages > UVMLAB_OBJ_PAGES_MAX ? EINVAL : 0;
	(void)sh, (void)ch;

	if (r->error != want)
		return judge_bug(why, len, "%s for an object of %llu pages, %s due",
				 uvmlab_errno_name(r->error), (unsigned long long)pages,
				 uvmlab_errno_name(want));
	return VERDICT_OK;
}

const struct op_desc op_uao = {
	.name = "uao",
	.nfields = 2,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_NEW},
		   {"pages", FK_NUM, UAO_PAGES, 16, FC_OBJ_PAGES}},
	.exec = exec_uao,
	.shadow = shadow_uao,
	.judge = judge_uao,
};
