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

/* judged_anon: judged_object, but NULL for the kernel's objects, which
 * the anonymous pager's calls (ao_get, ao_put, uao_detach, zerorange,
 * ubc_alloc, ubc_uiomove) refuse. */
struct sobj *judged_anon(const struct judge_before *b, const struct shadow *sh, int which);

/* ao_get_want: ao_get's answer for n pages of o (NULL: no anonymous
 * object) from page off: EINVAL for no object, a count outside 1..64 or
 * a range past the end; EBUSY if a page of it is busy; ENOMEM if more
 * are missing than may be allocated; else 0. */
int ao_get_want(const struct shadow *sh, const struct sobj *o, uint64_t off, uint64_t n);

/* Does the strategy keep the seeds' flaws (uvmlab_strategy_info)? */
bool strategy_seed_flaws(enum uvmlab_strategy st);

#endif /* UVMLAB_OP_OBJECT_H */
