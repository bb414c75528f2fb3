/* pglist.c and pglist_table.c: both paths, hints, windows, reserves,
 * list handles, uvmlab_free_range, and every bad input. */
#include "testlib.h"

#define PG(n) ((psize_t)(n) * PAGE_SIZE)
#define NOHIGH UINT64_MAX

static void
test_bad_input(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FIXED, 0, 0);
	uvmlab_list_t l, a;

	t_seg(m, 0, 64, 0);
	CHECK_EQ(uvm_pglistalloc(m, PG(3), 0, NOHIGH, 0, 0, 1, false, &a), 0);
	CHECK_REJECTS(m, EINVAL, uvm_pglistalloc(m, 0, 0, NOHIGH, 0, 0, 1, false, &l));
	CHECK_REJECTS(m, EINVAL, uvm_pglistalloc(m, 0, 0, NOHIGH, 0, 0, 8, true, &l));
	CHECK_REJECTS(m, EINVAL, uvm_pglistalloc(m, PG(1), 0, NOHIGH, PG(3), 0, 1, false, &l));
	CHECK_REJECTS(m, EINVAL, uvm_pglistalloc(m, PG(1), 0, NOHIGH, 0, PG(3), 1, false, &l));
	CHECK_REJECTS(m, EINVAL, uvm_pglistalloc(m, PG(2), 0, NOHIGH, 0, PG(1), 1, false, &l));
	CHECK_REJECTS(m, EINVAL, uvm_pglistalloc(m, PG(3), 0, NOHIGH, 0, PG(2), 1, true, &l));
	CHECK_REJECTS(m, EINVAL, uvm_pglistalloc(m, PG(1), PG(8), PG(8), 0, 0, 1, false, &l));
	CHECK_REJECTS(m, EINVAL, uvm_pglistalloc(m, PG(1), PG(9), PG(8), 0, 0, 1, false, &l));
	CHECK_REJECTS(m, EINVAL, uvm_pglistalloc(m, UINT64_MAX, 0, NOHIGH, 0, 0, 1, false, &l));
	/* 2^30 pages and more: rev 1.89's int sums could overflow */
	CHECK_REJECTS(m, EINVAL,
		      uvm_pglistalloc(m, PG(UVMLAB_NPAGES_LIMIT), 0, NOHIGH, 0, 0, 1, false, &l));
	CHECK_REJECTS(m, ENOMEM,
		      uvm_pglistalloc(m, PG(UVMLAB_NPAGES_LIMIT - 1), 0, NOHIGH, 0, 0, 1, false, &l));
	CHECK_REJECTS(m, EINVAL,
		      uvm_pglistalloc(m, PG(1), NOHIGH - 10, NOHIGH, PG(2), 0, 1, false, &l));
	CHECK_REJECTS(m, EINVAL, uvm_pglistfree(m, 7));
	CHECK_REJECTS(m, EINVAL, uvm_pglistfree(m, a + 1));
	CHECK_REJECTS(m, EINVAL, uvmlab_free_range(m, 5, 4));
	CHECK_REJECTS(m, EINVAL, uvmlab_free_range(m, 2, 3));	/* 3 is free */
	CHECK_REJECTS(m, EINVAL, uvmlab_free_range(m, 63, 64)); /* 64 is absent */
	/* a boundary equal to the size is allowed; a smaller alignment is page */
	CHECK(strcmp(t_pglist(m, PG(2), 0, NOHIGH, 512, PG(2), 1, false, &l), "4-5") == 0);
	CHECK_EQ(uvm_pglistfree(m, a), 0);
	CHECK_REJECTS(m, EINVAL, uvm_pglistfree(m, a)); /* twice */
	uvmlab_machine_destroy(m);
}

