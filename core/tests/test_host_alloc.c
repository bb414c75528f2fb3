/* host_alloc.c: the injected host allocation failure counts down the
 * allocations it lets through, fails exactly one, and is then spent. */
#include "testlib.h"

static void
test_counts_down_then_fails_once(void)
{
	struct uvm_machine *m = NULL;
	const struct uvmlab_params p = {UVMLAB_STRAT_FAST, 1, 1, 1, 0, 0, 16, UINT64_MAX};

	/* armed at 0: the very next allocation fails (creation makes one) */
	CHECK_EQ(uvmlab_fail_allocation(0), UVMLAB_FAIL_NEVER);
	CHECK_EQ(uvmlab_machine_create(&p, &m), ENOMEM);
	CHECK(m == NULL);
	CHECK_EQ(uvmlab_fail_allocation(UVMLAB_FAIL_NEVER), UVMLAB_FAIL_NEVER); /* spent */

	/* armed at 2: creation takes one and leaves one to let through */
	CHECK_EQ(uvmlab_fail_allocation(2), UVMLAB_FAIL_NEVER);
	CHECK_EQ(uvmlab_machine_create(&p, &m), 0);
	CHECK_EQ(uvmlab_fail_allocation(2), 1); /* re-armed, as it was */

	/* a fast segment makes more than two allocations (its pages, then
	 * its index), so the third fails: the segment is not loaded */
	CHECK_REJECTS(m, ENOMEM, uvm_page_physload(m, 0, 64, 0, 64, 0, 0));
	CHECK_EQ(uvmlab_fail_allocation(UVMLAB_FAIL_NEVER), UVMLAB_FAIL_NEVER);

	/* disarmed, nothing fails */
	CHECK_EQ(uvm_page_physload(m, 0, 64, 0, 64, 0, 0), 0);
	VALID(m);
	CHECK_EQ(uvmlab_free_pages(m), 64);
	uvmlab_machine_destroy(m);
}

int
main(void)
{
	test_counts_down_then_fails_once();
	return t_done();
}
