/* km_*.c: the kernel map, the allocators, the km pager, pgremove. */
#include "km_impl.h"
#include "testlib.h"

/* Lowest fit from the map's start; a free in the middle leaves a hole
 * that the next allocation of its size takes. */
static void
test_lowest_fit(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 64);
	vaddr_t a, b, c, d;

	CHECK_EQ(uvm_km_valloc(m, UVMLAB_KERNEL_MAP, 2 * PAGE_SIZE, &a), 0);
	CHECK_EQ(a, UVMLAB_KVA_START);
	CHECK_EQ(uvm_km_valloc(m, UVMLAB_KERNEL_MAP, PAGE_SIZE + 1, &b), 0); /* rounded up */
	CHECK_EQ(b, a + 2 * PAGE_SIZE);
	CHECK_EQ(uvm_km_valloc(m, UVMLAB_KERNEL_MAP, PAGE_SIZE, &c), 0);
	CHECK_EQ(c, b + 2 * PAGE_SIZE);
	CHECK_EQ(uvm_km_free(m, UVMLAB_KERNEL_MAP, b, 2 * PAGE_SIZE), 0);
	CHECK_EQ(uvm_km_valloc(m, UVMLAB_KERNEL_MAP, 3 * PAGE_SIZE, &d), 0); /* too big for it */
	CHECK_EQ(d, c + PAGE_SIZE);
	CHECK_EQ(uvm_km_valloc(m, UVMLAB_KERNEL_MAP, 2 * PAGE_SIZE, &d), 0);
	CHECK_EQ(d, b);
	/* the whole map: no room */
	CHECK_REJECTS(m, ENOMEM,
		      uvm_km_valloc(m, UVMLAB_KERNEL_MAP, ptoa(m->params.kva_pages), &d));
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* Bad arguments change nothing. */
static void
test_einval(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 64);
	uvmlab_obj_t anon, kobj;
	vaddr_t va;

	CHECK_EQ(uvmlab_km_kernel_object(m, &kobj), 0);
	CHECK_EQ(uao_create(m, PAGE_SIZE, 0, &anon), 0);
	CHECK_REJECTS(m, EINVAL, uvm_km_valloc(m, 1, PAGE_SIZE, &va)); /* no such map */
	CHECK_REJECTS(m, EINVAL, uvm_km_valloc(m, UVMLAB_KERNEL_MAP, 0, &va));
	CHECK_REJECTS(m, EINVAL, uvm_km_valloc(m, UVMLAB_KERNEL_MAP, UINT64_MAX, &va));
	CHECK_REJECTS(m, EINVAL, uvm_km_valloc(m, UVMLAB_KERNEL_MAP, PAGE_SIZE, NULL));
	CHECK_REJECTS(m, EINVAL, uvm_km_kmemalloc(m, UVMLAB_KERNEL_MAP, anon, PAGE_SIZE, 0, &va));
	CHECK_REJECTS(m, EINVAL,
		      uvm_km_kmemalloc(m, UVMLAB_KERNEL_MAP, kobj, PAGE_SIZE, UVM_KMF_ALL + 1, &va));
	CHECK_REJECTS(m, EINVAL, uvm_km_alloc1(m, UVMLAB_KERNEL_MAP, 0, true, &va));
	/* frees of what was never allocated, or twice */
	CHECK_REJECTS(m, EINVAL, uvm_km_free(m, UVMLAB_KERNEL_MAP, UVMLAB_KVA_START, PAGE_SIZE));
	CHECK_EQ(uvm_km_alloc1(m, UVMLAB_KERNEL_MAP, 2 * PAGE_SIZE, true, &va), 0);
	CHECK_REJECTS(m, EINVAL, uvm_km_free(m, UVMLAB_KERNEL_MAP, va, 3 * PAGE_SIZE));
	CHECK_REJECTS(m, EINVAL, uvm_km_free(m, UVMLAB_KERNEL_MAP, va, 0));
	CHECK_EQ(uvm_km_free(m, UVMLAB_KERNEL_MAP, va, 2 * PAGE_SIZE), 0);
	CHECK_REJECTS(m, EINVAL, uvm_km_free(m, UVMLAB_KERNEL_MAP, va, 2 * PAGE_SIZE));
	/* the kernel's objects are not the anonymous pager's */
	uvmlab_pfn_t pgs[1];
	CHECK_REJECTS(m, EINVAL, uao_detach(m, kobj));
	CHECK_REJECTS(m, EINVAL, ao_get(m, kobj, 0, 1, pgs));
	CHECK_REJECTS(m, EINVAL, ao_put(m, kobj, 0, 0, PGO_FREE | PGO_ALLPAGES));
	CHECK_REJECTS(m, EINVAL, uvm_vnp_zerorange(m, kobj, 0, 1));
	int got;
	bool done;
	uvmlab_pfn_t pps[2] = {UVMLAB_NO_PAGE, UVMLAB_NO_PAGE};
	CHECK_REJECTS(m, EINVAL, uvm_km_get(m, anon, 0, pps, 1, 0, 0, &got, &done));
	CHECK_REJECTS(m, EINVAL, uvm_km_get(m, kobj, 0, pps, 2, 2, 0, &got, &done));
	CHECK_REJECTS(m, EINVAL, uvm_km_get(m, kobj, 1, pps, 1, 0, 0, &got, &done));
	CHECK_REJECTS(m, EINVAL,
		      uvm_km_get(m, kobj, ptoa(m->params.kva_pages - 1), pps, 2, 0, 0, &got, &done));
	CHECK_REJECTS(m, EINVAL, uvm_km_pgremove(m, anon, 0, PAGE_SIZE));
	vaddr_t mapped;
	CHECK_EQ(uvm_km_alloc1(m, UVMLAB_KERNEL_MAP, PAGE_SIZE, false, &mapped), 0);
	CHECK_REJECTS(m, EINVAL, uvm_km_pgremove(m, kobj, mapped - UVMLAB_KVA_START,
						 mapped - UVMLAB_KVA_START + PAGE_SIZE));
	CHECK_EQ(uvm_km_free(m, UVMLAB_KERNEL_MAP, mapped, PAGE_SIZE), 0);
	CHECK_REJECTS(m, EINVAL, uvm_km_pgremove(m, kobj, 0, 1));
	CHECK_REJECTS(m, EINVAL, uvmlab_km_touch(m, UVMLAB_KVA_START, pgs));
	uvmlab_machine_destroy(m);
}

