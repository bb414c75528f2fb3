/* object.c and object_layer.c: objects, handles, lookup, contents,
 * clone and digest of the layer, and the validator's object checks. */
#include "object_impl.h"
#include "testlib.h"

/* Handles: lowest free first; bad sizes and flags rejected. */
static void
test_create_detach(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 16);
	uvmlab_obj_t a, b, c;

	CHECK_REJECTS(m, EINVAL, uao_create(m, 0, 0, &a));
	CHECK_REJECTS(m, EINVAL, uao_create(m, PAGE_SIZE + 1, 0, &a));
	CHECK_REJECTS(m, EINVAL, uao_create(m, PAGE_SIZE, 1, &a));
	CHECK_REJECTS(m, EINVAL, uao_create(m, ptoa(UVMLAB_OBJ_PAGES_MAX + 1), 0, &a));
	CHECK_REJECTS(m, EINVAL, uao_create(m, PAGE_SIZE, 0, NULL));
	CHECK_EQ(uao_create(m, ptoa(UVMLAB_OBJ_PAGES_MAX), 0, &a), 0);
	CHECK_EQ(uao_create(m, 4 * PAGE_SIZE, 0, &b), 0);
	CHECK_EQ(a, 0);
	CHECK_EQ(b, 1);
	CHECK_EQ(uao_detach(m, a), 0);
	CHECK(!uvmlab_obj_live(m, a));
	CHECK_REJECTS(m, EINVAL, uao_detach(m, a));
	CHECK_REJECTS(m, EINVAL, uao_detach(m, 99));
	CHECK_EQ(uao_create(m, PAGE_SIZE, 0, &c), 0);
	CHECK_EQ(c, 0); /* the lowest free handle again */
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* Pages come from the free lists in uvm_pagealloc's order; lookup
 * finds each; detach frees them first to last in memq order, so they
 * come back in the reverse order of their freeing. */
static void
test_pages_and_lookup(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 16);
	uvmlab_obj_t o;
	uvmlab_pfn_t pgs[4], pfn, got[8];

	CHECK_EQ(uao_create(m, 8 * PAGE_SIZE, 0, &o), 0);
	CHECK_EQ(ao_get(m, o, 2 * PAGE_SIZE, 3, pgs), 0);
	CHECK_EQ(pgs[0], 15); /* the free lists' heads, last freed first */
	CHECK_EQ(pgs[1], 14);
	CHECK_EQ(pgs[2], 13);
	CHECK_EQ(uvmlab_free_pages(m), 13);
	CHECK_EQ(uvmlab_page_state(m, 14, NULL), UVMLAB_PAGE_OBJECT);
	CHECK_EQ(uvmlab_page_flags(m, 14), PG_BUSY | PG_CLEAN | PG_FAKE);
	CHECK_EQ(uvm_pagelookup(m, o, 3 * PAGE_SIZE, &pfn), 0);
	CHECK_EQ(pfn, 14);
	CHECK_EQ(uvm_pagelookup(m, o, 0, &pfn), 0);
	CHECK_EQ(pfn, UVMLAB_NO_PAGE);
	CHECK_EQ(uvm_pagelookup(m, o, 1, &pfn), EINVAL);
	CHECK_EQ(uvm_pagelookup(m, 7, 0, &pfn), EINVAL);
	uvmlab_obj_t who;
	voff_t off;
	CHECK(uvmlab_page_object(m, 13, &who, &off));
	CHECK_EQ(off, 4 * PAGE_SIZE);
	CHECK(!uvmlab_page_object(m, 2, &who, &off));
	/* object pages are neither singles nor free-range material */
	CHECK_REJECTS(m, EINVAL, uvm_pagefree(m, 15));
	CHECK_REJECTS(m, EINVAL, uvmlab_free_range(m, 13, 15));
	CHECK_EQ(uvmlab_nth_allocated(m, UINT64_MAX, &pfn), 0);
	CHECK_EQ(uvm_page_unbusy(m, pgs, 3), 0);
	CHECK_EQ(uvmlab_obj_pages(m, o, got, 8), 3);
	CHECK_EQ(got[0], 15);
	CHECK_EQ(got[2], 13);
	CHECK_EQ(uao_detach(m, o), 0);
	CHECK_EQ(uvmlab_free_pages(m), 16);
	uvmlab_pfn_t next;
	CHECK_EQ(uvm_pagealloc(m, 0, &next), 0);
	CHECK_EQ(next, 13); /* freed 15, 14, 13: 13 heads the queue */
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* Contents: zero-filled, written only while busy, read any time. */
static void
test_contents(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 16);
	uvmlab_obj_t o;
	uvmlab_pfn_t pg;
	uint8_t buf[8], zero[8] = {0};

	CHECK_EQ(uao_create(m, PAGE_SIZE, 0, &o), 0);
	CHECK_EQ(ao_get(m, o, 0, 1, &pg), 0);
	CHECK_EQ(uvmlab_page_read(m, pg, PAGE_SIZE - 8, buf, 8), 0);
	CHECK(memcmp(buf, zero, 8) == 0);
	CHECK_EQ(uvmlab_page_write(m, pg, 100, "pattern", 7), 0);
	CHECK_EQ(uvmlab_page_flags(m, pg) & PG_CLEAN, 0);
	CHECK_EQ(uvmlab_page_read(m, pg, 100, buf, 7), 0);
	CHECK(memcmp(buf, "pattern", 7) == 0);
	/* the limits themselves: a range may end at PAGE_SIZE, and be empty there */
	CHECK_EQ(uvmlab_page_write(m, pg, PAGE_SIZE - 4, "abcd", 4), 0);
	CHECK_EQ(uvmlab_page_write(m, pg, PAGE_SIZE, "", 0), 0);
	CHECK_EQ(uvmlab_page_read(m, pg, PAGE_SIZE, buf, 0), 0);
	CHECK_EQ(uvmlab_page_read(m, pg, PAGE_SIZE - 1, buf, 1), 0);
	CHECK_EQ(buf[0], 'd');
	CHECK_REJECTS(m, EINVAL, uvmlab_page_write(m, pg, PAGE_SIZE + 1, "", 0));
	CHECK_REJECTS(m, EINVAL, uvmlab_page_read(m, pg, PAGE_SIZE - 3, buf, 4));
	CHECK_REJECTS(m, EINVAL, uvmlab_page_read(m, pg, 0, NULL, 1));
	CHECK_REJECTS(m, EINVAL, uvmlab_page_write(m, pg, PAGE_SIZE - 3, "abcd", 4));
	CHECK_REJECTS(m, EINVAL, uvmlab_page_read(m, pg, PAGE_SIZE + 1, buf, 0));
	CHECK_REJECTS(m, EINVAL, uvmlab_page_write(m, 3, 0, "x", 1)); /* free page */
	CHECK_EQ(uvm_page_unbusy(m, &pg, 1), 0);
	CHECK_REJECTS(m, EINVAL, uvmlab_page_write(m, pg, 0, "x", 1)); /* not busy */
	CHECK_EQ(uvmlab_page_read(m, pg, 100, buf, 7), 0);
	CHECK(memcmp(buf, "pattern", 7) == 0);
	uvmlab_machine_destroy(m);
}