static void
test_simple_path_hints(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FIXED, 0, 0);
	uvmlab_list_t l1, l2, l3, l4;
	struct uvmlab_seginfo si;

	t_seg(m, 0, 16, 0);
	CHECK(strcmp(t_pglist(m, PG(4), 0, NOHIGH, 0, 0, 4, false, &l1), "0-3") == 0);
	CHECK(strcmp(t_pglist(m, PG(2), 0, NOHIGH, 0, 0, 2, false, &l2), "4-5") == 0);
	CHECK_EQ(uvm_pglistfree(m, l1), 0);
	CHECK(strcmp(t_pglist(m, PG(6), 0, NOHIGH, 0, 0, 6, false, &l3), "6-11") == 0);
	/* the hint is 12: the first pass takes 12-15, the wrapped pass 0-3 */
	CHECK(strcmp(t_pglist(m, PG(8), 0, NOHIGH, 0, 0, 8, false, &l4), "12-15,0-3") == 0);
	CHECK_EQ(uvmlab_seginfo(m, 0, &si), 0);
	CHECK_EQ(si.start_hint, 4);
	CHECK_EQ(uvmlab_page_flags(m, 12), PG_CLEAN);

	/* a partial simple allocation fails, frees its pages first to last
	 * (so the last freed heads the free list) and keeps the moved hint */
	CHECK_EQ(uvm_pglistfree(m, l2), 0);
	CHECK(strcmp(t_pglist(m, PG(3), 0, NOHIGH, 0, 0, 3, false, NULL), "ENOMEM") == 0);
	CHECK_EQ(uvmlab_seginfo(m, 0, &si), 0);
	CHECK_EQ(si.start_hint, 4);
	uvmlab_pfn_t pfn;
	CHECK_EQ(uvm_pagealloc(m, 0, &pfn), 0);
	CHECK_EQ(pfn, 5);
	/* waitok never sleeps on the simple path */
	CHECK(strcmp(t_pglist(m, PG(2), 0, NOHIGH, 0, 0, 2, true, NULL), "ENOMEM") == 0);
	uvmlab_machine_destroy(m);
}

static void
test_nsegs_chooses_path(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FIXED, 0, 0);
	uvmlab_list_t l;

	t_seg(m, 0, 8, 0);
	CHECK(strcmp(t_pglist(m, PG(8), 0, NOHIGH, 0, 0, 8, false, &l), "0-7") == 0);
	for (uvmlab_pfn_t p = 1; p < 8; p += 2)
		CHECK_EQ(uvmlab_free_range(m, p, p), 0);
	CHECK_EQ(uvmlab_pglist_count(m, l), 4);
	CHECK(strcmp(t_pfns(m, l), "0,2,4,6") == 0);
	CHECK(strcmp(t_pglist(m, PG(2), 0, NOHIGH, 0, 0, 1, false, NULL), "ENOMEM") == 0);
	CHECK(strcmp(t_pglist(m, PG(2), 0, NOHIGH, 0, 0, 0, false, NULL), "ENOMEM") == 0);
	CHECK(strcmp(t_pglist(m, PG(4), 0, NOHIGH, 0, 0, 4, false, NULL), "1,3,5,7") == 0);
	CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_simple_searches), 2);
	uvmlab_machine_destroy(m);
}

static void
test_contig_constraints(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FIXED, 0, 0);

	t_seg(m, 0, 64, 0);
	CHECK(strcmp(t_pglist(m, PG(4), 0, NOHIGH, PG(4), 0, 1, false, NULL), "0-3") == 0);
	CHECK(strcmp(t_pglist(m, PG(1), 0, NOHIGH, PG(4), 0, 1, false, NULL), "4") == 0);
	CHECK(strcmp(t_pglist(m, PG(3), 0, NOHIGH, PG(2), 0, 1, false, NULL), "6-8") == 0);
	CHECK(strcmp(t_pglist(m, PG(3), 0, NOHIGH, 0, PG(4), 1, false, NULL), "9-11") == 0);
	CHECK(strcmp(t_pglist(m, PG(3), 0, NOHIGH, 0, PG(4), 1, false, NULL), "12-14") == 0);
	/* 15-17 would cross the 4-page boundary at 16: jump to 16 */
	CHECK(strcmp(t_pglist(m, PG(3), 0, NOHIGH, 0, PG(4), 1, false, NULL), "16-18") == 0);
	/* low/high window; low is rounded up to the alignment */
	CHECK(strcmp(t_pglist(m, PG(2), PG(40), PG(42), 0, 0, 1, false, NULL), "40-41") == 0);
	CHECK(strcmp(t_pglist(m, PG(2), PG(40), PG(42), 0, 0, 1, false, NULL), "ENOMEM") == 0);
	CHECK(strcmp(t_pglist(m, PG(2), PG(45), NOHIGH, PG(8), 0, 1, false, NULL), "48-49") == 0);
	/* sizes round up to whole pages */
	CHECK(strcmp(t_pglist(m, 1, PG(20), NOHIGH, 0, 0, 1, false, NULL), "50") == 0);
	CHECK(strcmp(t_pglist(m, PG(1) + 1, 0, NOHIGH, 0, 0, 1, false, NULL), "51-52") == 0);
	/* a high below every segment finds nothing */
	CHECK(strcmp(t_pglist(m, PG(1), 0, 1, 0, 0, 1, false, NULL), "ENOMEM") == 0);
	uvmlab_machine_destroy(m);
}