/* kmemalloc: pages not zeroed, not busy, mapped in order; VALLOC maps
 * none; free removes them. */
static void
test_kmemalloc(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 64);
	uvmlab_obj_t kmem;
	vaddr_t va, vv;

	CHECK_EQ(uvmlab_km_object_create(m, &kmem), 0);
	CHECK_EQ(uvm_km_kmemalloc(m, UVMLAB_KERNEL_MAP, kmem, 3 * PAGE_SIZE, UVM_KMF_NOWAIT, &va), 0);
	for (int i = 0; i < 3; i++) {
		uvmlab_pfn_t pfn = uvmlab_km_extract(m, va + ptoa(i)), at;
		CHECK(pfn != UVMLAB_NO_PAGE);
		CHECK_EQ(uvmlab_page_flags(m, pfn), PG_CLEAN | PG_FAKE);
		CHECK_EQ(uvmlab_page_bytes(m, pfn)[0], UVMLAB_JUNK);
		CHECK_EQ(uvm_pagelookup(m, kmem, va - UVMLAB_KVA_START + ptoa(i), &at), 0);
		CHECK_EQ(at, pfn);
	}
	CHECK_EQ(uvm_km_kmemalloc(m, UVMLAB_KERNEL_MAP, kmem, PAGE_SIZE, UVM_KMF_VALLOC, &vv), 0);
	CHECK_EQ(vv, va + 3 * PAGE_SIZE);
	CHECK_EQ(uvmlab_km_extract(m, vv), UVMLAB_NO_PAGE);
	CHECK_EQ(uvmlab_free_pages(m), 61);
	CHECK_EQ(uvm_km_free(m, UVMLAB_KERNEL_MAP, va + 1, 3 * PAGE_SIZE - 1), 0);
	CHECK_EQ(uvmlab_free_pages(m), 64);
	CHECK_EQ(uvmlab_km_extract(m, va), UVMLAB_NO_PAGE);
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* Out of pages with NOWAIT: the mended rollback unmaps the whole range;
 * rev 1.13's only [kva, kva + the size left), leaking the rest. */
