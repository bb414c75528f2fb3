/* pool.c: pool pages under the memory limit, pools, the page daemon. */
#include "km_impl.h"
#include "testlib.h"

static struct uvm_machine *
machine(unsigned npages, uint64_t limit)
{
	struct uvmlab_params p;
	struct uvm_machine *m;

	uvmlab_params_default(&p);
	p.reserve_pagedaemon = p.reserve_kernel = 0;
	p.memlimit = limit;
	CHECK_EQ(uvmlab_machine_create(&p, &m), 0);
	t_seg(m, 0, npages, 0);
	return m;
}

/* The limit's text as rump reads it; 0 is EINVAL everywhere. */
static void
test_limit_parse(void)
{
	uint64_t v = 7;
	struct uvmlab_params p;
	struct uvm_machine *m;

	CHECK_EQ(uvmlab_memlimit_parse("8192", &v), 0);
	CHECK_EQ(v, 8192);
	CHECK_EQ(uvmlab_memlimit_parse("  12288kb", &v), 0); /* strtoll stops at k */
	CHECK_EQ(v, 12288);
	CHECK_EQ(uvmlab_memlimit_parse("0", &v), EINVAL);
	CHECK_EQ(uvmlab_memlimit_parse("lots", &v), EINVAL);
	CHECK_EQ(v, 12288);
	/* into an unsigned long, as the seed: -1 is no limit */
	CHECK_EQ(uvmlab_memlimit_parse("-1", &v), 0);
	CHECK_EQ(v, UVMLAB_MEMLIMIT_NONE);
	CHECK_EQ(uvmlab_memlimit_parse("-4096", &v), 0);
	CHECK_EQ(v, UINT64_MAX - 4095);
	uvmlab_params_default(&p);
	p.memlimit = 0;
	CHECK_EQ(uvmlab_machine_create(&p, &m), EINVAL);
	m = machine(8, UVMLAB_MEMLIMIT_NONE);
	CHECK_REJECTS(m, EINVAL, uvmlab_memlimit_set(m, 0));
	uvmlab_machine_destroy(m);
}

/* NOWAIT over the limit: ENOMEM, nothing changed; freeing brings the
 * count back to zero. */
static void
test_limit_nowait(void)
{
	struct uvm_machine *m = machine(16, 2 * PAGE_SIZE);
	uvmlab_obj_t kobj;
	vaddr_t a, b, c;

	CHECK_EQ(uvmlab_km_object_create(m, &kobj), 0);
	CHECK_EQ(uvm_km_alloc_poolpage1(m, UVMLAB_KERNEL_MAP, kobj, false, &a), 0);
	CHECK_EQ(uvm_km_alloc_poolpage1(m, UVMLAB_KERNEL_MAP, kobj, false, &b), 0);
	CHECK_EQ(uvmlab_memlimit_used(m), 2 * PAGE_SIZE);
	CHECK_REJECTS(m, ENOMEM, uvm_km_alloc_poolpage1(m, UVMLAB_KERNEL_MAP, kobj, false, &c));
	/* waiting, with no pool to drain: the seed's deadlock, ENOMEM here */
	CHECK_REJECTS(m, ENOMEM, uvm_km_alloc_poolpage1(m, UVMLAB_KERNEL_MAP, kobj, true, &c));
	CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_pdaemon_nothing), 1);
	CHECK_REJECTS(m, EBUSY, uvmlab_memlimit_set(m, PAGE_SIZE));
	CHECK_REJECTS(m, EINVAL, uvm_km_free_poolpage1(m, UVMLAB_KERNEL_MAP, a + 1));
	CHECK_REJECTS(m, EINVAL, uvm_km_free(m, UVMLAB_KERNEL_MAP, a, PAGE_SIZE));
	CHECK_EQ(uvm_km_free_poolpage1(m, UVMLAB_KERNEL_MAP, a), 0);
	CHECK_REJECTS(m, EINVAL, uvm_km_free_poolpage1(m, UVMLAB_KERNEL_MAP, a)); /* twice */
	CHECK_EQ(uvm_km_free_poolpage1(m, UVMLAB_KERNEL_MAP, b), 0);
	CHECK_EQ(uvmlab_memlimit_used(m), 0);
	CHECK_EQ(uvmlab_free_pages(m), 16);
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* Items lowest first; an emptied page stays cached; over the limit, a
 * PR_WAITOK get drains another pool's empty page and succeeds, a
 * PR_NOWAIT one fails. */
