/* zerorange.c: rev 1.29's batches, the flag mask under faithful and the
 * mended mask elsewhere, and the EINVAL, EBUSY and ENOMEM cases. */
#include "object_impl.h"
#include "testlib.h"

/* Fill pages [0, n) of o with 0xab, clean and unbusied. */
static void
fill(struct uvm_machine *m, uvmlab_obj_t o, int n, uvmlab_pfn_t *pgs)
{
	uint8_t page[PAGE_SIZE];

	memset(page, 0xab, sizeof(page));
	CHECK_EQ(ao_get(m, o, 0, n, pgs), 0);
	for (int i = 0; i < n; i++)
		CHECK_EQ(uvmlab_page_write(m, pgs[i], 0, page, PAGE_SIZE), 0);
	CHECK_EQ(uvm_page_unbusy(m, pgs, n), 0);
}

/* An unaligned range over resident and missing pages: exactly its bytes
 * become zero; fixed leaves the pages not busy and dirty. */
static void
test_zero_bytes(enum uvmlab_strategy s)
{
	struct uvm_machine *m = t_machine_pages(s, 64);
	uvmlab_obj_t o;
	uvmlab_pfn_t pgs[2], p2;
	uint8_t b;

	CHECK_EQ(uao_create(m, 4 * PAGE_SIZE, 0, &o), 0);
	fill(m, o, 2, pgs);
	CHECK_EQ(uvm_vnp_zerorange(m, o, PAGE_SIZE - 2, PAGE_SIZE + 4), 0);
	CHECK_EQ(uvmlab_page_read(m, pgs[0], PAGE_SIZE - 3, &b, 1), 0);
	CHECK_EQ(b, 0xab);
	CHECK_EQ(uvmlab_page_read(m, pgs[0], PAGE_SIZE - 2, &b, 1), 0);
	CHECK_EQ(b, 0);
	CHECK_EQ(uvmlab_page_read(m, pgs[1], PAGE_SIZE - 1, &b, 1), 0);
	CHECK_EQ(b, 0);
	CHECK_EQ(uvm_pagelookup(m, o, 2 * PAGE_SIZE, &p2), 0);
	CHECK_EQ(uvmlab_page_read(m, p2, 1, &b, 1), 0); /* allocated, zero */
	CHECK_EQ(b, 0);
	CHECK_EQ(uvmlab_page_read(m, p2, 2, &b, 1), 0);
	CHECK_EQ(b, 0);
	if (s == UVMLAB_STRAT_FAITHFUL) {
		/* `&= PG_CLEAN`: the dirty pages lose every flag, the new one
		 * keeps only PG_CLEAN; none was busy when unbusied */
		CHECK_EQ(uvmlab_page_flags(m, pgs[0]), 0);
		CHECK_EQ(uvmlab_page_flags(m, p2), PG_CLEAN);
		CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_unbusy_not_busy), 3);
	} else {
		CHECK_EQ(uvmlab_page_flags(m, pgs[0]), PG_FAKE);
		CHECK_EQ(uvmlab_page_flags(m, p2), PG_FAKE);
		CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_unbusy_not_busy), 0);
	}
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* More than 32 pages: several pager gets, every page zeroed. */
static void
test_batches(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 128);
	uvmlab_obj_t o;
	uvmlab_pfn_t pgs[40];

	CHECK_EQ(uao_create(m, 40 * PAGE_SIZE, 0, &o), 0);
	CHECK_EQ(uvm_vnp_zerorange(m, o, 0, 40 * PAGE_SIZE), 0);
	CHECK_EQ(uvmlab_obj_pages(m, o, pgs, 40), 40);
	for (int i = 0; i < 40; i++)
		CHECK_EQ(uvmlab_page_flags(m, pgs[i]), PG_FAKE);
	VALID(m);
	uvmlab_machine_destroy(m);
}

static void
test_rejections(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 64);
	uvmlab_obj_t o;
	uvmlab_pfn_t pg;

	CHECK_EQ(uao_create(m, 4 * PAGE_SIZE, 0, &o), 0);
	CHECK_REJECTS(m, EINVAL, uvm_vnp_zerorange(m, o, 0, 0));
	CHECK_REJECTS(m, EINVAL, uvm_vnp_zerorange(m, o + 1, 0, 1));
	CHECK_REJECTS(m, EINVAL, uvm_vnp_zerorange(m, o, 4 * PAGE_SIZE - 1, 2));
	CHECK_REJECTS(m, EINVAL, uvm_vnp_zerorange(m, o, UINT64_MAX, 1));
	CHECK_EQ(ao_get(m, o, 3 * PAGE_SIZE, 1, &pg), 0);
	CHECK_REJECTS(m, EBUSY, uvm_vnp_zerorange(m, o, 0, 4 * PAGE_SIZE));
	CHECK_EQ(uvm_vnp_zerorange(m, o, 0, 3 * PAGE_SIZE), 0);
	uvmlab_machine_destroy(m);
}

/* ENOMEM in a later batch: the batches before stay done, the failing
 * one is undone. */
static void
test_enomem(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 40);
	uvmlab_obj_t o;

	CHECK_EQ(uao_create(m, 64 * PAGE_SIZE, 0, &o), 0);
	CHECK_EQ(uvm_vnp_zerorange(m, o, 0, 64 * PAGE_SIZE), ENOMEM);
	uvmlab_pfn_t pgs[64];
	CHECK_EQ(uvmlab_obj_pages(m, o, pgs, 64), 32);
	CHECK_EQ(uvmlab_free_pages(m), 8);
	VALID(m);
	uvmlab_machine_destroy(m);
}

int
main(void)
{
	test_zero_bytes(UVMLAB_STRAT_FAITHFUL);
	test_zero_bytes(UVMLAB_STRAT_FIXED);
	test_batches();
	test_rejections();
	test_enomem();
	printf("test_zerorange: %d passed, %d failed\n", t_passed, t_failed);
	return t_failed == 0 ? 0 : 1;
}
