/* physseg.c and machine.c: segment loading, ordering, lookup, bad input. */
#include "testlib.h"

static void
test_rejects_bad_segments(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FIXED, 1, 5);
	t_seg(m, 100, 200, 0);

	CHECK_REJECTS(m, EINVAL, uvm_page_physload(m, 10, 10, 10, 10, 0, 0));	  /* empty */
	CHECK_REJECTS(m, EINVAL, uvm_page_physload(m, 20, 10, 20, 10, 0, 0));	  /* reversed */
	CHECK_REJECTS(m, EINVAL, uvm_page_physload(m, 0, 10, 5, 5, 0, 0));	  /* empty avail */
	CHECK_REJECTS(m, EINVAL, uvm_page_physload(m, 0, 10, 0, 11, 0, 0));	  /* avail outside */
	CHECK_REJECTS(m, EINVAL, uvm_page_physload(m, 150, 250, 150, 250, 0, 0)); /* overlap */
	CHECK_REJECTS(m, EINVAL, uvm_page_physload(m, 50, 101, 50, 101, 0, 0));  /* overlap */
	CHECK_REJECTS(m, EINVAL, uvm_page_physload(m, 120, 130, 120, 130, 0, 0)); /* inside */
	CHECK_REJECTS(m, EINVAL, uvm_page_physload(m, 0, 10, 0, 10, 4, 0));	  /* no list 4 */
	CHECK_REJECTS(m, EINVAL, uvm_page_physload(m, 0, 10, 0, 10, 0, 1));	  /* no bucket 1 */
	CHECK_REJECTS(m, EINVAL,
		      uvm_page_physload(m, UVMLAB_PFN_LIMIT - 1, UVMLAB_PFN_LIMIT + 1,
					UVMLAB_PFN_LIMIT - 1, UVMLAB_PFN_LIMIT + 1, 0, 0));
	/* a segment may end exactly at the limit */
	CHECK_EQ(uvm_page_physload(m, UVMLAB_PFN_LIMIT - 4, UVMLAB_PFN_LIMIT,
				   UVMLAB_PFN_LIMIT - 4, UVMLAB_PFN_LIMIT, 0, 0),
		 0);
	VALID(m);
	CHECK_EQ(uvmlab_nsegs(m), 2);
	uvmlab_machine_destroy(m);
}

static void
test_table_full(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FIXED, 1, 5);
	for (unsigned i = 0; i < UVMLAB_PHYSSEG_MAX; i++)
		CHECK_EQ(uvm_page_physload(m, i * 2, i * 2 + 1, i * 2, i * 2 + 1, 0, 0), 0);
	CHECK_REJECTS(m, ENOMEM, uvm_page_physload(m, 1000, 1001, 1000, 1001, 0, 0));
	uvmlab_machine_destroy(m);

	/* a segment too large for the model's descriptors */
	m = t_machine(UVMLAB_STRAT_FIXED, 1, 5);
	CHECK_REJECTS(m, ENOMEM,
		      uvm_page_physload(m, 0, UVMLAB_SEG_PAGES_MAX + 1, 0, UVMLAB_SEG_PAGES_MAX + 1,
					0, 0));
	uvmlab_machine_destroy(m);
}

