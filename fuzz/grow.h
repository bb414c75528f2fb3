/* One helper for the harness's growable arrays. */
#ifndef UVMLAB_GROW_H
#define UVMLAB_GROW_H

#include <errno.h>
#include <stdlib.h>

/*
 * grow: make *bufp hold at least `need` elements of `elem` bytes,
 * doubling from 16.  Returns 0, or ENOMEM leaving *bufp and *capp as
 * they were.
 */
static inline int
grow(void **bufp, size_t *capp, size_t need, size_t elem)
{
	size_t cap = *capp ? *capp : 16;

	if (need <= *capp)
		return 0;
	while (cap < need)
		cap *= 2;
	void *n = realloc(*bufp, cap * elem);
	if (n == NULL)
		return ENOMEM;
	*bufp = n;
	*capp = cap;
	return 0;
}

#endif
