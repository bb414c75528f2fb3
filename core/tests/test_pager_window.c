/* pager_window.c: map-in copies, read windows copied back at map-out,
 * write windows not, pageratop, addresses, and the EINVAL cases. */
#include "object_impl.h"
#include "testlib.h"

struct fixture {
	struct uvm_machine *m;
	uvmlab_obj_t o;
	uvmlab_pfn_t pgs[4];
};

static void
setup(struct fixture *f)
{
	f->m = t_machine(UVMLAB_STRAT_FIXED, 0, 0);
	t_seg(f->m, 0, 32, 0);
	CHECK_EQ(uao_create(f->m, 8 * PAGE_SIZE, 0, &f->o), 0);
	CHECK_EQ(ao_get(f->m, f->o, 0, 4, f->pgs), 0);
	CHECK_EQ(uvmlab_page_write(f->m, f->pgs[1], 10, "old", 3), 0);
}

static uint8_t
byte_at(struct uvm_machine *m, uvmlab_pfn_t pfn, size_t off)
{
	uint8_t b = 0xee;
	CHECK_EQ(uvmlab_page_read(m, pfn, off, &b, 1), 0);
	return b;
}

/* Both kinds of window start with the pages' bytes; only a read
 * window's changes reach the pages. */
static void
test_round_trips(void)
{
	struct fixture f;
	vaddr_t rd, wr;
	char buf[3];

	setup(&f);
	CHECK_EQ(uvm_pagermapin(f.m, f.pgs, 2, UVMPAGER_MAPIN_READ | UVMPAGER_MAPIN_WAITOK, &rd), 0);
	CHECK_EQ(uvm_pagermapin(f.m, f.pgs + 2, 2, UVMPAGER_MAPIN_WRITE, &wr), 0);
	CHECK_EQ(rd, UVMLAB_PAGER_VA_START);
	CHECK_EQ(wr, UVMLAB_PAGER_VA_START + 2 * PAGE_SIZE);
	CHECK_EQ(uvmlab_window_read(f.m, rd + PAGE_SIZE + 10, buf, 3), 0);
	CHECK(memcmp(buf, "old", 3) == 0);
	CHECK_EQ(uvmlab_window_write(f.m, rd + PAGE_SIZE + 10, "new", 3), 0);
	CHECK_EQ(uvmlab_window_write(f.m, wr + 5, "w", 1), 0);
	/* nothing reaches the pages before map-out */
	CHECK_EQ(byte_at(f.m, f.pgs[1], 10), 'o');
	uvmlab_pfn_t at;
	uvm_pageratop(f.m, rd + PAGE_SIZE + 4095, &at);
	CHECK_EQ(at, f.pgs[1]);
	uvm_pageratop(f.m, wr + 2 * PAGE_SIZE, &at);
	CHECK_EQ(at, UVMLAB_NO_PAGE);
	uvm_pageratop(f.m, 0, &at);
	CHECK_EQ(at, UVMLAB_NO_PAGE);
	CHECK_EQ(uvm_pagermapout(f.m, rd, 2), 0);
	CHECK_EQ(uvm_pagermapout(f.m, wr, 2), 0);
	CHECK_EQ(byte_at(f.m, f.pgs[1], 10), 'n');
	CHECK_EQ(byte_at(f.m, f.pgs[2], 5), 0);
	uvm_pageratop(f.m, rd, &at);
	CHECK_EQ(at, UVMLAB_NO_PAGE);
	VALID(f.m);
	uvmlab_machine_destroy(f.m);
}

/* A partial unmap, an unknown or inner address, bad pages or flags:
 * EINVAL, nothing changed. */