static void
test_sorted_and_lookup(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FIXED, 1, 5);
	struct uvmlab_seginfo si;

	CHECK_EQ(uvm_page_physload(m, 300, 400, 310, 390, 1, 0), 0);
	CHECK_EQ(uvm_page_physload(m, 0, 100, 0, 100, 0, 0), 0);
	CHECK_EQ(uvm_page_physload(m, 100, 200, 100, 200, 2, 0), 0);
	VALID(m);
	CHECK_EQ(uvmlab_nsegs(m), 3);
	CHECK_EQ(uvmlab_seginfo(m, 0, &si), 0);
	CHECK_EQ(si.start, 0);
	CHECK_EQ(uvmlab_seginfo(m, 1, &si), 0);
	CHECK_EQ(si.start, 100);
	CHECK_EQ(si.freelist, 2);
	CHECK_EQ(uvmlab_seginfo(m, 2, &si), 0);
	CHECK_EQ(si.avail_start, 310);
	CHECK_EQ(uvmlab_seginfo(m, 3, &si), EINVAL);

	CHECK_EQ(uvmlab_free_pages(m), 100 + 100 + 80);
	CHECK_EQ(uvmlab_page_state(m, 305, NULL), UVMLAB_PAGE_UNMANAGED);
	CHECK_EQ(uvmlab_page_state(m, 310, NULL), UVMLAB_PAGE_FREE);
	CHECK_EQ(uvmlab_page_state(m, 250, NULL), UVMLAB_PAGE_ABSENT);
	CHECK_EQ(uvmlab_page_state(m, 399, NULL), UVMLAB_PAGE_UNMANAGED);
	CHECK_EQ(uvmlab_page_flags(m, 310), PG_FREE);
	CHECK_EQ(uvmlab_page_flags(m, 305), 0);
	CHECK_EQ(uvmlab_physseg_find(m, 199), 1);
	CHECK_EQ(uvmlab_physseg_find(m, 200), -1);

	/* the bulk query agrees with the single one, across gaps and states */
	uvmlab_list_t l, lists[420];
	uvmlab_pfn_t pfn;
	enum uvmlab_page_state st[420];
	CHECK_EQ(uvm_pglistalloc(m, 8 * PAGE_SIZE, ptoa(380), UINT64_MAX, 0, 0, 1, false, &l), 0);
	CHECK_EQ(uvm_pagealloc(m, 0, &pfn), 0);
	uvmlab_page_states(m, 0, 420, st, lists);
	unsigned listed = 0;
	for (uvmlab_pfn_t p = 0; p < 420; p++) {
		uvmlab_list_t one = UINT32_MAX;
		CHECK_EQ(st[p], uvmlab_page_state(m, p, &one));
		if (st[p] == UVMLAB_PAGE_LISTED) {
			CHECK_EQ(lists[p], one);
			listed++;
		}
	}
	CHECK_EQ(listed, 8);
	CHECK_EQ(st[pfn], UVMLAB_PAGE_SINGLE);

	/* the k-th allocated pfn, in ascending order; the count past the end */
	uvmlab_pfn_t nth = 0;
	CHECK_EQ(pfn, 99); /* free list 0 first: segment [0, 100) */
	CHECK_EQ(uvmlab_nth_allocated(m, 0, &nth), 1);
	CHECK_EQ(nth, 99);
	CHECK_EQ(uvmlab_nth_allocated(m, 1, &nth), 2);
	CHECK_EQ(nth, 380);
	CHECK_EQ(uvmlab_nth_allocated(m, 8, &nth), 9);
	CHECK_EQ(nth, 387);
	CHECK_EQ(uvmlab_nth_allocated(m, 99, &nth), 9);
	uvmlab_machine_destroy(m);
}

static void
test_params(void)
{
	struct uvmlab_params p;
	struct uvm_machine *m = NULL;

	uvmlab_params_default(&p);
	CHECK_EQ(p.reserve_pagedaemon, 1);
	CHECK_EQ(p.reserve_kernel, 5);
	CHECK_EQ(p.strategy, UVMLAB_STRAT_FIXED);
	p.ncolors = 3;
	CHECK_EQ(uvmlab_machine_create(&p, &m), EINVAL);
	p.ncolors = 4;
	p.nfreelists = 0;
	CHECK_EQ(uvmlab_machine_create(&p, &m), EINVAL);
	p.nfreelists = UVMLAB_FREELIST_MAX + 1;
	CHECK_EQ(uvmlab_machine_create(&p, &m), EINVAL);
	p.nfreelists = 2;
	p.nbuckets = 0;
	CHECK_EQ(uvmlab_machine_create(&p, &m), EINVAL);
	p.nbuckets = 2;
	p.strategy = UVMLAB_STRAT_COUNT;
	CHECK_EQ(uvmlab_machine_create(&p, &m), EINVAL);
	CHECK(m == NULL);
	p.strategy = UVMLAB_STRAT_FAITHFUL;
	p.reserve_pagedaemon = 1u << 30;
	p.reserve_kernel = 1u << 30; /* NetBSD's int sum would overflow */
	CHECK_EQ(uvmlab_machine_create(&p, &m), EINVAL);
	p.reserve_kernel = (1u << 30) - 1;
	CHECK_EQ(uvmlab_machine_create(&p, &m), 0);
	uvmlab_machine_destroy(m);
	p.reserve_pagedaemon = 1;
	p.reserve_kernel = 5;
	CHECK_EQ(uvmlab_machine_create(&p, &m), 0);
	CHECK_EQ(uvmlab_machine_params(m)->ncolors, 4);
	VALID(m);
	uvmlab_machine_destroy(m);

	enum uvmlab_strategy s;
	CHECK_EQ(uvmlab_strategy_parse("faithful", &s), 0);
	CHECK_EQ(s, UVMLAB_STRAT_FAITHFUL);
	CHECK_EQ(uvmlab_strategy_parse("best", &s), EINVAL);
	CHECK(strcmp(uvmlab_strategy_name(UVMLAB_STRAT_FIXED), "fixed") == 0);
	CHECK(uvmlab_strategy_name(UVMLAB_STRAT_COUNT) == NULL);
}

int
main(void)
{
	test_rejects_bad_segments();
	test_table_full();
	test_sorted_and_lookup();
	test_params();
	return t_done();
}
