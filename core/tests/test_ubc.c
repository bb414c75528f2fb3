/* ubc.c: UBC windows and rev 1.29's uiomove, flaws kept under faithful. */
#include "object_impl.h"
#include "testlib.h"
#include "uvmlab/ubc.h"

/* Windows: lowest fit, found by any address inside; bad releases and
 * allocations change nothing. */
static void
test_windows(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 32);
	uvmlab_obj_t o;
	uint64_t len = PAGE_SIZE + 1, one = 1, zero = 0;
	vaddr_t a, b, c;

	CHECK_EQ(uao_create(m, 8 * PAGE_SIZE, 0, &o), 0);
	CHECK_EQ(ubc_alloc(m, o, 100, &len, 0, UBC_READ, &a), 0);
	CHECK_EQ(a, UVMLAB_UBC_VA_START);
	CHECK_EQ(len, PAGE_SIZE + 1);
	CHECK_EQ(ubc_alloc(m, o, 0, &one, 0, UBC_WRITE, &b), 0);
	CHECK_EQ(b, a + 2 * PAGE_SIZE);
	CHECK_REJECTS(m, EINVAL, ubc_alloc(m, o, 0, &zero, 0, 0, &c));
	CHECK_REJECTS(m, EINVAL, ubc_alloc(m, o + 1, 0, &one, 0, 0, &c));
	CHECK_REJECTS(m, EINVAL, ubc_alloc(m, o, 0, &one, 0, 4, &c));
	uint64_t huge = ptoa(UVMLAB_UBC_VA_PAGES);
	CHECK_REJECTS(m, ENOMEM, ubc_alloc(m, o, 0, &huge, 0, 0, &c));
	CHECK_EQ(uvmlab_ubc_windows_live(m), 2);
	CHECK_REJECTS(m, EINVAL, ubc_release(m, a + PAGE_SIZE + 1, 0)); /* past its bytes */
	CHECK_EQ(ubc_release(m, a + PAGE_SIZE, 0), 0); /* its last byte */
	CHECK_REJECTS(m, EINVAL, ubc_release(m, a, 0));
	CHECK_REJECTS(m, EINVAL, ubc_release(m, b + PAGE_SIZE, 0));
	CHECK_EQ(ubc_alloc(m, o, 0, &one, 0, 0, &c), 0);
	CHECK_EQ(c, a);
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* A write across three pages and a read back: bytes exact, written
 * pages dirty and unbusied, pages around untouched. */
static void
test_uiomove_three_pages(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 32);
	uvmlab_obj_t o;
	uint8_t out[PAGE_SIZE + 200], in[sizeof(out)];

	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i * 7 + 1);
	CHECK_EQ(uao_create(m, 8 * PAGE_SIZE, 0, &o), 0);
	CHECK_EQ(ubc_uiomove(m, o, PAGE_SIZE - 100, out, sizeof(out), UIO_WRITE), 0);
	for (int pg = 0; pg < 4; pg++) { /* 100 bytes of page 0, page 1, 100 of page 2 */
		uvmlab_pfn_t pfn;
		CHECK_EQ(uvm_pagelookup(m, o, ptoa(pg), &pfn), 0);
		CHECK_EQ(pfn == UVMLAB_NO_PAGE, pg == 3);
		if (pfn != UVMLAB_NO_PAGE)
			CHECK_EQ(uvmlab_page_flags(m, pfn), PG_FAKE);
	}
	memset(in, 0, sizeof(in));
	CHECK_EQ(ubc_uiomove(m, o, PAGE_SIZE - 100, in, sizeof(in), UIO_READ), 0);
	CHECK(memcmp(in, out, sizeof(in)) == 0);
	uvmlab_pfn_t p0, p2;
	CHECK_EQ(uvm_pagelookup(m, o, 0, &p0), 0);
	CHECK_EQ(uvmlab_page_bytes(m, p0)[PAGE_SIZE - 101], 0); /* before the copy */
	CHECK_EQ(uvmlab_page_bytes(m, p0)[PAGE_SIZE - 100], out[0]);
	CHECK_EQ(uvm_pagelookup(m, o, 2 * PAGE_SIZE, &p2), 0);
	CHECK_EQ(uvmlab_page_bytes(m, p2)[99], out[sizeof(out) - 1]);
	CHECK_EQ(uvmlab_page_bytes(m, p2)[100], 0); /* after it */
	CHECK_REJECTS(m, EINVAL, ubc_uiomove(m, o, 0, NULL, 1, UIO_READ));
	CHECK_REJECTS(m, EINVAL, ubc_uiomove(m, o, 0, in, 1, 2));
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* 1.29's len2npages: from an unaligned offset, a page-multiple length
 * spans one page more than it counts; faithful moves a page short. */
