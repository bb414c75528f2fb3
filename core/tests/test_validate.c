/* validate.c: each invariant, broken on purpose, is named; a sound
 * machine passes; the validator never aborts. */
#include "testlib.h"

static struct uvm_machine *
machine(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FIXED, 0, 0);
	uvmlab_list_t l;
	uvmlab_pfn_t pfn;

	CHECK_EQ(uvm_page_physload(m, 0, 16, 2, 14, 0, 0), 0);
	CHECK_EQ(uvm_pglistalloc(m, 3 * PAGE_SIZE, 0, UINT64_MAX, 0, 0, 1, false, &l), 0);
	CHECK_EQ(uvm_pagealloc(m, 0, &pfn), 0);
	VALID(m);
	return m;
}

static void
expect_broken(struct uvm_machine *m, const char *needle)
{
	char why[256];

	CHECK(!uvmlab_validate(m, why, sizeof(why)));
	if (strstr(why, needle) == NULL)
		fprintf(stderr, "validate said '%s', expected '%s'\n", why, needle);
	CHECK(strstr(why, needle) != NULL);
	uvmlab_machine_destroy(m);
}

int
main(void)
{
	struct uvm_machine *m;
	struct vm_page *pg;

	m = machine(); /* a free page that lost its flag */
	uvmlab_phys_to_page(m, 10)->flags = 0;
	expect_broken(m, "pfn 10");

	m = machine(); /* an allocated page also marked free */
	uvmlab_phys_to_page(m, 2)->flags |= PG_FREE;
	expect_broken(m, "pfn 2: in 2 states");

	m = machine(); /* a lost page: managed, in no state */
	pg = uvmlab_phys_to_page(m, 13);
	pg->owner = OWNER_NONE;
	expect_broken(m, "pfn 13: in 0 states");

	m = machine(); /* bucket count off by one */
	m->bucket_nfree[0][0]++;
	expect_broken(m, "pgb_nfree");

	m = machine(); /* global free count off */
	m->nfree--;
	expect_broken(m, "free count");

	m = machine(); /* hint out of range */
	m->segs[0].start_hint = 13;
	expect_broken(m, "start hint 13");

	m = machine(); /* list holding a page it does not own */
	m->lists[0].q.first->owner = 5;
	expect_broken(m, "is not live");

	m = machine(); /* a loop in a free list */
	pg = uvmlab_phys_to_page(m, 5);
	pg->next = uvmlab_phys_to_page(m, 12);
	expect_broken(m, "free list 0/0/0");

	m = machine(); /* list count wrong */
	m->lists[0].q.npages = 2;
	expect_broken(m, "count 2 != 3");

	m = machine(); /* an unmanaged page in use */
	uvmlab_phys_to_page(m, 0)->owner = OWNER_SINGLE;
	expect_broken(m, "unmanaged page in use");

	m = machine(); /* a NULL or zero-length message buffer is fine */
	uvmlab_phys_to_page(m, 10)->flags = 0;
	CHECK(!uvmlab_validate(m, NULL, 0));
	uvmlab_machine_destroy(m);
	return t_done();
}