/* A clone has the same digest; the digest sees bytes and windows. */
static void
test_clone_digest(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FAST, 16), *c;
	uvmlab_obj_t o;
	uvmlab_pfn_t pgs[2];
	vaddr_t va;

	CHECK_EQ(uao_create(m, 2 * PAGE_SIZE, 0, &o), 0);
	CHECK_EQ(ao_get(m, o, 0, 2, pgs), 0);
	CHECK_EQ(uvm_pagermapin(m, pgs, 2, UVMPAGER_MAPIN_READ, &va), 0);
	vaddr_t second;
	CHECK_EQ(uvm_pagermapin(m, pgs + 1, 1, 0, &second), 0); /* two live windows */
	CHECK_EQ(uvmlab_machine_clone(m, UVMLAB_STRAT_FAST, &c), 0);
	CHECK_EQ(uvmlab_machine_digest(c), uvmlab_machine_digest(m));
	VALID(c);
	uint64_t d = uvmlab_machine_digest(c);
	CHECK_EQ(uvmlab_window_write(c, va + 5, "z", 1), 0);
	CHECK(uvmlab_machine_digest(c) != d);
	d = uvmlab_machine_digest(c);
	CHECK_EQ(uvmlab_page_write(c, pgs[1], 0, "y", 1), 0);
	CHECK(uvmlab_machine_digest(c) != d);
	/* the original is untouched, and the copy is its own */
	uint8_t b;
	CHECK_EQ(uvmlab_window_read(m, va + 5, &b, 1), 0);
	CHECK_EQ(b, 0);
	/* assign brings the copy back, and to a machine without objects */
	CHECK_EQ(uvmlab_machine_assign(c, m), 0);
	CHECK_EQ(uvmlab_machine_digest(c), uvmlab_machine_digest(m));
	struct uvm_machine *fresh = t_machine_pages(UVMLAB_STRAT_FAST, 16);
	CHECK_EQ(uvmlab_machine_assign(c, fresh), 0);
	CHECK_EQ(uvmlab_machine_digest(c), uvmlab_machine_digest(fresh));
	VALID(c);
	/* host memory running out during a clone is ENOMEM, no leak */
	for (uint64_t k = 0; k < 16; k++) {
		struct uvm_machine *x = NULL;
		uvmlab_fail_allocation(k);
		int e = uvmlab_machine_clone(m, UVMLAB_STRAT_FAST, &x);
		uvmlab_fail_allocation(UVMLAB_FAIL_NEVER);
		CHECK(e == 0 || e == ENOMEM);
		if (e == 0)
			uvmlab_machine_destroy(x);
	}
	uvmlab_machine_destroy(fresh);
	uvmlab_machine_destroy(c);
	uvmlab_machine_destroy(m);
}

