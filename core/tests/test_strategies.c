/* strategy.c, strategy_bitmap.c, strategy_fast.c, fast_search.c, free_bitmap.c: the
 * indexed strategies give fixed's pages and hints for every call, their
 * indexes follow every path that changes a page, and the validator
 * catches an index that drifts. */
#include "free_bitmap.h"
#include "strategy.h"
#include "testlib.h"

#define PG(n) ((psize_t)(n) * PAGE_SIZE)

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static uint64_t
rng(uint64_t n)
{
	return t_rng(&rng_state, n);
}

/* The strategies under test: fixed, the reference, first. */
static const enum uvmlab_strategy under_test[] = {UVMLAB_STRAT_FIXED, UVMLAB_STRAT_BITMAP,
						  UVMLAB_STRAT_FAST};
#define NM (sizeof(under_test) / sizeof(under_test[0]))

/* Up to three segments; one in four machines has a segment of up to 64 Ki
 * pages so that the summary tree has several levels. */
static void
random_machines(struct uvm_machine *ms[NM])
{
	struct uvmlab_params p;
	uvmlab_pfn_t start[3], end[3], as[3], ae[3];
	unsigned fl[3], nsegs = 1 + (unsigned)rng(3);
	bool big = rng(4) == 0;

	uvmlab_params_default(&p);
	p.nfreelists = 2;
	p.ncolors = 1u << rng(3);
	p.reserve_pagedaemon = (unsigned)rng(2);
	p.reserve_kernel = (unsigned)rng(4);
	uvmlab_pfn_t next = (uvmlab_pfn_t)rng(700);
	for (unsigned i = 0; i < nsegs; i++) {
		uvmlab_pfn_t len = big && i == 0 ? 1000 + (uvmlab_pfn_t)rng(64 * 1024 - 1000)
						 : 1 + (uvmlab_pfn_t)rng(1200);
		start[i] = next;
		end[i] = next + len;
		as[i] = start[i] + (uvmlab_pfn_t)rng(len < 8 ? 1 : 5);
		ae[i] = end[i] - (uvmlab_pfn_t)rng(len < 8 ? 1 : 5);
		fl[i] = (unsigned)rng(2);
		next = end[i] + (uvmlab_pfn_t)rng(100);
	}
	for (unsigned k = 0; k < NM; k++) {
		p.strategy = under_test[k];
		CHECK_EQ(uvmlab_machine_create(&p, &ms[k]), 0);
		for (unsigned i = 0; i < nsegs; i++)
			CHECK_EQ(uvm_page_physload(ms[k], start[i], end[i], as[i], ae[i], fl[i], 0), 0);
	}
}

static uint64_t
pow2(unsigned max_shift)
{
	return (uint64_t)1 << rng(max_shift + 1);
}

/* One random call on every machine; every result must equal fixed's. */
struct call {
	int kind;
	psize_t size;
	paddr_t low, high, align, boundary;
	int nsegs;
	bool waitok;
	uint64_t arg;
};

static struct call
random_call(void)
{
	struct call c = {.kind = (int)rng(10)};
	uint64_t npages = rng(3) == 0 ? 1 + rng(8) : pow2(rng(2) ? 6 : 10) + rng(3);

	c.size = PG(npages) - rng(2) * rng(PAGE_SIZE);
	c.align = rng(3) ? 0 : PG(pow2(12)); /* up to 8 blocks of fast's tree */
	c.boundary = rng(4) ? 0 : PG(pow2(12) * npages);
	c.low = rng(3) ? 0 : PG(rng(70000));
	c.high = rng(3) ? UINT64_MAX : c.low + PG(1 + rng(70000));
	c.nsegs = rng(4) ? 1 : (int)rng(2000);
	c.waitok = rng(8) == 0;
	c.arg = rng(UINT32_MAX);
	return c;
}