static void
test_pools_and_daemon(void)
{
	struct uvm_machine *m = machine(16, 2 * PAGE_SIZE);
	uvmlab_pool_t big, small, tiny;
	vaddr_t x, y, z, s;

	CHECK_EQ(uvmlab_pool_init(m, PAGE_SIZE / 2, &big), 0);
	CHECK_EQ(uvmlab_pool_init(m, 64, &small), 0);
	CHECK_REJECTS(m, EINVAL, uvmlab_pool_init(m, 8, &tiny));
	CHECK_EQ(pool_get(m, big, PR_NOWAIT, &x), 0);
	CHECK_EQ(pool_get(m, big, PR_NOWAIT, &y), 0);
	CHECK_EQ(y, x + PAGE_SIZE / 2);
	CHECK_EQ(pool_get(m, big, PR_NOWAIT, &z), 0); /* a second page: at the limit */
	CHECK_EQ(uvmlab_memlimit_used(m), 2 * PAGE_SIZE);
	CHECK_REJECTS(m, EINVAL, pool_put(m, big, x + 1));
	CHECK_REJECTS(m, EINVAL, pool_put(m, small, x));
	CHECK_EQ(pool_put(m, big, z), 0); /* its page is empty, cached */
	CHECK_REJECTS(m, EINVAL, pool_put(m, big, z));
	CHECK_EQ(uvmlab_memlimit_used(m), 2 * PAGE_SIZE);
	CHECK_REJECTS(m, ENOMEM, pool_get(m, small, PR_NOWAIT, &s));
	CHECK_EQ(pool_get(m, small, PR_WAITOK, &s), 0); /* the daemon drains big */
	CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_pdaemon_runs), 1);
	CHECK_EQ(uvmlab_memlimit_used(m), 2 * PAGE_SIZE);
	CHECK_EQ(pool_put(m, big, x), 0);
	CHECK_EQ(pool_get(m, big, PR_NOWAIT, &z), 0); /* the lowest free item again */
	CHECK_EQ(z, x);
	/* a pool's page is its pool's to free */
	CHECK_REJECTS(m, EBUSY, uvm_km_free_poolpage1(m, UVMLAB_KERNEL_MAP, x));
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* A clone carries pools and the count. */
static void
test_clone(void)
{
	struct uvm_machine *m = machine(16, 4 * PAGE_SIZE), *c;
	uvmlab_pool_t pl;
	vaddr_t x;

	CHECK_EQ(uvmlab_pool_init(m, 128, &pl), 0);
	CHECK_EQ(pool_get(m, pl, PR_WAITOK, &x), 0);
	CHECK_EQ(uvmlab_machine_clone(m, UVMLAB_STRAT_FAST, &c), 0);
	CHECK_EQ(uvmlab_memlimit_used(c), PAGE_SIZE);
	CHECK_EQ(pool_put(c, pl, x), 0);
	CHECK_EQ(uvmlab_machine_assign(c, m), EINVAL); /* another strategy */
	VALID(c);
	uvmlab_machine_destroy(c);
	for (uint64_t k = 0; k < 20; k++) {
		uvmlab_fail_allocation(k);
		int e = uvmlab_machine_clone(m, UVMLAB_STRAT_FIXED, &c);
		uvmlab_fail_allocation(UVMLAB_FAIL_NEVER);
		CHECK(e == 0 || e == ENOMEM);
		if (e == 0) {
			CHECK_EQ(uvmlab_machine_digest(c), uvmlab_machine_digest(m));
			uvmlab_machine_destroy(c);
		}
	}
	uvmlab_machine_destroy(m);
}


/* Raising the limit lets the next page in; host memory failing at each
 * allocation of a first pool_get changes nothing. */