/* Lookup stays right across growth and removals that shift the hash. */
static void
test_lookup_churn(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FIXED, 0, 0);
	uvmlab_obj_t o[3];
	uint64_t rng = 7;

	t_seg(m, 0, 512, 0);
	for (int i = 0; i < 3; i++)
		CHECK_EQ(uao_create(m, 64 * PAGE_SIZE, 0, &o[i]), 0);
	for (int round = 0; round < 200; round++) {
		uvmlab_obj_t ob = o[t_rng(&rng, 3)];
		uint64_t at = t_rng(&rng, 64);
		uvmlab_pfn_t pg, found;
		if (t_rng(&rng, 3) != 0) {
			CHECK_EQ(ao_get(m, ob, ptoa(at), 1, &pg), 0);
			CHECK_EQ(uvm_pagelookup(m, ob, ptoa(at), &found), 0);
			CHECK_EQ(found, pg);
			CHECK_EQ(uvm_page_unbusy(m, &pg, 1), 0);
		} else {
			CHECK_EQ(ao_put(m, ob, 0, 0, PGO_FREE | PGO_ALLPAGES), 0);
			CHECK_EQ(uvm_pagelookup(m, ob, ptoa(at), &found), 0);
			CHECK_EQ(found, UVMLAB_NO_PAGE);
		}
	}
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* The validator names broken object invariants. */
static void
test_validator(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 16);
	uvmlab_obj_t o;
	uvmlab_pfn_t pgs[2];
	char why[256];

	CHECK_EQ(uao_create(m, 2 * PAGE_SIZE, 0, &o), 0);
	CHECK_EQ(ao_get(m, o, 0, 2, pgs), 0);
	VALID(m);
	m->ol->objs[o].npages = 5;
	CHECK(!uvmlab_validate(m, why, sizeof(why)));
	CHECK(strstr(why, "pages counted") != NULL);
	m->ol->objs[o].npages = 2;
	uvmlab_phys_to_page(m, pgs[1])->owner = OWNER_OBJECT + 9;
	CHECK(!uvmlab_validate(m, why, sizeof(why)));
	CHECK(strstr(why, "does not name it") != NULL);
	uvmlab_phys_to_page(m, pgs[1])->owner = OWNER_OBJECT + 1;
	uvmlab_phys_to_page(m, pgs[1])->flags = PG_RELEASED;
	CHECK(!uvmlab_validate(m, why, sizeof(why)));
	CHECK(strstr(why, "released but not busy") != NULL);
	uvmlab_phys_to_page(m, pgs[1])->flags = PG_BUSY;
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* Break one invariant of the layer, expect `needle` in the reason, put
 * it back. */
#define BROKEN(m, lvalue, bad, needle)                                      \
	do {                                                                \
		char whyb_[256];                                             \
		__typeof__(lvalue) saved_ = (lvalue);                       \
		(lvalue) = (bad);                                           \
		CHECK(!uvmlab_validate((m), whyb_, sizeof(whyb_)));           \
		if (strstr(whyb_, (needle)) == NULL)                         \
			fprintf(stderr, "validate said '%s', expected '%s'\n", \
				whyb_, (needle));                            \
		CHECK(strstr(whyb_, (needle)) != NULL);                      \
		(lvalue) = saved_;                                          \
		VALID(m);                                                   \
	} while (0)

/* Each memq, slot, hash and window invariant, broken on purpose. */
static void
test_validator_layer(void)
{
	struct uvm_machine *m = t_machine_pages(UVMLAB_STRAT_FIXED, 16);
	struct obj_layer *ol;
	uvmlab_obj_t o;
	uvmlab_pfn_t pgs[3];
	vaddr_t va, vb;

	CHECK_EQ(uao_create(m, 4 * PAGE_SIZE, 0, &o), 0);
	CHECK_EQ(ao_get(m, o, 0, 3, pgs), 0);
	CHECK_EQ(uvm_pagermapin(m, pgs, 1, 0, &va), 0);
	CHECK_EQ(uvm_pagermapin(m, pgs + 1, 2, 0, &vb), 0);
	ol = m->ol;
	VALID(m);
	BROKEN(m, ol->pages[2].next, 0, "memq runs wild");
	BROKEN(m, ol->pages[1].prev, 2, "mislinked");
	BROKEN(m, ol->pages[1].pfn, 3, "does not name it");
	BROKEN(m, ol->pages[1].pgoff, 9, "outside it or not found");
	BROKEN(m, ol->wins[0].kva, 4096, "outside the pager space");
	BROKEN(m, ol->wins[1].kva, va, "overlap");
	BROKEN(m, ol->wins[1].slots[1], 77, "is not a busy object page");
	uint32_t empty = 0;
	while (ol->hash[empty] != 0)
		empty++;
	BROKEN(m, ol->hash[empty], 1, "slots used");
	uvmlab_machine_destroy(m);
}

int
main(void)
{
	test_create_detach();
	test_pages_and_lookup();
	test_contents();
	test_clone_digest();
	test_lookup_churn();
	test_validator();
	test_validator_layer();
	printf("test_object: %d passed, %d failed\n", t_passed, t_failed);
	return t_failed == 0 ? 0 : 1;
}
