/* freelist.c: uvm_pagealloc order, colours, free-list strategies,
 * per-bucket reserves, uvm_pagefree and its bad input. */
#include "testlib.h"

static uvmlab_pfn_t
alloc1(struct uvm_machine *m, int flags)
{
	uvmlab_pfn_t pfn = UINT32_MAX;
	CHECK_EQ(uvm_pagealloc(m, flags, &pfn), 0);
	VALID(m);
	return pfn;
}

static void
test_lifo_order(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FIXED, 0, 0);
	t_seg(m, 0, 16, 0);

	/* boot frees pages in ascending order onto the head: highest first */
	CHECK_EQ(alloc1(m, 0), 15);
	CHECK_EQ(alloc1(m, 0), 14);
	CHECK_EQ(uvmlab_page_flags(m, 14), PG_BUSY | PG_CLEAN | PG_FAKE);
	CHECK_EQ(uvmlab_page_state(m, 14, NULL), UVMLAB_PAGE_SINGLE);
	CHECK_EQ(uvm_pagefree(m, 15), 0);
	VALID(m);
	CHECK_EQ(uvmlab_page_flags(m, 15), PG_FREE);
	CHECK_EQ(alloc1(m, 0), 15); /* the page just freed comes back first */
	/* an ownerless zeroed page stays clean (uvm_page.c 1.248) */
	CHECK_EQ(alloc1(m, UVM_PGA_ZERO), 13);
	CHECK_EQ(uvmlab_page_flags(m, 13), PG_BUSY | PG_CLEAN | PG_FAKE);
	CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_pagealloc), 4);
	CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_pagefree), 1);
	uvmlab_machine_destroy(m);
}

static void
test_colours_round_robin(void)
{
	struct uvmlab_params p;
	struct uvm_machine *m;

	uvmlab_params_default(&p);
	p.ncolors = 4;
	p.reserve_pagedaemon = p.reserve_kernel = 0;
	CHECK_EQ(uvmlab_machine_create(&p, &m), 0);
	CHECK_EQ(uvm_page_physload(m, 0, 16, 0, 16, 0, 0), 0);
	uvmlab_pfn_t want[] = {12, 13, 14, 15, 8, 9, 10, 11, 4};
	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		CHECK_EQ(alloc1(m, 0), want[i]);
	uvmlab_pfn_t rest[] = {5, 6, 7, 0, 1, 2, 3};
	for (unsigned i = 0; i < sizeof(rest) / sizeof(rest[0]); i++)
		CHECK_EQ(alloc1(m, 0), rest[i]);
	/* next colour is 0 and it is empty: the search moves on to colour 1,
	 * and the colour after the one found comes next */
	CHECK_EQ(uvm_pagefree(m, 14), 0);
	CHECK_EQ(uvm_pagefree(m, 9), 0);
	CHECK_EQ(alloc1(m, 0), 9);
	CHECK_EQ(alloc1(m, 0), 14);
	uvmlab_pfn_t pfn;
	CHECK_REJECTS(m, ENOMEM, uvm_pagealloc(m, 0, &pfn));
	uvmlab_machine_destroy(m);
}

static void
test_freelist_strategies(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FIXED, 0, 0);
	uvmlab_pfn_t pfn;

	t_seg(m, 0, 2, 1);
	t_seg(m, 8, 16, 0);
	CHECK_EQ(alloc1(m, 0), 15); /* free list 0 first */
	CHECK_EQ(uvm_pagealloc_strat(m, 0, UVM_PGA_STRAT_ONLY, 1, &pfn), 0);
	CHECK_EQ(pfn, 1);
	CHECK_EQ(uvm_pagealloc_strat(m, 0, UVM_PGA_STRAT_FALLBACK, 1, &pfn), 0);
	CHECK_EQ(pfn, 0);
	CHECK_REJECTS(m, ENOMEM, uvm_pagealloc_strat(m, 0, UVM_PGA_STRAT_ONLY, 1, &pfn));
	CHECK_EQ(uvm_pagealloc_strat(m, 0, UVM_PGA_STRAT_FALLBACK, 1, &pfn), 0);
	CHECK_EQ(pfn, 14);
	/* free list 2 exists but is empty; 4 does not exist */
	CHECK_REJECTS(m, ENOMEM, uvm_pagealloc_strat(m, 0, UVM_PGA_STRAT_ONLY, 2, &pfn));
	CHECK_REJECTS(m, EINVAL, uvm_pagealloc_strat(m, 0, UVM_PGA_STRAT_ONLY, 4, &pfn));
	CHECK_REJECTS(m, EINVAL, uvm_pagealloc_strat(m, 0, UVM_PGA_STRAT_FALLBACK, 99, &pfn));
	CHECK_REJECTS(m, EINVAL, uvm_pagealloc_strat(m, 0, 3, 0, &pfn));
	CHECK_REJECTS(m, EINVAL, uvm_pagealloc_strat(m, 0, -1, 0, &pfn));
	CHECK_REJECTS(m, EINVAL, uvm_pagealloc_strat(m, 0x100, UVM_PGA_STRAT_NORMAL, 0, &pfn));
	uvmlab_machine_destroy(m);
}