static void
test_kmemalloc_nowait_rollback(void)
{
	for (int flawed = 0; flawed < 2; flawed++) {
		struct uvm_machine *m =
			t_machine_pages(flawed ? UVMLAB_STRAT_FAITHFUL : UVMLAB_STRAT_FIXED, 3);
		uvmlab_obj_t kmem;
		vaddr_t va;
		CHECK_EQ(uvmlab_km_object_create(m, &kmem), 0);
		/* 3 pages free, 4 asked: the fourth fails, 1 page left to fill */
		CHECK_EQ(uvm_km_kmemalloc(m, UVMLAB_KERNEL_MAP, kmem, 4 * PAGE_SIZE, UVM_KMF_NOWAIT,
					  &va),
			 ENOMEM);
		CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_km_short_unmap), flawed);
		/* mended: all 3 pages back, the range free; flawed: the first
		 * page freed, pages 1 and 2 still mapped, [1, 4) still allocated */
		CHECK_EQ(uvmlab_free_pages(m), flawed ? 1 : 3);
		CHECK_EQ(uvmlab_km_extract(m, UVMLAB_KVA_START + PAGE_SIZE) != UVMLAB_NO_PAGE, flawed);
		CHECK_EQ(uvm_km_valloc(m, UVMLAB_KERNEL_MAP, PAGE_SIZE, &va), 0);
		CHECK_EQ(va, UVMLAB_KVA_START);
		CHECK_EQ(uvm_km_valloc(m, UVMLAB_KERNEL_MAP, PAGE_SIZE, &va), 0);
		CHECK_EQ(va, UVMLAB_KVA_START + (flawed ? 4 * PAGE_SIZE : PAGE_SIZE));
		VALID(m);
		uvmlab_machine_destroy(m);
	}
}

/* alloc1: zeroed on request, junk otherwise; out of pages, undone exactly. */
static void
test_alloc1(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 4);
	vaddr_t a, b;

	CHECK_EQ(uvm_km_alloc1(m, UVMLAB_KERNEL_MAP, PAGE_SIZE, true, &a), 0);
	CHECK_EQ(uvmlab_page_bytes(m, uvmlab_km_extract(m, a))[17], 0);
	CHECK_EQ(uvm_km_alloc1(m, UVMLAB_KERNEL_MAP, PAGE_SIZE, false, &b), 0);
	CHECK_EQ(uvmlab_page_bytes(m, uvmlab_km_extract(m, b))[17], UVMLAB_JUNK);
	CHECK_REJECTS(m, ENOMEM, uvm_km_alloc1(m, UVMLAB_KERNEL_MAP, 3 * PAGE_SIZE, true, &b));
	CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_km_wait), 1);
	/* kmemalloc that may wait is undone as exactly: the seed sleeps */
	uvmlab_obj_t kmem;
	CHECK_EQ(uvmlab_km_object_create(m, &kmem), 0);
	CHECK_REJECTS(m, ENOMEM, uvm_km_kmemalloc(m, UVMLAB_KERNEL_MAP, kmem, 3 * PAGE_SIZE, 0, &b));
	uvmlab_machine_destroy(m);
}

/* A free that meets a busy page marks it released; a new allocation
 * over its offset gets EBUSY, undone; the unbusy frees it. */
