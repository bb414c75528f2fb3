/* Shared by the object operations; see op_object.h. */
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

struct swin *
judged_window(const struct judge_before *b, const struct shadow *sh, int which)
{
	return b->holder[which].kind == HOLDER_WINDOW ? shadow_objs_win(&sh->objs, b->id[which])
						      : NULL;
}