static void
test_segments_and_freelists_order(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FIXED, 0, 0);

	t_seg(m, 100, 104, 1);
	t_seg(m, 0, 4, 1);
	t_seg(m, 50, 52, 0);
	/* free list 0 first; within a list, segments by address */
	CHECK(strcmp(t_pglist(m, PG(2), 0, NOHIGH, 0, 0, 1, false, NULL), "50-51") == 0);
	CHECK(strcmp(t_pglist(m, PG(2), 0, NOHIGH, 0, 0, 1, false, NULL), "0-1") == 0);
	CHECK(strcmp(t_pglist(m, PG(3), 0, NOHIGH, 0, 0, 1, false, NULL), "100-102") == 0);
	/* a simple request spans segments */
	CHECK(strcmp(t_pglist(m, PG(3), 0, NOHIGH, 0, 0, 3, false, NULL), "2-3,103") == 0);
	uvmlab_machine_destroy(m);
}

static void
test_reserve_check(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FIXED, 1, 5);

	t_seg(m, 0, 8, 0);
	CHECK(strcmp(t_pglist(m, PG(2), 0, NOHIGH, 0, 0, 1, false, NULL), "0-1") == 0);
	/* 6 free pages do not exceed the reserves 1 + 5 */
	CHECK(strcmp(t_pglist(m, PG(1), 0, NOHIGH, 0, 0, 1, false, NULL), "ENOMEM") == 0);
	CHECK(strcmp(t_pglist(m, PG(1), 0, NOHIGH, 0, 0, 4, false, NULL), "ENOMEM") == 0);
	/* a one-page request with nsegs 1 takes the simple path, which
	 * never falls back; with nsegs 0 it is contiguous, and waitok's
	 * fallback uses uvm_pagealloc, whose check is per bucket against
	 * reserve_kernel alone: it finds page 7 (rev 1.89 does too) */
	CHECK(strcmp(t_pglist(m, PG(1), 0, NOHIGH, 0, 0, 1, true, NULL), "ENOMEM") == 0);
	CHECK(strcmp(t_pglist(m, PG(1), 0, NOHIGH, 0, 0, 0, true, NULL), "7") == 0);
	CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_reserve_refusals), 4);
	uvmlab_machine_destroy(m);
}

static void
test_free_range(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FIXED, 0, 0);
	uvmlab_list_t a, b;
	uvmlab_pfn_t single;

	t_seg(m, 0, 16, 0);
	CHECK(strcmp(t_pglist(m, PG(4), 0, NOHIGH, 0, 0, 1, false, &a), "0-3") == 0);
	CHECK(strcmp(t_pglist(m, PG(2), 0, NOHIGH, 0, 0, 1, false, &b), "4-5") == 0);
	CHECK_EQ(uvm_pagealloc(m, 0, &single), 0);
	CHECK_EQ(single, 15);
	/* across two lists */
	CHECK_EQ(uvmlab_free_range(m, 3, 4), 0);
	VALID(m);
	CHECK(strcmp(t_pfns(m, a), "0-2") == 0);
	CHECK(strcmp(t_pfns(m, b), "5") == 0);
	CHECK_EQ(uvmlab_free_range(m, 15, 15), 0);
	VALID(m);
	CHECK_EQ(uvmlab_page_state(m, 15, NULL), UVMLAB_PAGE_FREE);
	/* an emptied list stays live until freed */
	CHECK_EQ(uvmlab_free_range(m, 5, 5), 0);
	CHECK_EQ(uvmlab_pglist_count(m, b), 0);
	CHECK_EQ(uvm_pglistfree(m, b), 0);
	VALID(m);
	/* handles are reused lowest first */
	uvmlab_list_t c;
	CHECK(strcmp(t_pglist(m, PG(1), 0, NOHIGH, 0, 0, 1, false, &c), "6") == 0);
	CHECK_EQ(c, b);
	uvmlab_list_t st;
	CHECK_EQ(uvmlab_page_state(m, 1, &st), UVMLAB_PAGE_LISTED);
	CHECK_EQ(st, a);
	uvmlab_machine_destroy(m);
}

int
main(void)
{
	test_bad_input();
	test_simple_path_hints();
	test_nsegs_chooses_path();
	test_contig_constraints();
	test_segments_and_freelists_order();
	test_reserve_check();
	test_free_range();
	return t_done();
}