static void
test_released(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 16);
	uvmlab_obj_t kobj;
	vaddr_t va, vb;
	uvmlab_pfn_t pps[1] = {UVMLAB_NO_PAGE};
	int got;
	bool done;

	CHECK_EQ(uvmlab_km_kernel_object(m, &kobj), 0);
	CHECK_EQ(uvm_km_alloc1(m, UVMLAB_KERNEL_MAP, 2 * PAGE_SIZE, false, &va), 0);
	/* someone holds the second page busy, through the pager */
	CHECK_EQ(uvm_km_get(m, kobj, va - UVMLAB_KVA_START + PAGE_SIZE, pps, 1, 0, PGO_LOCKED, &got,
			    &done),
		 0);
	CHECK_EQ(got, 1);
	CHECK(done);
	CHECK_EQ(uvm_km_free(m, UVMLAB_KERNEL_MAP, va, 2 * PAGE_SIZE), 0);
	CHECK_EQ(uvmlab_page_flags(m, pps[0]) & (PG_BUSY | PG_RELEASED), PG_BUSY | PG_RELEASED);
	CHECK_EQ(uvmlab_free_pages(m), 15);
	CHECK_REJECTS(m, EBUSY, uvm_km_alloc1(m, UVMLAB_KERNEL_MAP, 2 * PAGE_SIZE, true, &vb));
	CHECK_EQ(uvm_page_unbusy(m, pps, 1), 0);
	CHECK_EQ(uvmlab_free_pages(m), 16);
	CHECK_EQ(uvm_km_alloc1(m, UVMLAB_KERNEL_MAP, 2 * PAGE_SIZE, true, &vb), 0);
	CHECK_EQ(vb, va);
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* pgremove's two walks, chosen by UKM_HASH_PENALTY, remove the same. */
static void
test_pgremove_paths(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 64);
	vaddr_t big, one;

	CHECK_EQ(uvm_km_alloc1(m, UVMLAB_KERNEL_MAP, 8 * PAGE_SIZE, false, &big), 0);
	CHECK_EQ(uvm_km_alloc1(m, UVMLAB_KERNEL_MAP, PAGE_SIZE, false, &one), 0);
	/* 9 pages in the object, a 1-page range: 9 > 1 * 4, by hash */
	CHECK_EQ(uvm_km_free(m, UVMLAB_KERNEL_MAP, one, PAGE_SIZE), 0);
	CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_km_pgremove_hash), 1);
	/* 8 pages, a 2-page range: 8 <= 2 * 4, by list */
	CHECK_EQ(uvm_km_free(m, UVMLAB_KERNEL_MAP, big, 2 * PAGE_SIZE), 0);
	CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_km_pgremove_list), 1);
	CHECK_EQ(uvmlab_free_pages(m), 64 - 6);
	CHECK_EQ(uvmlab_km_extract(m, big + 2 * PAGE_SIZE) != UVMLAB_NO_PAGE, 1);
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* valloc: pages arrive on touch, zeroed, not busy; a second touch maps
 * the same page. */
static void
test_valloc_touch(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 8);
	vaddr_t va;
	uvmlab_pfn_t p0, p1, again;

	CHECK_EQ(uvm_km_valloc(m, UVMLAB_KERNEL_MAP, 3 * PAGE_SIZE, &va), 0);
	CHECK_EQ(uvmlab_free_pages(m), 8);
	CHECK_EQ(uvmlab_km_touch(m, va + PAGE_SIZE + 5, &p1), 0);
	CHECK_EQ(uvmlab_km_extract(m, va + PAGE_SIZE), p1);
	CHECK_EQ(uvmlab_page_flags(m, p1), 0); /* uvm_pagezero cleared PG_CLEAN */
	CHECK_EQ(uvmlab_page_bytes(m, p1)[5], 0);
	CHECK_EQ(uvmlab_km_touch(m, va, &p0), 0);
	CHECK_EQ(uvmlab_km_touch(m, va + PAGE_SIZE, &again), 0);
	CHECK_EQ(again, p1);
	CHECK_EQ(uvmlab_free_pages(m), 6);
	CHECK_REJECTS(m, EINVAL, uvmlab_km_touch(m, va + 3 * PAGE_SIZE, &again));
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* The pager's two paths: locked passes over a busy page and says not
 * done; unlocked answers EBUSY, undoing what it got. */
