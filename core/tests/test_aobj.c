/* aobj.c: ao_get's busy, allocate and undo; ao_put; uvm_page_unbusy. */
#include "object_impl.h"
#include "testlib.h"

/* Arguments outside the contract change nothing. */
static void
test_get_einval(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 16);
	uvmlab_obj_t o;
	uvmlab_pfn_t pgs[UVMLAB_GET_PAGES_MAX + 1];

	CHECK_EQ(uao_create(m, 4 * PAGE_SIZE, 0, &o), 0);
	CHECK_REJECTS(m, EINVAL, ao_get(m, o + 1, 0, 1, pgs));
	CHECK_REJECTS(m, EINVAL, ao_get(m, o, 0, 0, pgs));
	CHECK_REJECTS(m, EINVAL, ao_get(m, o, 0, -1, pgs));
	CHECK_REJECTS(m, EINVAL, ao_get(m, o, 0, 5, pgs));		  /* past the end */
	CHECK_REJECTS(m, EINVAL, ao_get(m, o, 4 * PAGE_SIZE, 1, pgs)); /* at the end */
	CHECK_REJECTS(m, EINVAL, ao_get(m, o, UINT64_MAX, 1, pgs));
	CHECK_REJECTS(m, EINVAL, ao_get(m, o, 0, 1, NULL));
	CHECK_EQ(ao_get(m, o, 3 * PAGE_SIZE + 17, 1, pgs), 0); /* off is truncated */
	uvmlab_pfn_t at;
	CHECK_EQ(uvm_pagelookup(m, o, 3 * PAGE_SIZE, &at), 0);
	CHECK_EQ(at, pgs[0]);
	uvmlab_machine_destroy(m);
}

/* A busy page: EBUSY, and the pages busied or allocated before it are
 * undone, so the digest is the one before the call, no PG_WANTED. */
static void
test_get_busy_undone(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 16);
	uvmlab_obj_t o;
	uvmlab_pfn_t a, b[4], pgs[4];

	CHECK_EQ(uao_create(m, 8 * PAGE_SIZE, 0, &o), 0);
	CHECK_EQ(ao_get(m, o, 0, 1, &a), 0);		  /* page 0 */
	CHECK_EQ(uvm_page_unbusy(m, &a, 1), 0);		  /* resident, not busy */
	CHECK_EQ(ao_get(m, o, 3 * PAGE_SIZE, 1, b), 0); /* page 3 stays busy */
	CHECK_REJECTS(m, EBUSY, ao_get(m, o, 0, 4, pgs));
	CHECK_EQ(uvmlab_page_flags(m, a), PG_FAKE | PG_CLEAN);
	CHECK_EQ(uvmlab_page_flags(m, b[0]) & PG_WANTED, 0);
	/* the same call once page 3 is free to take busies and allocates */
	CHECK_EQ(uvm_page_unbusy(m, b, 1), 0);
	CHECK_EQ(ao_get(m, o, 0, 4, pgs), 0);
	CHECK_EQ(pgs[0], a);
	CHECK_EQ(pgs[3], b[0]);
	for (int i = 0; i < 4; i++)
		CHECK(uvmlab_page_flags(m, pgs[i]) & PG_BUSY);
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* Running out part-way: ENOMEM, undone (free lists and colour as before). */
static void
test_get_enomem_undone(void)
{
	struct uvmlab_params p;
	struct uvm_machine *m;
	uvmlab_obj_t o;
	uvmlab_pfn_t pgs[8];

	uvmlab_params_default(&p);
	p.ncolors = 4;
	p.reserve_kernel = 2;
	p.reserve_pagedaemon = 0;
	CHECK_EQ(uvmlab_machine_create(&p, &m), 0);
	t_seg(m, 0, 8, 0);
	CHECK_EQ(uao_create(m, 8 * PAGE_SIZE, 0, &o), 0);
	CHECK_REJECTS(m, ENOMEM, ao_get(m, o, 0, 7, pgs)); /* 6 may be given */
	CHECK_EQ(uvmlab_free_pages(m), 8);
	CHECK_EQ(ao_get(m, o, PAGE_SIZE, 6, pgs), 0); /* pages 1 to 6 */
	/* page 0 missing with nothing left to give, page 6 busy: EBUSY, asked
	 * before any page is got (rump would sleep at page 6) */
	CHECK_EQ(uvm_page_unbusy(m, pgs, 5), 0);
	CHECK_REJECTS(m, EBUSY, ao_get(m, o, 0, 7, pgs));
	CHECK_REJECTS(m, ENOMEM, ao_get(m, o, 0, 6, pgs));
	/* host memory failing at each allocation of a fresh get is undone too */
	struct uvm_machine *n = t_machine_pages(UVMLAB_STRAT_FIXED, 64);
	uvmlab_obj_t q;
	uvmlab_pfn_t many[40];
	CHECK_EQ(uao_create(n, 64 * PAGE_SIZE, 0, &q), 0);
	for (uint64_t k = 0; k < 4; k++) {
		uvmlab_fail_allocation(k);
		uint64_t before = uvmlab_machine_digest(n);
		int e = ao_get(n, q, 0, 40, many);
		uvmlab_fail_allocation(UVMLAB_FAIL_NEVER);
		CHECK(e == 0 || e == ENOMEM);
		if (e == ENOMEM)
			CHECK_EQ(uvmlab_machine_digest(n), before);
		VALID(n);
	}
	uvmlab_machine_destroy(n);
	uvmlab_machine_destroy(m);
}

