/* contig_scan.c, contig_faithful.c, contig_fixed.c: the straddle flaw,
 * the u_int skip, and random machines against the rev 1.89 reference. */
#include "ref_pglist189.h"
#include "testlib.h"

#define PG(n) ((psize_t)(n) * PAGE_SIZE)
#define NOHIGH UINT64_MAX

static void
test_straddle(enum uvmlab_strategy s, const char *want)
{
	struct uvm_machine *m = t_machine(s, 1, 5);
	uvmlab_list_t l;

	t_seg(m, 0, 8, 0);
	CHECK(strcmp(t_pglist(m, PG(4), 0, NOHIGH, 0, 0, 1, false, &l), "0-3") == 0);
	CHECK_EQ(uvm_pglistfree(m, l), 0);
	/* the free run 0-7 straddles the hint (4) */
	CHECK(strcmp(t_pglist(m, PG(8), 0, NOHIGH, 0, 0, 1, false, NULL), want) == 0);
	CHECK_EQ(uvmlab_stat_get(m, UVMLAB_STAT_second_passes), 1);
	uvmlab_machine_destroy(m);
}

/* One busy page at 1, hint at the segment's end: a 2-page request
 * aligned to 4 pages skips past it with cnt 4 > num 2. */
static struct uvm_machine *
skip_machine(enum uvmlab_strategy s, bool page3_busy)
{
	struct uvm_machine *m = t_machine(s, 0, 0);
	t_seg(m, 0, 16, 0);
	CHECK(strcmp(t_pglist(m, PG(16), 0, NOHIGH, 0, 0, 1, false, NULL), "0-15") == 0);
	CHECK_EQ(uvmlab_free_range(m, 0, 0), 0);
	CHECK_EQ(uvmlab_free_range(m, 2, page3_busy ? 2 : 3), 0);
	CHECK_EQ(uvmlab_free_range(m, 4, 15), 0);
	VALID(m);
	return m;
}