static void
test_km_get_paths(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 16);
	uvmlab_obj_t kmem;
	uvmlab_pfn_t a[3] = {UVMLAB_NO_PAGE, UVMLAB_NO_PAGE, UVMLAB_NO_PAGE};
	uvmlab_pfn_t b[3] = {UVMLAB_NO_PAGE, UVMLAB_NO_PAGE, UVMLAB_NO_PAGE};
	int got;
	bool done;

	vaddr_t va;
	CHECK_EQ(uvmlab_km_object_create(m, &kmem), 0);
	CHECK_REJECTS(m, EINVAL, uvm_km_get(m, kmem, 0, a, 1, 0, PGO_LOCKED, &got, &done));
	CHECK_EQ(uvm_km_kmemalloc(m, UVMLAB_KERNEL_MAP, kmem, 5 * PAGE_SIZE, UVM_KMF_VALLOC, &va), 0);
	CHECK_EQ(va, UVMLAB_KVA_START); /* offsets 0 to 4 */
	b[1] = UVMLAB_PGO_DONTCARE;
	CHECK_EQ(uvm_km_get(m, kmem, PAGE_SIZE, a + 1, 1, 0, PGO_LOCKED, &got, &done), 0);
	CHECK_EQ(got, 1);
	CHECK_EQ(uvm_km_get(m, kmem, 0, b, 3, 1, PGO_LOCKED | PGO_ALLPAGES, &got, &done), 0);
	CHECK_EQ(got, 2); /* pages 0 and 2; 1 was don't-care */
	CHECK(done);
	uvmlab_pfn_t c[3] = {UVMLAB_NO_PAGE, UVMLAB_NO_PAGE, UVMLAB_NO_PAGE};
	CHECK_EQ(uvm_km_get(m, kmem, 0, c, 3, 1, PGO_LOCKED, &got, &done), 0);
	CHECK_EQ(got, 0); /* all three busy */
	CHECK(!done);
	CHECK_EQ(uvm_page_unbusy(m, b, 1), 0);
	uvmlab_pfn_t d[3] = {UVMLAB_NO_PAGE, UVMLAB_NO_PAGE, UVMLAB_NO_PAGE};
	CHECK_REJECTS(m, EBUSY, uvm_km_get(m, kmem, 0, d, 3, 0, PGO_ALLPAGES, &got, &done));
	CHECK_EQ(uvmlab_page_flags(m, b[0]) & PG_BUSY, 0);
	uvmlab_pfn_t e[2] = {UVMLAB_NO_PAGE, UVMLAB_NO_PAGE};
	CHECK_EQ(uvm_km_get(m, kmem, 3 * PAGE_SIZE, e, 2, 1, 0, &got, &done), 0);
	CHECK_EQ(got, 1); /* only the center, without ALLPAGES */
	CHECK_EQ(e[0], UVMLAB_NO_PAGE);
	CHECK_EQ(uvmlab_page_flags(m, e[1]), PG_BUSY);
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* Submaps: their own lowest fit, inside the parent's range; offsets stay
 * the kernel map's. */
static void
test_suballoc(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 16);
	vaddr_t min = 0, max = 0, va, pre;
	uvmlab_map_t sub;
	uvmlab_obj_t kmem;

	CHECK_EQ(uvm_km_valloc(m, UVMLAB_KERNEL_MAP, PAGE_SIZE, &pre), 0);
	CHECK_EQ(uvm_km_suballoc(m, UVMLAB_KERNEL_MAP, &min, &max, 4 * PAGE_SIZE, false, false, &sub),
		 0);
	CHECK_EQ(min, pre + PAGE_SIZE);
	CHECK_EQ(max, min + 4 * PAGE_SIZE);
	CHECK_EQ(uvmlab_km_object_create(m, &kmem), 0);
	CHECK_EQ(uvm_km_kmemalloc(m, sub, kmem, PAGE_SIZE, 0, &va), 0);
	CHECK_EQ(va, min);
	uvmlab_pfn_t at;
	CHECK_EQ(uvm_pagelookup(m, kmem, min - UVMLAB_KVA_START, &at), 0);
	CHECK_EQ(at, uvmlab_km_extract(m, va));
	/* the kernel map cannot free the submap's range */
	CHECK_REJECTS(m, EINVAL, uvm_km_free(m, UVMLAB_KERNEL_MAP, min, PAGE_SIZE));
	CHECK_REJECTS(m, ENOMEM, uvm_km_valloc(m, sub, 4 * PAGE_SIZE, &va));
	vaddr_t fmin = min, fmax;
	CHECK_REJECTS(m, ENOMEM,
		      uvm_km_suballoc(m, UVMLAB_KERNEL_MAP, &fmin, &fmax, PAGE_SIZE, false, true, &sub));
	CHECK_EQ(uvm_km_free(m, sub, min, PAGE_SIZE), 0);
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* A clone and an assign carry the layer; a host allocation failure in
 * the clone leaves nothing behind. */
