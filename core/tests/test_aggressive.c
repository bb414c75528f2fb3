/* aggressive.c: the waitok fallback finds runs the search missed, is
 * bounded, and gives every unused page back. */
#include "testlib.h"

#define PG(n) ((psize_t)(n) * PAGE_SIZE)
#define NOHIGH UINT64_MAX

static void
test_rescues_straddle(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FAITHFUL, 0, 0);
	uvmlab_list_t l;

	t_seg(m, 64, 72, 0);
	CHECK(strcmp(t_pglist(m, PG(4), 0, NOHIGH, 0, 0, 1, false, &l), "64-67") == 0);
	CHECK(!uvmlab_pglist_fallback(m, l)); /* the search's */
	CHECK_EQ(uvm_pglistfree(m, l), 0);
	CHECK(!uvmlab_pglist_fallback(m, l)); /* a dead handle */
	/* the search misses the straddling run; the fallback takes pages
	 * 67,66,65,64 (the free list's order after the free), then 71..68,
	 * and page 68 completes 64-71 looking back and forward */
	CHECK(strcmp(t_pglist(m, PG(8), 0, NOHIGH, 0, 0, 1, true, &l), "64-71") == 0);
	CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_aggressive_fallbacks), 1);
	CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_aggressive_pages), 8);
	CHECK(uvmlab_pglist_fallback(m, l)); /* the core says who answered */
	/* pages from the fallback keep uvm_pagealloc's flags */
	CHECK_EQ(uvmlab_page_flags(m, 64), PG_BUSY | PG_CLEAN | PG_FAKE);
	CHECK_EQ(uvmlab_free_pages(m), 0);
	uvmlab_machine_destroy(m);
}

/* rev 1.89 computes the look-back start as pa - ptoa(num - 1) in
 * paddr_t: below num - 1 pages it wraps, the look-back is skipped, and
 * the same straddling run at pfn 0 is never completed. */
static void
test_lookback_wraps_near_zero(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FAITHFUL, 0, 0);
	uvmlab_list_t l;

	t_seg(m, 0, 8, 0);
	CHECK(strcmp(t_pglist(m, PG(4), 0, NOHIGH, 0, 0, 1, false, &l), "0-3") == 0);
	CHECK_EQ(uvm_pglistfree(m, l), 0);
	CHECK(strcmp(t_pglist(m, PG(8), 0, NOHIGH, 0, 0, 1, true, &l), "ENOMEM") == 0);
	CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_aggressive_pages), 8);
	CHECK_EQ(uvmlab_free_pages(m), 8);
	uvmlab_machine_destroy(m);
}

static void
test_bounded_and_returns_pages(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FIXED, 0, 0);
	uvmlab_list_t l;

	t_seg(m, 0, 16, 0);
	CHECK(strcmp(t_pglist(m, PG(16), 0, NOHIGH, 0, 0, 1, false, &l), "0-15") == 0);
	for (uvmlab_pfn_t p = 0; p < 16; p += 2)
		CHECK_EQ(uvmlab_free_range(m, p, p), 0);
	/* no two free pages are adjacent: the fallback takes all 8, finds
	 * nothing, stops (no sleeping) and frees them most recent first */
	CHECK(strcmp(t_pglist(m, PG(2), 0, NOHIGH, 0, 0, 1, true, NULL), "ENOMEM") == 0);
	CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_aggressive_pages), 8);
	CHECK_EQ(uvmlab_free_pages(m), 8);
	/* taken 14,12,...,0 and freed 0,2,...,14: 14 heads the list again */
	uvmlab_pfn_t pfn;
	CHECK_EQ(uvm_pagealloc(m, 0, &pfn), 0);
	CHECK_EQ(pfn, 14);
	uvmlab_machine_destroy(m);
}

static void
test_alignment_and_window(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FAITHFUL, 0, 0);
	uvmlab_list_t l;

	t_seg(m, 0, 32, 0);
	CHECK(strcmp(t_pglist(m, PG(32), 0, NOHIGH, 0, 0, 1, false, &l), "0-31") == 0);
	CHECK_EQ(uvmlab_free_range(m, 6, 13), 0);
	/* hint is at the end; the search's wrapped pass finds 8-11 */
	CHECK(strcmp(t_pglist(m, PG(4), 0, NOHIGH, PG(4), 0, 1, true, NULL), "8-11") == 0);
	CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_aggressive_fallbacks), 0);
	/* 6-7 and 12-13 are left: no aligned pair inside [PG(7), ...) */
	CHECK(strcmp(t_pglist(m, PG(2), PG(7), NOHIGH, PG(4), 0, 1, true, NULL), "12-13") == 0);
	CHECK(strcmp(t_pglist(m, PG(2), 0, PG(7), PG(2), 0, 1, true, NULL), "ENOMEM") == 0);
	CHECK(strcmp(t_pglist(m, PG(2), 0, PG(8), PG(2), 0, 1, true, NULL), "6-7") == 0);
	CHECK(strcmp(t_pglist(m, PG(1), 0, NOHIGH, 0, 0, 1, true, NULL), "ENOMEM") == 0);
	uvmlab_machine_destroy(m);
}

int
main(void)
{
	test_rescues_straddle();
	test_lookback_wraps_near_zero();
	test_bounded_and_returns_pages();
	test_alignment_and_window();
	return t_done();
}