/* ao_put: only FREE|ALLPAGES acts; busy pages are released, and freed
 * by the unbusy; the others go back in memq order. */
static void
test_put_and_release(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 16);
	uvmlab_obj_t o;
	uvmlab_pfn_t pgs[3];

	CHECK_EQ(uao_create(m, 4 * PAGE_SIZE, 0, &o), 0);
	CHECK_EQ(ao_get(m, o, 0, 3, pgs), 0);
	CHECK_EQ(uvm_page_unbusy(m, &pgs[0], 1), 0);
	CHECK_EQ(uvm_page_unbusy(m, &pgs[2], 1), 0);
	CHECK_REJECTS(m, 0, ao_put(m, o, 0, 0, PGO_FREE));
	CHECK_REJECTS(m, 0, ao_put(m, o, 0, 0, PGO_ALLPAGES | PGO_CLEANIT));
	CHECK_REJECTS(m, EINVAL, ao_put(m, o, 0, 0, 0x100));
	CHECK_REJECTS(m, EINVAL, ao_put(m, o + 3, 0, 0, PGO_FREE | PGO_ALLPAGES));
	CHECK_EQ(ao_put(m, o, 0, 0, PGO_FREE | PGO_ALLPAGES), 0);
	CHECK_EQ(uvmlab_free_pages(m), 15);
	CHECK_EQ(uvmlab_page_flags(m, pgs[1]), PG_BUSY | PG_CLEAN | PG_FAKE | PG_RELEASED);
	VALID(m);
	uvmlab_pfn_t next;
	CHECK_EQ(uvm_pagealloc(m, 0, &next), 0);
	CHECK_EQ(next, pgs[2]); /* freed after pgs[0]: memq order */
	CHECK_EQ(uvm_pagefree(m, next), 0);
	CHECK_EQ(uvm_page_unbusy(m, &pgs[1], 1), 0);
	CHECK_EQ(uvmlab_page_state(m, pgs[1], NULL), UVMLAB_PAGE_FREE);
	CHECK_EQ(uvmlab_free_pages(m), 16);
	uvmlab_pfn_t none[3];
	CHECK_EQ(uvmlab_obj_pages(m, o, none, 3), 0);
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* uvm_page_unbusy: PG_WANTED goes with PG_BUSY; bad entries are EINVAL
 * and change nothing, even when listed after good ones. */
static void
test_unbusy(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 16);
	uvmlab_obj_t o;
	uvmlab_pfn_t pgs[2];

	CHECK_EQ(uao_create(m, 4 * PAGE_SIZE, 0, &o), 0);
	CHECK_EQ(ao_get(m, o, 0, 2, pgs), 0);
	uvmlab_phys_to_page(m, pgs[0])->flags |= PG_WANTED; /* as a sleeper would */
	uvmlab_pfn_t dup[2] = {pgs[1], pgs[1]}, bad[2] = {pgs[1], 3};
	CHECK_REJECTS(m, EINVAL, uvm_page_unbusy(m, dup, 2));
	CHECK_REJECTS(m, EINVAL, uvm_page_unbusy(m, bad, 2));
	CHECK_REJECTS(m, EINVAL, uvm_page_unbusy(m, pgs, -1));
	CHECK_REJECTS(m, EINVAL, uvm_page_unbusy(m, NULL, 1));
	uvmlab_pfn_t with_gap[3] = {pgs[0], UVMLAB_NO_PAGE, pgs[1]};
	CHECK_EQ(uvm_page_unbusy(m, with_gap, 3), 0);
	CHECK_EQ(uvmlab_page_flags(m, pgs[0]), PG_CLEAN | PG_FAKE);
	CHECK_REJECTS(m, EINVAL, uvm_page_unbusy(m, pgs, 1)); /* not busy: rump asserts */
	CHECK_EQ(uvm_page_unbusy(m, NULL, 0), 0);
	/* a page in a live window cannot be unbusied until mapped out */
	vaddr_t va;
	CHECK_EQ(ao_get(m, o, 0, 1, pgs), 0);
	CHECK_EQ(uvm_pagermapin(m, pgs, 1, 0, &va), 0);
	CHECK_REJECTS(m, EBUSY, uvm_page_unbusy(m, pgs, 1));
	CHECK_REJECTS(m, EBUSY, uao_detach(m, o));
	CHECK_EQ(uvm_pagermapout(m, va, 1), 0);
	CHECK_EQ(uvm_page_unbusy(m, pgs, 1), 0);
	CHECK_EQ(uao_detach(m, o), 0);
	VALID(m);
	uvmlab_machine_destroy(m);
}

int
main(void)
{
	test_get_einval();
	test_get_busy_undone();
	test_get_enomem_undone();
	test_put_and_release();
	test_unbusy();
	printf("test_aobj: %d passed, %d failed\n", t_passed, t_failed);
	return t_failed == 0 ? 0 : 1;
}