static void
test_clone(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 16), *c;
	vaddr_t va;

	CHECK_EQ(uvm_km_alloc1(m, UVMLAB_KERNEL_MAP, 2 * PAGE_SIZE, false, &va), 0);
	CHECK_EQ(uvmlab_machine_clone(m, UVMLAB_STRAT_FIXED, &c), 0);
	CHECK_EQ(uvmlab_machine_digest(c), uvmlab_machine_digest(m));
	CHECK_EQ(uvm_km_free(c, UVMLAB_KERNEL_MAP, va, 2 * PAGE_SIZE), 0);
	CHECK(uvmlab_machine_digest(c) != uvmlab_machine_digest(m));
	CHECK_EQ(uvmlab_machine_assign(c, m), 0);
	CHECK_EQ(uvmlab_machine_digest(c), uvmlab_machine_digest(m));
	VALID(c);
	uvmlab_machine_destroy(c);
	for (uint64_t k = 0; k < 16; k++) {
		uvmlab_fail_allocation(k);
		int e = uvmlab_machine_clone(m, UVMLAB_STRAT_FIXED, &c);
		uvmlab_fail_allocation(UVMLAB_FAIL_NEVER);
		CHECK(e == 0 || e == ENOMEM);
		if (e == 0)
			uvmlab_machine_destroy(c);
	}
	uvmlab_machine_destroy(m);
}


/* Frees of part of a range: the head, the tail, the middle (a split). */
static void
test_partial_free(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 64);
	vaddr_t va, v;

	CHECK_EQ(uvm_km_alloc1(m, UVMLAB_KERNEL_MAP, 6 * PAGE_SIZE, false, &va), 0);
	CHECK_EQ(uvm_km_free(m, UVMLAB_KERNEL_MAP, va + 2 * PAGE_SIZE, 2 * PAGE_SIZE), 0); /* middle */
	CHECK_EQ(m->km->maps[0].nents, 2);
	CHECK_EQ(uvm_km_free(m, UVMLAB_KERNEL_MAP, va + 5 * PAGE_SIZE, PAGE_SIZE), 0); /* tail */
	CHECK_EQ(uvm_km_free(m, UVMLAB_KERNEL_MAP, va, PAGE_SIZE), 0);			/* head */
	CHECK_EQ(uvmlab_free_pages(m), 64 - 2);
	CHECK_EQ(uvmlab_km_extract(m, va + PAGE_SIZE) != UVMLAB_NO_PAGE, 1);
	CHECK_EQ(uvmlab_km_extract(m, va + 4 * PAGE_SIZE) != UVMLAB_NO_PAGE, 1);
	CHECK_EQ(uvm_km_valloc(m, UVMLAB_KERNEL_MAP, 2 * PAGE_SIZE, &v), 0);
	CHECK_EQ(v, va + 2 * PAGE_SIZE);
	/* a split needs one more entry: with no host memory, nothing changes */
	CHECK_EQ(uvm_km_alloc1(m, UVMLAB_KERNEL_MAP, 3 * PAGE_SIZE, false, &v), 0);
	for (uint32_t k = m->km->maps[0].nents; k < m->km->maps[0].cap; k++) {
		vaddr_t w;
		CHECK_EQ(uvm_km_valloc(m, UVMLAB_KERNEL_MAP, PAGE_SIZE, &w), 0);
	}
	uvmlab_fail_allocation(0);
	CHECK_REJECTS(m, ENOMEM, uvm_km_free(m, UVMLAB_KERNEL_MAP, v + PAGE_SIZE, PAGE_SIZE));
	uvmlab_fail_allocation(UVMLAB_FAIL_NEVER);
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* The layer's queries make nothing; a first call failing at each host
 * allocation (the kernel object made, kmem's not; a submap's record)
 * changes nothing. */