static int
run_call(struct uvm_machine *m, const struct call *c, uvmlab_pfn_t *pfns, size_t *npfns)
{
	uvmlab_list_t l;
	uvmlab_pfn_t pfn = 0;
	int e;

	*npfns = 0;
	switch (c->kind) {
	case 0: case 1: case 2: case 3: case 4:
		e = uvm_pglistalloc(m, c->size, c->low, c->high, c->align, c->boundary, c->nsegs,
				    c->waitok, &l);
		if (e == 0)
			*npfns = uvmlab_pglist_pfns(m, l, pfns, 1 << 17);
		return e;
	case 5: case 6: {
		uint64_t n = 0;
		for (uint32_t h = 0; h < m->nlists; h++)
			n += m->lists[h].live;
		for (uint32_t h = 0, k = n ? (uint32_t)(c->arg % n) : 0; h < m->nlists; h++) {
			if (m->lists[h].live && k-- == 0)
				return uvm_pglistfree(m, h);
		}
		return -1;
	}
	case 7:
		e = uvm_pagealloc_strat(m, 0, (int)(c->arg % 3), (unsigned)(c->arg >> 8) % 2, &pfn);
		pfns[0] = pfn;
		*npfns = e == 0;
		return e;
	default: {
		/* free a short range of allocated pages, or fail with EINVAL */
		uvmlab_pfn_t first;
		uint64_t total = uvmlab_nth_allocated(m, UINT64_MAX, &first);
		if (total == 0)
			return -1;
		uvmlab_nth_allocated(m, c->arg % total, &first);
		return uvmlab_free_range(m, first, first + (uvmlab_pfn_t)(c->arg >> 40) % 4);
	}
	}
}

static void
compare_machines(struct uvm_machine *ms[NM])
{
	for (unsigned k = 1; k < NM; k++) {
		CHECK_EQ(uvmlab_free_pages(ms[k]), uvmlab_free_pages(ms[0]));
		for (unsigned i = 0; i < ms[0]->nsegs; i++)
			CHECK_EQ(ms[k]->segs[i].start_hint, ms[0]->segs[i].start_hint);
		VALID(ms[k]);
	}
}

static void
test_same_as_fixed(unsigned machines, unsigned calls)
{
	static uvmlab_pfn_t want[1 << 17], got[1 << 17];
	unsigned contig_ok = 0, big_runs = 0;

	for (unsigned n = 0; n < machines; n++) {
		struct uvm_machine *ms[NM];
		random_machines(ms);
		for (unsigned i = 0; i < calls; i++) {
			struct call c = random_call();
			size_t nwant, ngot;
			int e0 = run_call(ms[0], &c, want, &nwant);
			for (unsigned k = 1; k < NM; k++) {
				int e = run_call(ms[k], &c, got, &ngot);
				CHECK_EQ(e, e0);
				CHECK_EQ(ngot, nwant);
				if (ngot == nwant && memcmp(got, want, ngot * sizeof(*got)) != 0) {
					fprintf(stderr, "%s: pages differ from fixed's at call %u\n",
						uvmlab_strategy_name(under_test[k]), i);
					CHECK(false);
				}
			}
			contig_ok += c.kind < 5 && e0 == 0 && (c.align || c.boundary || c.nsegs < 2);
			big_runs += e0 == 0 && nwant >= 64;
		}
		compare_machines(ms);
		for (unsigned k = 0; k < NM; k++)
			uvmlab_machine_destroy(ms[k]);
	}
	/* the calls must reach the contiguous search, and runs past a word */
	CHECK(contig_ok > machines * calls / 20);
	CHECK(big_runs > machines);
	printf("same as fixed: %u machines x %u calls, %u contiguous successes, %u runs of 64+\n",
	       machines, calls, contig_ok, big_runs);
}

/* A clone under another strategy builds its index from the pages. */
static void
test_clone_builds_index(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FAITHFUL, 0, 0), *c;
	uvmlab_list_t l;

	t_seg(m, 3, 3000, 0);
	CHECK(strcmp(t_pglist(m, PG(700), 0, UINT64_MAX, 0, 0, 1, false, &l), "3-702") == 0);
	CHECK_EQ(uvmlab_free_range(m, 100, 199), 0);
	for (unsigned s = 0; s < UVMLAB_STRAT_COUNT; s++) {
		CHECK_EQ(uvmlab_machine_clone(m, (enum uvmlab_strategy)s, &c), 0);
		VALID(c);
		/* from the hint (703) rounded to 4; then, wrapping, 100-199 */
		CHECK(strcmp(t_pglist(c, PG(100), 0, UINT64_MAX, PG(4), 0, 1, false, NULL),
			     "704-803") == 0);
		CHECK(strcmp(t_pglist(c, PG(100), 0, PG(800), PG(4), 0, 1, false, NULL),
			     "100-199") == 0);
		uvmlab_machine_destroy(c);
	}
	uvmlab_machine_destroy(m);
}

/* uvmlab_machine_assign puts a used machine back to a saved state, list
 * slots grown past the saved machine's included: the digest, the
 * validator and the next answers are those of a fresh clone of it.
 * Another strategy, other segments or other reserves: EINVAL, and
 * nothing changes. */
