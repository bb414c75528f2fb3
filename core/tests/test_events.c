/* events.c: counters from the X-macro list, the event ring, clones. */
#define _POSIX_C_SOURCE 200809L
#include "testlib.h"

int
main(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FIXED, 0, 0), *c;
	struct uvmlab_event ev[UVMLAB_EVENT_RING];
	uvmlab_list_t l;
	uvmlab_pfn_t pfn;

	CHECK_EQ(uvm_page_physload(m, 0, 8, 0, 8, 0, 0), 0);
	CHECK_EQ(uvm_pglistalloc(m, 8192, 0, UINT64_MAX, 0, 0, 1, false, &l), 0);
	CHECK_EQ(uvm_pagealloc(m, 0, &pfn), 0);
	CHECK_EQ(uvm_pagefree(m, 3), EINVAL);

	CHECK_EQ(uvmlab_events_copy(m, ev, UVMLAB_EVENT_RING), 4);
	CHECK_EQ(ev[0].fn, UVMLAB_EV_PHYSLOAD);
	CHECK_EQ(ev[1].fn, UVMLAB_EV_PGLISTALLOC);
	CHECK_EQ(ev[1].arg[0], 8192);
	CHECK_EQ(ev[2].arg[3], 7); /* the pfn given */
	CHECK_EQ(ev[3].result, EINVAL);
	CHECK_EQ(ev[3].seq, 4);
	CHECK_EQ(uvmlab_events_copy(m, ev, 2), 2);
	CHECK_EQ(ev[0].fn, UVMLAB_EV_PAGEALLOC); /* the 2 most recent */

	/* the ring keeps only the last UVMLAB_EVENT_RING */
	for (int i = 0; i < 40; i++)
		CHECK_EQ(uvm_pglistfree(m, 99), EINVAL);
	CHECK_EQ(uvmlab_events_copy(m, ev, UVMLAB_EVENT_RING), UVMLAB_EVENT_RING);
	CHECK_EQ(ev[0].seq, 44 - UVMLAB_EVENT_RING + 1);

	CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_pglistalloc), 1);
	CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_pglist_pages), 2);
	CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_contig_searches), 1);
	CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_COUNT), 0);
	CHECK(strcmp(uvmlab_stat_name(UVMLAB_STAT_second_passes), "second_passes") == 0);
	CHECK(uvmlab_stat_desc(UVMLAB_STAT_COUNT) == NULL);
	CHECK(strcmp(uvmlab_errno_name(ENOMEM), "ENOMEM") == 0);

	/* a clone is the same machine, searching with its own strategy */
	CHECK_EQ(uvmlab_machine_clone(m, UVMLAB_STRAT_FAITHFUL, &c), 0);
	VALID(c);
	/* only the strategy differs: a same-strategy clone has m's digest */
	CHECK(uvmlab_machine_digest(c) != uvmlab_machine_digest(m));
	struct uvm_machine *same;
	CHECK_EQ(uvmlab_machine_clone(m, UVMLAB_STRAT_FIXED, &same), 0);
	CHECK_EQ(uvmlab_machine_digest(same), uvmlab_machine_digest(m));
	uvmlab_pfn_t p2;
	CHECK_EQ(uvm_pagealloc(same, 0, &p2), 0);
	CHECK(uvmlab_machine_digest(same) != uvmlab_machine_digest(m));
	uvmlab_machine_destroy(same);
	CHECK_EQ(uvmlab_stat_get(c, UVMLAB_STAT_pglistalloc), 1);
	CHECK_EQ(uvm_pagealloc(c, 0, &pfn), 0);
	CHECK_EQ(pfn, 6);
	VALID(c);
	VALID(m);
	CHECK_EQ(uvmlab_machine_clone(m, UVMLAB_STRAT_COUNT, &c), EINVAL);
	uvmlab_machine_destroy(c);

	char *buf;
	size_t len;
	FILE *fp = open_memstream(&buf, &len);
	uvmlab_stats_print(m, fp);
	uvmlab_events_print(m, fp);
	fclose(fp);
	CHECK(strstr(buf, "pglist_pages") != NULL);
	CHECK(strstr(buf, "uvm_pglistfree(list=99) = EINVAL") != NULL);
	free(buf);
	uvmlab_machine_destroy(m);
	return t_done();
}
