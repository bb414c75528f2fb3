/*
 * The core's host allocations, and the failure a harness may inject into
 * them (uvmlab_fail_allocation, uvm.h).  Every allocation a machine makes
 * goes through here, so that its ENOMEM paths, which a real host seldom
 * takes, can be driven on purpose and each shown to leave the machine as
 * it was and to leak nothing.  The checkers' scratch memory does not.
 */
#include <errno.h>
#include <stdlib.h>

#include "machine_impl.h"

static uint64_t fail_after = UVMLAB_FAIL_NEVER;

uint64_t
uvmlab_fail_allocation(uint64_t n)
{
	uint64_t pending = fail_after;

	fail_after = n;
	return pending;
}

/* Does this allocation fail?  The armed one fails once, then none. */
static bool
injected(void)
{
	if (fail_after == UVMLAB_FAIL_NEVER)
		return false;
	if (fail_after > 0) {
		fail_after--;
		return false;
	}
	fail_after = UVMLAB_FAIL_NEVER;
	return true;
}

void *
uvmlab_host_malloc(size_t n)
{
	return injected() ? NULL : malloc(n);
}

void *
uvmlab_host_calloc(size_t k, size_t n)
{
	return injected() ? NULL : calloc(k, n);
}

void *
uvmlab_host_realloc(void *p, size_t n)
{
	return injected() ? NULL : realloc(p, n);
}

int
uvmlab_host_grow(void **bufp, uint32_t *capp, uint32_t first, size_t elem)
{
	uint32_t cap = *capp ? *capp * 2 : first;
	void *n = uvmlab_host_realloc(*bufp, (size_t)cap * elem);

	if (n == NULL)
		return ENOMEM;
	*bufp = n;
	*capp = cap;
	return 0;
}