static void
test_rejections(void)
{
	struct fixture f;
	vaddr_t va, va2;
	uvmlab_pfn_t twice[2], not_busy;

	setup(&f);
	twice[0] = twice[1] = f.pgs[0];
	CHECK_EQ(uvm_pagermapin(f.m, f.pgs, 3, 0, &va), 0);
	CHECK_REJECTS(f.m, EINVAL, uvm_pagermapout(f.m, va, 2));
	CHECK_REJECTS(f.m, EINVAL, uvm_pagermapout(f.m, va, 4));
	CHECK_REJECTS(f.m, EINVAL, uvm_pagermapout(f.m, va + PAGE_SIZE, 2));
	CHECK_REJECTS(f.m, EINVAL, uvm_pagermapout(f.m, va + 3 * PAGE_SIZE, 0));
	CHECK_REJECTS(f.m, EINVAL, uvm_pagermapout(f.m, va, -3));
	CHECK_REJECTS(f.m, EINVAL, uvm_pagermapin(f.m, twice, 2, 0, &va2));
	CHECK_REJECTS(f.m, EINVAL, uvm_pagermapin(f.m, f.pgs, 0, 0, &va2));
	CHECK_REJECTS(f.m, EINVAL, uvm_pagermapin(f.m, f.pgs, 1, 0x40, &va2));
	CHECK_REJECTS(f.m, EINVAL, uvm_pagermapin(f.m, (uvmlab_pfn_t[]){5}, 1, 0, &va2));
	CHECK_REJECTS(f.m, EINVAL, uvmlab_window_write(f.m, va + 3 * PAGE_SIZE - 1, "ab", 2));
	CHECK_REJECTS(f.m, EINVAL, uvmlab_window_write(f.m, va, "a", 0));
	/* a range may end exactly at the window's end, and fill it */
	static uint8_t whole[3 * PAGE_SIZE];
	CHECK_EQ(uvmlab_window_write(f.m, va + 3 * PAGE_SIZE - 2, "ab", 2), 0);
	CHECK_EQ(uvmlab_window_read(f.m, va, whole, sizeof(whole)), 0);
	CHECK_EQ(whole[sizeof(whole) - 1], 'b');
	CHECK_REJECTS(f.m, EINVAL, uvmlab_window_read(f.m, va, whole, sizeof(whole) + 1));
	CHECK_EQ(uvm_page_unbusy(f.m, &f.pgs[3], 1), 0);
	not_busy = f.pgs[3];
	CHECK_REJECTS(f.m, EINVAL, uvm_pagermapin(f.m, &not_busy, 1, 0, &va2));
	/* a page may sit in two windows; the space fills, then ENOMEM */
	CHECK_EQ(uvm_pagermapin(f.m, f.pgs, 1, 0, &va2), 0);
	CHECK_EQ(va2, va + 3 * PAGE_SIZE);
	vaddr_t filler;
	for (int i = 0; i < (UVMLAB_PAGER_VA_PAGES - 4) / 3; i++)
		CHECK_EQ(uvm_pagermapin(f.m, f.pgs, 3, 0, &filler), 0);
	CHECK_EQ(filler, UVMLAB_PAGER_VA_START + ptoa(UVMLAB_PAGER_VA_PAGES - 3));
	CHECK_REJECTS(f.m, ENOMEM, uvm_pagermapin(f.m, f.pgs, 1, 0, &va2));
	CHECK_EQ(uvm_pagermapout(f.m, va, 3), 0);
	/* the freed space is found again, lowest first */
	CHECK_EQ(uvm_pagermapin(f.m, f.pgs + 1, 2, 0, &va2), 0);
	CHECK_EQ(va2, va);
	VALID(f.m);
	uvmlab_machine_destroy(f.m);
}

/* Host memory running out during map-in: ENOMEM, nothing changed. */
static void
test_host_memory(void)
{
	struct fixture f;
	vaddr_t va;

	setup(&f);
	for (uint64_t k = 0; k < 4; k++) {
		uint64_t before = uvmlab_machine_digest(f.m);
		uvmlab_fail_allocation(k);
		int e = uvm_pagermapin(f.m, f.pgs, 2, 0, &va);
		uvmlab_fail_allocation(UVMLAB_FAIL_NEVER);
		if (e == 0)
			CHECK_EQ(uvm_pagermapout(f.m, va, 2), 0);
		else
			CHECK_EQ(e, ENOMEM);
		CHECK_EQ(uvmlab_machine_digest(f.m), before);
	}
	VALID(f.m);
	uvmlab_machine_destroy(f.m);
}

int
main(void)
{
	test_round_trips();
	test_rejections();
	test_host_memory();
	printf("test_pager_window: %d passed, %d failed\n", t_passed, t_failed);
	return t_failed == 0 ? 0 : 1;
}