static void
test_negative_skip(bool page3_busy, uint64_t faithful_pages, uint64_t fixed_pages)
{
	struct uvm_machine *a = skip_machine(UVMLAB_STRAT_FAITHFUL, page3_busy);
	struct uvm_machine *b = skip_machine(UVMLAB_STRAT_FIXED, page3_busy);
	uint64_t a0 = uvmlab_stat_get(a, UVMLAB_STAT_contig_pages_examined);
	uint64_t b0 = uvmlab_stat_get(b, UVMLAB_STAT_contig_pages_examined);

	/* faithful re-reads pages 2-3 below the candidate: same pages, more work */
	CHECK(strcmp(t_pglist(a, PG(2), 0, NOHIGH, PG(4), 0, 1, false, NULL), "4-5") == 0);
	CHECK(strcmp(t_pglist(b, PG(2), 0, NOHIGH, PG(4), 0, 1, false, NULL), "4-5") == 0);
	CHECK_EQ(uvmlab_stat_get(a, UVMLAB_STAT_contig_pages_examined) - a0, faithful_pages);
	CHECK_EQ(uvmlab_stat_get(b, UVMLAB_STAT_contig_pages_examined) - b0, fixed_pages);
	uvmlab_machine_destroy(a);
	uvmlab_machine_destroy(b);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t
rng(uint64_t n)
{
	return t_rng(&rng_state, n);
}

static void
random_layout(struct uvm_machine **mp, struct ref_machine *r)
{
	struct uvmlab_params p;

	uvmlab_params_default(&p);
	p.strategy = UVMLAB_STRAT_FAITHFUL;
	p.nfreelists = 2;
	p.reserve_pagedaemon = (unsigned)rng(2);
	p.reserve_kernel = (unsigned)rng(6);
	CHECK_EQ(uvmlab_machine_create(&p, mp), 0);
	memset(r, 0, sizeof(*r));
	r->nfreelists = 2;
	r->reserve_pagedaemon = p.reserve_pagedaemon;
	r->reserve_kernel = p.reserve_kernel;
	r->nsegs = 1 + (int)rng(3);
	for (int i = 0; i < r->nsegs; i++) {
		struct ref_seg *s = &r->segs[i];
		s->start = i * 128 + (int)rng(8);
		s->end = s->start + 8 + (int)rng(100);
		s->avail_start = s->start + (int)rng(4);
		s->avail_end = s->end - (int)rng(4);
		s->freelist = (int)rng(2);
		CHECK_EQ(uvm_page_physload(*mp, s->start, s->end, s->avail_start, s->avail_end,
					   s->freelist, 0),
			 0);
		for (int pfn = s->avail_start; pfn < s->avail_end; pfn++)
			r->is_free[pfn] = true;
		r->nfree += s->avail_end - s->avail_start;
	}
	VALID(*mp);
}

static uint64_t
pow2_pages(unsigned max_shift)
{
	return PAGE_SIZE << rng(max_shift + 1);
}

/* The search order of segment i: free list first, then address. */
static unsigned
search_rank(struct uvm_machine *m, uvmlab_pfn_t pfn)
{
	int i = uvmlab_physseg_find(m, pfn);
	return (unsigned)m->segs[i].freelist * UVMLAB_PHYSSEG_MAX + (unsigned)i;
}

/*
 * Where faithful and fixed, from the same state, give different pages,
 * the only allowed reason is the straddle flaw: fixed's run lies in a
 * segment searched earlier, and straddles that segment's hint, so
 * neither of faithful's passes could see it.
 */
static bool
straddle_explains(struct uvm_machine *before, const uvmlab_pfn_t *fixed_run, size_t n,
		  const uvmlab_pfn_t *faithful_run)
{
	int i = uvmlab_physseg_find(before, fixed_run[0]);
	const struct vm_physseg *seg = &before->segs[i];
	uvmlab_pfn_t hint = seg->avail_start + seg->start_hint;

	if (faithful_run != NULL &&
	    search_rank(before, fixed_run[0]) >= search_rank(before, faithful_run[0]))
		return false;
	return seg->start_hint != 0 && fixed_run[0] < hint && fixed_run[n - 1] >= hint;
}

/* Compare one random request on the core, on a fixed clone of it and on
 * the reference.  Returns the new list, or UINT32_MAX. */
static uvmlab_list_t
compare_request(struct uvm_machine *m, struct ref_machine *r, unsigned *straddles)
{
	uint64_t size = PG(1 + rng(12)) - rng(2) * rng(PAGE_SIZE);
	uint64_t align = rng(3) ? 0 : pow2_pages(4);
	uint64_t boundary = rng(3) ? 0 : pow2_pages(6);
	uint64_t low = rng(3) ? 0 : PG(rng(400));
	uint64_t high = rng(3) ? NOHIGH : low + PG(1 + rng(200));
	int nsegs = (int)rng(16);
	int out[REF_MAXPFN], nout;
	uvmlab_pfn_t got[REF_MAXPFN], gotf[REF_MAXPFN];
	size_t n = 0, nf = 0;
	uvmlab_list_t l, lf;
	struct uvm_machine *f, *before;

	CHECK_EQ(uvmlab_machine_clone(m, UVMLAB_STRAT_FIXED, &f), 0);
	CHECK_EQ(uvmlab_machine_clone(m, UVMLAB_STRAT_FIXED, &before), 0);
	int eref = ref_pglistalloc(r, size, low, high, align, boundary, nsegs, out, &nout);
	int e = uvm_pglistalloc(m, size, low, high, align, boundary, nsegs, false, &l);
	int ef = uvm_pglistalloc(f, size, low, high, align, boundary, nsegs, false, &lf);
	VALID(m);
	VALID(f);
	CHECK_EQ(e, eref);
	if (e == 0) {
		n = uvmlab_pglist_pfns(m, l, got, REF_MAXPFN);
		CHECK_EQ(n, nout);
		for (size_t i = 0; i < n && i < (size_t)nout; i++)
			CHECK_EQ(got[i], out[i]);
		for (unsigned i = 0; i < uvmlab_nsegs(m); i++)
			CHECK_EQ(m->segs[i].start_hint, r->segs[i].hint);
	}
	if (ef == 0)
		nf = uvmlab_pglist_pfns(f, lf, gotf, REF_MAXPFN);
	/* fixed never fails where faithful succeeds */
	CHECK(e != 0 || ef == 0);
	if (ef == 0 && (e != 0 || nf != n || memcmp(got, gotf, n * sizeof(*got)) != 0)) {
		CHECK(straddle_explains(before, gotf, nf, e == 0 ? got : NULL));
		(*straddles)++;
	}
	uvmlab_machine_destroy(f);
	uvmlab_machine_destroy(before);
	return e == 0 ? l : UINT32_MAX;
}

static void
ref_free(struct uvm_machine *m, struct ref_machine *r, uvmlab_list_t l)
{
	uvmlab_pfn_t pfns[REF_MAXPFN];
	size_t n = uvmlab_pglist_pfns(m, l, pfns, REF_MAXPFN);

	for (size_t i = 0; i < n; i++) {
		r->is_free[pfns[i]] = true;
		r->nfree++;
	}
	CHECK_EQ(uvm_pglistfree(m, l), 0);
	VALID(m);
}

static void
test_against_reference(unsigned machines, unsigned ops)
{
	unsigned straddles = 0, successes = 0;

	for (unsigned k = 0; k < machines; k++) {
		struct uvm_machine *m;
		struct ref_machine r;
		uvmlab_list_t live[64];
		unsigned nlive = 0;

		random_layout(&m, &r);
		for (unsigned i = 0; i < ops; i++) {
			if (nlive > 0 && (rng(5) < 2 || nlive == 64)) {
				unsigned j = (unsigned)rng(nlive);
				ref_free(m, &r, live[j]);
				live[j] = live[--nlive];
				continue;
			}
			uvmlab_list_t l = compare_request(m, &r, &straddles);
			if (l != UINT32_MAX) {
				live[nlive++] = l;
				successes++;
			}
		}
		uvmlab_machine_destroy(m);
	}
	/* the random requests must exercise both outcomes and the flaw */
	CHECK(successes > machines * ops / 10);
	CHECK(straddles > 0);
	printf("reference: %u machines x %u ops, %u allocations, %u straddle misses\n", machines,
	       ops, successes, straddles);
}

int
main(void)
{
	test_straddle(UVMLAB_STRAT_FAITHFUL, "ENOMEM");
	test_straddle(UVMLAB_STRAT_FIXED, "0-7");
	test_negative_skip(false, 1 + 4, 1 + 2);
	test_negative_skip(true, 1 + 3, 1 + 2);
	test_against_reference(200, 150);
	return t_done();
}