static void
test_set_and_host_failures(void)
{
	struct uvm_machine *m = machine(16, PAGE_SIZE);
	uvmlab_obj_t kobj;
	vaddr_t a, b;

	CHECK_EQ(uvmlab_memlimit_parse(NULL, &a), EINVAL);
	CHECK_EQ(uvmlab_km_object_create(m, &kobj), 0);
	CHECK_EQ(uvm_km_alloc_poolpage1(m, UVMLAB_KERNEL_MAP, kobj, false, &a), 0);
	CHECK_REJECTS(m, ENOMEM, uvm_km_alloc_poolpage1(m, UVMLAB_KERNEL_MAP, kobj, false, &b));
	CHECK_EQ(uvmlab_memlimit_set(m, 2 * PAGE_SIZE), 0);
	CHECK_EQ(uvm_km_alloc_poolpage1(m, UVMLAB_KERNEL_MAP, kobj, false, &b), 0);
	CHECK_REJECTS(m, EINVAL, uvm_km_alloc_poolpage1(m, 7, kobj, false, &b));
	CHECK_REJECTS(m, EINVAL, uvm_km_free_poolpage1(m, 7, a));
	uvmlab_machine_destroy(m);
	for (uint64_t k = 0; k < 8; k++) {
		struct uvm_machine *n = machine(16, UVMLAB_MEMLIMIT_NONE);
		uvmlab_pool_t pl;
		vaddr_t item;
		CHECK_EQ(uvmlab_pool_init(n, 32, &pl), 0);
		uint64_t before = uvmlab_machine_digest(n);
		uvmlab_fail_allocation(k);
		int e = pool_get(n, pl, PR_NOWAIT, &item);
		uvmlab_fail_allocation(UVMLAB_FAIL_NEVER);
		CHECK(e == 0 || e == ENOMEM);
		if (e == ENOMEM)
			CHECK_EQ(uvmlab_machine_digest(n), before);
		VALID(n);
		uvmlab_machine_destroy(n);
	}
	for (uint64_t k = 0; k < 6; k++) {
		struct uvm_machine *n = machine(16, UVMLAB_MEMLIMIT_NONE);
		uvmlab_pool_t pl;
		uint64_t before = uvmlab_machine_digest(n);
		uvmlab_fail_allocation(k);
		int e = uvmlab_pool_init(n, 32, &pl);
		uvmlab_fail_allocation(UVMLAB_FAIL_NEVER);
		if (e == ENOMEM)
			CHECK_EQ(uvmlab_machine_digest(n), before);
		uvmlab_machine_destroy(n);
	}
}


/* rev 1.84: a NOWAIT pool page under a limit that finds no free page
 * leaves its bytes counted (faithful), or counts nothing (fixed). */
static void
test_limit_leak(void)
{
	for (int flawed = 0; flawed < 2; flawed++) {
		struct uvmlab_params p;
		struct uvm_machine *m;
		uvmlab_obj_t kobj;
		vaddr_t a;
		uvmlab_params_default(&p);
		p.strategy = flawed ? UVMLAB_STRAT_FAITHFUL : UVMLAB_STRAT_FIXED;
		p.reserve_pagedaemon = p.reserve_kernel = 0;
		p.memlimit = 4 * PAGE_SIZE;
		CHECK_EQ(uvmlab_machine_create(&p, &m), 0);
		t_seg(m, 0, 1, 0);
		CHECK_EQ(uvmlab_km_object_create(m, &kobj), 0);
		CHECK_EQ(uvm_km_alloc_poolpage1(m, UVMLAB_KERNEL_MAP, kobj, false, &a), 0);
		CHECK_EQ(uvm_km_alloc_poolpage1(m, UVMLAB_KERNEL_MAP, kobj, false, &a), ENOMEM);
		CHECK_EQ(uvmlab_memlimit_used(m), (flawed ? 2 : 1) * PAGE_SIZE);
		CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_memlimit_leaked), flawed);
		VALID(m);
		uvmlab_machine_destroy(m);
	}
}

int
main(void)
{
	test_limit_parse();
	test_limit_nowait();
	test_pools_and_daemon();
	test_clone();
	test_set_and_host_failures();
	test_limit_leak();
	printf("test_pool: %d passed, %d failed\n", t_passed, t_failed);
	return t_failed == 0 ? 0 : 1;
}
