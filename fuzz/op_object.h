/*
 * What the object operations' files (op_uao.c ... op_zerorange.c)
 * share: finding their holders, and the byte pattern they write.
 */
#ifndef UVMLAB_OP_OBJECT_H
#define UVMLAB_OP_OBJECT_H

#include "judge.h"

/* The holder of a live object / window called name, or NULL. */
struct holder *object_holder(struct session *s, const char *name);
struct holder *window_holder(struct session *s, const char *name);

/* op_pattern: the bytes a write with `seed` puts at offsets [at, at +
 * len) of a page or window: seed + 3 * offset, so a byte out of place
 * shows. */
void op_pattern(uint8_t *buf, size_t at, size_t len, uint64_t seed);

/* The object or window shadow of the op's holder b->id[which], if it
 * held one before the call; else NULL. */
struct sobj *judged_object(const struct judge_before *b, const struct shadow *sh, int which);
struct swin *judged_window(const struct judge_before *b, const struct shadow *sh, int which);

#endif /* UVMLAB_OP_OBJECT_H */