static void
test_assign_restores(enum uvmlab_strategy s)
{
	struct uvm_machine *saved = t_machine(s, 0, 0), *work, *fresh, *other;
	uvmlab_list_t l;

	t_seg(saved, 3, 3000, 0);
	CHECK(strcmp(t_pglist(saved, PG(700), 0, UINT64_MAX, 0, 0, 1, false, &l), "3-702") == 0);
	CHECK_EQ(uvmlab_free_range(saved, 100, 199), 0);
	CHECK_EQ(uvmlab_machine_clone(saved, s, &work), 0);
	for (unsigned i = 0; i < 40; i++)
		t_pglist(work, PG(1 + i % 5), 0, UINT64_MAX, PG(1u << (i % 4)), 0, 1, false, NULL);
	CHECK_EQ(uvm_pglistfree(work, l), 0);
	CHECK(uvmlab_machine_digest(work) != uvmlab_machine_digest(saved));
	CHECK_EQ(uvmlab_machine_assign(work, saved), 0);
	CHECK_EQ(uvmlab_machine_digest(work), uvmlab_machine_digest(saved));
	VALID(work);
	CHECK_EQ(uvmlab_machine_clone(saved, s, &fresh), 0);
	for (unsigned i = 0; i < 20; i++) {
		char a[256];
		snprintf(a, sizeof(a), "%s",
			 t_pglist(work, PG(1 + i % 7), 0, UINT64_MAX, PG(1u << (i % 3)), 0, 1, false,
				  NULL));
		CHECK(strcmp(a, t_pglist(fresh, PG(1 + i % 7), 0, UINT64_MAX, PG(1u << (i % 3)), 0,
					 1, false, NULL)) == 0);
	}
	CHECK_EQ(uvmlab_machine_digest(work), uvmlab_machine_digest(fresh));

	uint64_t before = uvmlab_machine_digest(work);
	CHECK_EQ(uvmlab_machine_clone(saved, (enum uvmlab_strategy)((s + 1) % UVMLAB_STRAT_COUNT),
				      &other),
		 0);
	CHECK_EQ(uvmlab_machine_assign(work, other), EINVAL);
	uvmlab_machine_destroy(other);
	other = t_machine(s, 0, 0);
	t_seg(other, 3, 2999, 0);
	CHECK_EQ(uvmlab_machine_assign(work, other), EINVAL);
	uvmlab_machine_destroy(other);
	/* the same segments, one parameter apart */
	for (unsigned r = 0; r < 2; r++) {
		other = t_machine(s, r == 0, r == 1);
		t_seg(other, 3, 3000, 0);
		CHECK_EQ(uvmlab_machine_assign(work, other), EINVAL);
		uvmlab_machine_destroy(other);
	}
	CHECK_EQ(uvmlab_machine_digest(work), before);
	uvmlab_machine_destroy(fresh);
	uvmlab_machine_destroy(work);
	uvmlab_machine_destroy(saved);
}

/* The validator sees an index bit that disagrees with its page, and the
 * digest changes with it. */
static void
test_drift_is_caught(enum uvmlab_strategy s)
{
	struct uvm_machine *m = t_machine(s, 0, 0);
	char why[256];

	t_seg(m, 0, 5000, 0);
	CHECK(strcmp(t_pglist(m, PG(10), 0, UINT64_MAX, 0, 0, 1, false, NULL), "0-9") == 0);
	uint64_t before = uvmlab_machine_digest(m);
	/* both indexes begin with their free bitmap */
	struct free_bitmap *b = m->segs[0].index;
	fbm_set(b, 5);
	CHECK(!uvmlab_validate(m, why, sizeof(why)));
	CHECK(strstr(why, "pfn 5") != NULL);
	CHECK(uvmlab_machine_digest(m) != before);
	fbm_clear(b, 5);
	VALID(m);
	uvmlab_machine_destroy(m);
}

/* At 1 Mi pages the indexes cost at most 2 bits per page. */
static void
test_index_size(void)
{
	for (unsigned s = 0; s < UVMLAB_STRAT_COUNT; s++) {
		struct uvmlab_strategy_info info;
		struct uvm_machine *m = t_machine((enum uvmlab_strategy)s, 0, 0);
		t_seg(m, 0, 1 << 20, 0);
		CHECK_EQ(uvmlab_strategy_info((enum uvmlab_strategy)s, &info), 0);
		size_t bytes = uvmlab_index_bytes(m);
		CHECK(info.has_index ? bytes > 0 : bytes == 0);
		CHECK(bytes * 8 <= 2 * ((size_t)1 << 20));
		printf("%s: %.3f bits per page\n", info.name, bytes * 8.0 / (1 << 20));
		uvmlab_machine_destroy(m);
	}
	struct uvmlab_strategy_info info;
	CHECK_EQ(uvmlab_strategy_info(UVMLAB_STRAT_COUNT, &info), EINVAL);
}