static void
test_layer_objects(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 16);
	uint64_t fresh = uvmlab_machine_digest(m);
	uvmlab_obj_t kernel, kmem, obj;
	uvmlab_map_t sub;
	vaddr_t min, max;

	CHECK(!uvmlab_km_objects(m, &kernel, &kmem));
	CHECK_REJECTS(m, EINVAL, uvmlab_km_object_create(m, NULL));
	CHECK_EQ(uvmlab_machine_digest(m), fresh);
	for (uint64_t k = 0; k < 12; k++) {
		uvmlab_fail_allocation(k);
		int e1 = uvmlab_km_object_create(m, &obj);
		uvmlab_fail_allocation(UVMLAB_FAIL_NEVER);
		CHECK(e1 == 0 || e1 == ENOMEM);
		if (e1 == ENOMEM)
			CHECK_EQ(uvmlab_machine_digest(m), fresh);
		VALID(m);
		uvmlab_machine_destroy(m);
		m = t_machine_pages(UVMLAB_STRAT_FIXED, 16);
		uvmlab_fail_allocation(k);
		int e2 = uvm_km_suballoc(m, UVMLAB_KERNEL_MAP, &min, &max, PAGE_SIZE, true, false, &sub);
		uvmlab_fail_allocation(UVMLAB_FAIL_NEVER);
		CHECK(e2 == 0 || e2 == ENOMEM);
		if (e2 == ENOMEM)
			CHECK_EQ(uvmlab_machine_digest(m), fresh);
		uvmlab_machine_destroy(m);
		m = t_machine_pages(UVMLAB_STRAT_FIXED, 16);
		uvmlab_fail_allocation(k);
		int e3 = uvmlab_km_kernel_object(m, &obj);
		uvmlab_fail_allocation(UVMLAB_FAIL_NEVER);
		CHECK(e3 == 0 || e3 == ENOMEM);
		VALID(m);
		uvmlab_machine_destroy(m);
		m = t_machine_pages(UVMLAB_STRAT_FIXED, 16);
	}
	CHECK_EQ(uvmlab_km_kernel_object(m, &obj), 0);
	CHECK(uvmlab_km_objects(m, &kernel, &kmem));
	CHECK_EQ(kernel, obj);
	CHECK(kmem != kernel);
	/* a submap whose record needs the map table to grow, without host
	 * memory: nothing changes */
	while (m->km->nmaps < m->km->maps_cap)
		CHECK_EQ(uvm_km_suballoc(m, UVMLAB_KERNEL_MAP, &min, &max, PAGE_SIZE, true, false, &sub), 0);
	uvmlab_fail_allocation(0);
	CHECK_REJECTS(m, ENOMEM,
		      uvm_km_suballoc(m, UVMLAB_KERNEL_MAP, &min, &max, PAGE_SIZE, true, false, &sub));
	uvmlab_fail_allocation(UVMLAB_FAIL_NEVER);
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* Host memory failing at each allocation of the layer's first call, of
 * a submap and of a range changes nothing; submaps past the first few
 * grow the map table. */