static void
test_len2npages_flaw(void)
{
	for (int flawed = 0; flawed < 2; flawed++) {
		struct uvm_machine *m = t_machine_pages(flawed ? UVMLAB_STRAT_FAITHFUL : UVMLAB_STRAT_FIXED, 32);
		uvmlab_obj_t o;
		uint8_t out[PAGE_SIZE], in[PAGE_SIZE];
		memset(out, 0xa5, sizeof(out));
		CHECK_EQ(uao_create(m, 4 * PAGE_SIZE, 0, &o), 0);
		CHECK_EQ(ubc_uiomove(m, o, 100, out, PAGE_SIZE, UIO_WRITE), 0);
		CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_ubc_short_copy), flawed);
		uvmlab_pfn_t p1;
		CHECK_EQ(uvm_pagelookup(m, o, PAGE_SIZE, &p1), 0);
		CHECK_EQ(p1 == UVMLAB_NO_PAGE, flawed); /* the second page never got */
		memset(in, 0, sizeof(in));
		CHECK_EQ(ubc_uiomove(m, o, 100, in, PAGE_SIZE, UIO_READ), 0);
		CHECK_EQ(in[PAGE_SIZE - 101], 0xa5);
		CHECK_EQ(in[PAGE_SIZE - 100], flawed ? 0 : 0xa5); /* the last 100 bytes */
		VALID(m);
		uvmlab_machine_destroy(m);
	}
}

/* A busy page: EBUSY in every strategy (1.29 would drop a pager error,
 * but its get sleeps rather than fail), nothing moved; past 64 pages,
 * the model's EINVAL. */
static void
test_pager_errors(void)
{
	for (int flawed = 0; flawed < 2; flawed++) {
		struct uvm_machine *m = t_machine_pages(flawed ? UVMLAB_STRAT_FAITHFUL : UVMLAB_STRAT_FIXED, 32);
		uvmlab_obj_t o;
		uvmlab_pfn_t held;
		uint8_t buf[16] = {1};
		CHECK_EQ(uao_create(m, 4 * PAGE_SIZE, 0, &o), 0);
		CHECK_EQ(ao_get(m, o, 0, 1, &held), 0);
		CHECK_REJECTS(m, EBUSY, ubc_uiomove(m, o, 8, buf, sizeof(buf), UIO_WRITE));
		CHECK_EQ(uvmlab_page_bytes(m, held)[8], 0);
		/* past 64 pages: the pager's EINVAL, the same way */
		static uint8_t big[65 * PAGE_SIZE];
		uvmlab_obj_t wide;
		CHECK_EQ(uao_create(m, 128 * PAGE_SIZE, 0, &wide), 0);
		CHECK_REJECTS(m, EINVAL, ubc_uiomove(m, wide, 0, big, sizeof(big), UIO_READ));
		uvmlab_machine_destroy(m);
	}
}

int
main(void)
{
	test_windows();
	test_uiomove_three_pages();
	test_len2npages_flaw();
	test_pager_errors();
	printf("test_ubc: %d passed, %d failed\n", t_passed, t_failed);
	return t_failed == 0 ? 0 : 1;
}
