/*
 * The kernel source's three functions, for a build that names none
 * (UVMLAB_KERNEL_PGLIST unset): kernel_machine_init refuses before any
 * of them could run, so they are never called.
 */
#include "shim_impl.h"

int
uvm_pglistalloc(psize_t size, paddr_t low, paddr_t high, paddr_t alignment, paddr_t boundary,
		struct pglist *rlist, int nsegs, int waitok)
{
	(void)size, (void)low, (void)high, (void)alignment, (void)boundary, (void)rlist,
		(void)nsegs, (void)waitok;
	return ENOSYS;
}

void
uvm_pglistfree(struct pglist *list)
{
	(void)list;
}

void
uvm_pglistalloc_init(void)
{
}