static void
test_host_failures(void)
{
	for (uint64_t k = 0; k < 6; k++) {
		struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 16);
		uint64_t before = uvmlab_machine_digest(m);
		vaddr_t va;
		uvmlab_fail_allocation(k);
		int e = uvm_km_valloc(m, UVMLAB_KERNEL_MAP, PAGE_SIZE, &va);
		uvmlab_fail_allocation(UVMLAB_FAIL_NEVER);
		CHECK(e == 0 || e == ENOMEM);
		if (e == ENOMEM)
			CHECK_EQ(uvmlab_machine_digest(m), before);
		VALID(m);
		uvmlab_machine_destroy(m);
	}
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 16);
	uvmlab_map_t sub;
	vaddr_t min, max;
	for (int i = 0; i < 6; i++)
		CHECK_EQ(uvm_km_suballoc(m, UVMLAB_KERNEL_MAP, &min, &max, PAGE_SIZE, true, false, &sub), 0);
	CHECK_EQ(sub, 6);
	for (uint64_t k = 0; k < 3; k++) {
		uvmlab_fail_allocation(k);
		uint64_t before = uvmlab_machine_digest(m);
		int e = uvm_km_suballoc(m, UVMLAB_KERNEL_MAP, &min, &max, PAGE_SIZE, true, false, &sub);
		uvmlab_fail_allocation(UVMLAB_FAIL_NEVER);
		if (e != 0)
			CHECK_EQ(uvmlab_machine_digest(m), before);
	}
	CHECK_REJECTS(m, EINVAL, uvm_km_suballoc(m, 99, &min, &max, PAGE_SIZE, true, false, &sub));
	CHECK_REJECTS(m, EINVAL, uvm_km_suballoc(m, UVMLAB_KERNEL_MAP, &min, &max, 0, true, false, &sub));
	CHECK_REJECTS(m, EINVAL, uvm_km_suballoc(m, UVMLAB_KERNEL_MAP, NULL, &max, 1, true, false, &sub));
	vaddr_t odd = UVMLAB_KVA_START + 1, low = UVMLAB_KVA_START - PAGE_SIZE;
	CHECK_REJECTS(m, EINVAL, uvm_km_suballoc(m, UVMLAB_KERNEL_MAP, &odd, &max, 1, true, true, &sub));
	CHECK_REJECTS(m, EINVAL, uvm_km_suballoc(m, UVMLAB_KERNEL_MAP, &low, &max, 1, true, true, &sub));
	CHECK_EQ(uvmlab_km_extract(m, UVMLAB_KVA_START - 1), UVMLAB_NO_PAGE);
	CHECK_EQ(uvmlab_km_extract(m, UVMLAB_KVA_START + ptoa(m->params.kva_pages)), UVMLAB_NO_PAGE);
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* The validator sees each broken rule of the kernel map. */
static void
test_validator(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 16);
	char why[256];
	vaddr_t va, vb;

	CHECK_EQ(uvm_km_alloc1(m, UVMLAB_KERNEL_MAP, 2 * PAGE_SIZE, false, &va), 0);
	CHECK_EQ(uvm_km_valloc(m, UVMLAB_KERNEL_MAP, PAGE_SIZE, &vb), 0);
	struct km_layer *kl = m->km;
	uvmlab_pfn_t p0 = kl->pmap[0], p1 = kl->pmap[1];
	kl->pmap[0] = p1; /* maps another offset's page */
	CHECK(!uvmlab_validate(m, why, sizeof(why)) && strstr(why, "not its object's page"));
	kl->pmap[0] = p0;
	kl->pmap[2] = p0; /* a mapping in a range with no page there */
	CHECK(!uvmlab_validate(m, why, sizeof(why)));
	kl->pmap[2] = UVMLAB_NO_PAGE;
	kl->pmap[5] = p0; /* a mapping outside every range */
	CHECK(!uvmlab_validate(m, why, sizeof(why)) && strstr(why, "outside any"));
	kl->pmap[5] = UVMLAB_NO_PAGE;
	kl->maps[0].ents[1].start -= PAGE_SIZE; /* overlapping entries */
	CHECK(!uvmlab_validate(m, why, sizeof(why)) && strstr(why, "out of order"));
	kl->maps[0].ents[1].start += PAGE_SIZE;
	kl->maps[0].ents[1].submap = 3; /* a submap that is not there */
	CHECK(!uvmlab_validate(m, why, sizeof(why)) && strstr(why, "submap"));
	kl->maps[0].ents[1].submap = KM_NONE;
	kl->maps[0].ents[0].end -= PAGE_SIZE; /* a page outside its ranges */
	CHECK(!uvmlab_validate(m, why, sizeof(why)));
	kl->maps[0].ents[0].end += PAGE_SIZE;
	m->memused = PAGE_SIZE; /* a count with no pool page */
	CHECK(!uvmlab_validate(m, why, sizeof(why)) && strstr(why, "pool pages count"));
	m->memused = 0;
	VALID(m);
	uvmlab_machine_destroy(m);
}

int
main(void)
{
	test_lowest_fit();
	test_einval();
	test_kmemalloc();
	test_kmemalloc_nowait_rollback();
	test_alloc1();
	test_released();
	test_pgremove_paths();
	test_valloc_touch();
	test_km_get_paths();
	test_suballoc();
	test_clone();
	test_partial_free();
	test_host_failures();
	test_layer_objects();
	test_validator();
	printf("test_km: %d passed, %d failed\n", t_passed, t_failed);
	return t_failed == 0 ? 0 : 1;
}