/*
 * Found by fixed_ops and differential: a fit in a wholly free span, or in
 * a run still open at the end of a block, at the top of a tree with no
 * node after it.  4096 pages fill an eight-leaf tree exactly.
 */
static void
test_fit_at_tree_top(enum uvmlab_strategy s)
{
	static const struct {
		uvmlab_pfn_t free_first, free_last;
		psize_t npages;
		paddr_t low;
		const char *want;
	} cases[] = {
		{1536, 2047, 9, PG(1280), "1536-1544"},	/* a wholly free leaf */
		{3584, 4095, 300, 0, "3584-3883"},	/* the last leaf, a long request */
		{3000, 4095, 1000, 0, "3000-3999"},	/* a run across leaves to the top */
		{4000, 4095, 96, 0, "4000-4095"},	/* ending with the segment */
		{4090, 4095, 6, 0, "4090-4095"},	/* a short one, last word */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct uvm_machine *m = t_machine(s, 0, 0);
		t_seg(m, 0, 4096, 0);
		uvmlab_list_t all;
		CHECK(strcmp(t_pglist(m, PG(4096), 0, UINT64_MAX, 0, 0, 0, false, &all), "ENOMEM") !=
		      0);
		CHECK_EQ(uvmlab_pglist_count(m, all), 4096);
		for (uvmlab_pfn_t p = cases[i].free_first; p <= cases[i].free_last; p += 16) {
			uvmlab_pfn_t last = p + 15 < cases[i].free_last ? p + 15 : cases[i].free_last;
			CHECK_EQ(uvmlab_free_range(m, p, last), 0);
		}
		CHECK_EQ(uvmlab_free_range(m, 100, 100), 0); /* the first candidate is busy */
		CHECK_EQ(uvmlab_seg_set_hint(m, 0, 0), 0);
		const char *got = t_pglist(m, PG(cases[i].npages), cases[i].low, UINT64_MAX, 0, 0, 0,
					   false, NULL);
		if (strcmp(got, cases[i].want) != 0)
			fprintf(stderr, "%s case %zu: got %s, want %s\n", uvmlab_strategy_name(s), i,
				got, cases[i].want);
		CHECK(strcmp(got, cases[i].want) == 0);
		uvmlab_machine_destroy(m);
	}
}

/* A hint can be put back; a bad one is refused and changes nothing. */
static void
test_set_hint(void)
{
	struct uvm_machine *m = t_machine(UVMLAB_STRAT_FAST, 0, 0);

	t_seg(m, 10, 50, 0);
	CHECK(strcmp(t_pglist(m, PG(5), 0, UINT64_MAX, 0, 0, 0, false, NULL), "10-14") == 0);
	CHECK_EQ(uvmlab_seg_set_hint(m, 0, 0), 0);
	CHECK(strcmp(t_pglist(m, PG(5), 0, UINT64_MAX, 0, 0, 0, false, NULL), "15-19") == 0);
	CHECK_REJECTS(m, EINVAL, uvmlab_seg_set_hint(m, 0, 41));
	CHECK_REJECTS(m, EINVAL, uvmlab_seg_set_hint(m, 1, 0));
	CHECK_EQ(uvmlab_seg_set_hint(m, 0, 40), 0);
	uvmlab_machine_destroy(m);
}

/* Names come from the descriptors and parse back. */
static void
test_names(void)
{
	for (unsigned s = 0; s < UVMLAB_STRAT_COUNT; s++) {
		enum uvmlab_strategy back;
		CHECK_EQ(uvmlab_strategy_parse(uvmlab_strategy_name((enum uvmlab_strategy)s), &back),
			 0);
		CHECK_EQ(back, s);
	}
	CHECK(strcmp(uvmlab_strategy_name(UVMLAB_STRAT_FAST), "fast") == 0);
	CHECK(strcmp(uvmlab_strategy_name(UVMLAB_STRAT_BITMAP), "bitmap") == 0);
}

int
main(void)
{
	test_names();
	test_set_hint();
	for (unsigned s = 0; s < UVMLAB_STRAT_COUNT; s++)
		test_fit_at_tree_top((enum uvmlab_strategy)s);
	test_clone_builds_index();
	for (unsigned s = 0; s < UVMLAB_STRAT_COUNT; s++)
		test_assign_restores((enum uvmlab_strategy)s);
	test_drift_is_caught(UVMLAB_STRAT_BITMAP);
	test_drift_is_caught(UVMLAB_STRAT_FAST);
	test_index_size();
	test_same_as_fixed(40, 200);
	return t_done();
}
