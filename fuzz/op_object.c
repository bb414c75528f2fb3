/* Shared by the object operations; see op_object.h. */
#include <errno.h>

#include "op_object.h"

struct holder *
object_holder(struct session *s, const char *name)
{
	struct holder *h = session_holder(s, name);
	return h != NULL && h->kind == HOLDER_OBJECT ? h : NULL;
}

struct holder *
window_holder(struct session *s, const char *name)
{
	struct holder *h = session_holder(s, name);
	return h != NULL && h->kind == HOLDER_WINDOW ? h : NULL;
}

void
op_pattern(uint8_t *buf, size_t at, size_t len, uint64_t seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(seed + 3 * (at + i));
}

struct sobj *
judged_object(const struct judge_before *b, const struct shadow *sh, int which)
{
	return b->holder[which].kind == HOLDER_OBJECT ? shadow_objs_obj(&sh->objs, b->id[which])
						      : NULL;
}

struct sobj *
judged_anon(const struct judge_before *b, const struct shadow *sh, int which)
{
	struct sobj *o = judged_object(b, sh, which);
	return o != NULL && !o->kernel ? o : NULL;
}

int
ao_get_want(const struct shadow *sh, const struct sobj *o, uint64_t off, uint64_t n)
{
	uint64_t missing = 0;

	if (o == NULL || n < 1 || n > UVMLAB_GET_PAGES_MAX || off >= o->size || n > o->size - off)
		return EINVAL;
	for (uint64_t i = 0; i < n; i++) {
		const struct sobj_page *p = &o->pages[off + i];
		if (p->pfn != UVMLAB_NO_PAGE && (p->flags & PG_BUSY))
			return EBUSY;
		missing += p->pfn == UVMLAB_NO_PAGE;
	}
	return missing > free_order_allocatable(&sh->order) ? ENOMEM : 0;
}

bool
strategy_seed_flaws(enum uvmlab_strategy st)
{
	struct uvmlab_strategy_info info;
	uvmlab_strategy_info(st, &info);
	return info.seed_flaws;
}

struct swin *
judged_window(const struct judge_before *b, const struct shadow *sh, int which)
{
	return b->holder[which].kind == HOLDER_WINDOW ? shadow_objs_win(&sh->objs, b->id[which])
						      : NULL;
}