static void
test_reserves_per_bucket(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FIXED, 1, 5);
	uvmlab_pfn_t pfn;

	t_seg(m, 0, 8, 0);
	/* a bucket gives pages while it holds more than reserve_kernel */
	CHECK_EQ(alloc1(m, 0), 7);
	CHECK_EQ(alloc1(m, 0), 6);
	CHECK_EQ(alloc1(m, 0), 5);
	CHECK_REJECTS(m, ENOMEM, uvm_pagealloc(m, 0, &pfn));
	/* USERESERVE opens the kernel reserve, never the pagedaemon's */
	for (uvmlab_pfn_t want = 4; want >= 1; want--)
		CHECK_EQ(alloc1(m, UVM_PGA_USERESERVE), want);
	CHECK_REJECTS(m, ENOMEM, uvm_pagealloc(m, UVM_PGA_USERESERVE, &pfn));
	CHECK_EQ(uvmlab_free_pages(m), 1);
	CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_pagealloc_fail), 2);
	uvmlab_machine_destroy(m);

	/* the check is per bucket: an exhausted bucket 0 moves on to 1 */
	struct uvmlab_params p;
	uvmlab_params_default(&p);
	p.nbuckets = 2;
	CHECK_EQ(uvmlab_machine_create(&p, &m), 0);
	CHECK_EQ(uvm_page_physload(m, 0, 8, 0, 8, 0, 0), 0);
	CHECK_EQ(uvm_page_physload(m, 8, 16, 8, 16, 0, 1), 0);
	CHECK_EQ(alloc1(m, 0), 7);
	CHECK_EQ(alloc1(m, 0), 6);
	CHECK_EQ(alloc1(m, 0), 5);
	CHECK_EQ(alloc1(m, 0), 15);
	uvmlab_machine_destroy(m);
}

static void
test_pagefree_rejects(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FIXED, 0, 0);
	uvmlab_list_t l;

	CHECK_EQ(uvm_page_physload(m, 0, 16, 2, 14, 0, 0), 0);
	uvmlab_pfn_t pfn = alloc1(m, 0);
	CHECK_EQ(uvm_pglistalloc(m, 2 * PAGE_SIZE, 0, ptoa(8), 0, 0, 1, false, &l), 0);
	CHECK_REJECTS(m, EINVAL, uvm_pagefree(m, 10));	      /* free */
	CHECK_REJECTS(m, EINVAL, uvm_pagefree(m, 0));	      /* unmanaged */
	CHECK_REJECTS(m, EINVAL, uvm_pagefree(m, 15));	      /* unmanaged */
	CHECK_REJECTS(m, EINVAL, uvm_pagefree(m, 99));	      /* absent */
	CHECK_REJECTS(m, EINVAL, uvm_pagefree(m, 2));	      /* on a list */
	CHECK_EQ(uvm_pagefree(m, pfn), 0);
	VALID(m);
	CHECK_REJECTS(m, EINVAL, uvm_pagefree(m, pfn));	      /* twice */
	uvmlab_machine_destroy(m);
}

int
main(void)
{
	test_lifo_order();
	test_colours_round_robin();
	test_freelist_strategies();
	test_reserves_per_bucket();
	test_pagefree_rejects();
	return t_done();
}
