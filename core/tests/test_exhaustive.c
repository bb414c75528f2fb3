/*
 * Exhaustive checks in the small: on one segment of EXHAUSTIVE_PAGES
 * pages, every pattern of free pages, every start hint, every request
 * size, alignments of 1, 2, 4 and 8 pages and boundaries of none, 2, 4
 * and 8 pages, under every strategy.  Each must give the pages (in list
 * order) and leave the hint that its reference gives:
 *   faithful: ref_pglist189.c, the line-by-line model of rev 1.89;
 *   the others: brute_force() below, written from the mended rule (the
 *     lowest aligned run at or after the hint that crosses no boundary;
 *     else, with a hint, the lowest that starts before the first pass's
 *     start), trying every candidate.
 * The segment starts at pfn SEG_START, which no alignment above one page
 * divides, so that alignments and boundaries fall inside it.
 * EXHAUSTIVE_PAGES is the largest that runs within a minute in the
 * debug preset (ASan, UBSan, the validator after every core call).
 */
#include "ref_pglist189.h"
#include "testlib.h"

#ifndef EXHAUSTIVE_PAGES
#define EXHAUSTIVE_PAGES 10
#endif
#define SEG_START 13
#define N EXHAUSTIVE_PAGES

static const unsigned aligns[] = {1, 2, 4, 8};
static const unsigned bounds[] = {0, 2, 4, 8};

/* The machine of one free pattern (bit i: page SEG_START + i is free). */
static struct uvm_machine *
pattern_machine(enum uvmlab_strategy s, unsigned pattern)
{
	struct uvm_machine *m = t_machine(s, 0, 0);
	uvmlab_list_t all;

	t_seg(m, SEG_START, SEG_START + N, 0);
	CHECK_EQ(uvm_pglistalloc(m, PAGE_SIZE * N, 0, UINT64_MAX, 0, 0, 0, false, &all), 0);
	for (unsigned i = 0; i < N; i++) {
		if (pattern >> i & 1)
			CHECK_EQ(uvmlab_free_range(m, SEG_START + i, SEG_START + i), 0);
	}
	return m;
}

static bool
run_ok(unsigned pattern, unsigned c, unsigned num, unsigned bound)
{
	if (c < SEG_START || c + num > SEG_START + N)
		return false;
	if (bound != 0 && c / bound != (c + num - 1) / bound)
		return false;
	for (unsigned i = 0; i < num; i++) {
		if (!(pattern >> (c + i - SEG_START) & 1))
			return false;
	}
	return true;
}

/* The mended rule, every candidate tried: the first run's pfn, or -1;
 * *hint becomes the page after it. */
static int
brute_force(unsigned pattern, unsigned *hint, unsigned num, unsigned align, unsigned bound)
{
	unsigned first = (SEG_START + *hint + align - 1) / align * align;

	for (unsigned c = first; c + num <= SEG_START + N; c += align) {
		if (run_ok(pattern, c, num, bound)) {
			*hint = c + num - SEG_START;
			return (int)c;
		}
	}
	for (unsigned c = (SEG_START + align - 1) / align * align; *hint != 0 && c < first;
	     c += align) {
		if (run_ok(pattern, c, num, bound)) {
			*hint = c + num - SEG_START;
			return (int)c;
		}
	}
	return -1;
}

/* rev 1.89's answer from the reference model. */
static int
reference_189(unsigned pattern, unsigned *hint, unsigned num, unsigned align, unsigned bound,
	      int *out, int *nout)
{
	struct ref_machine r = {.nsegs = 1, .nfreelists = 1};

	r.segs[0] = (struct ref_seg){SEG_START, SEG_START + N, SEG_START, SEG_START + N, 0, *hint};
	for (unsigned i = 0; i < N; i++) {
		r.is_free[SEG_START + i] = pattern >> i & 1;
		r.nfree += pattern >> i & 1;
	}
	int error = ref_pglistalloc(&r, (uint64_t)num * PAGE_SIZE, 0, UINT64_MAX,
				    (uint64_t)align * PAGE_SIZE, (uint64_t)bound * PAGE_SIZE, 0, out,
				    nout);
	*hint = r.segs[0].hint;
	return error;
}

static unsigned failures;

/* One request on m: the pages and hint must be the reference's. */
static void
check_request(struct uvm_machine *m, enum uvmlab_strategy s, unsigned pattern, unsigned hint,
	      unsigned num, unsigned align, unsigned bound)
{
	int want[N], nwant = 0, error;
	unsigned want_hint = hint;
	uvmlab_list_t l;
	struct uvmlab_seginfo si;

	if (s == UVMLAB_STRAT_FAITHFUL) {
		error = reference_189(pattern, &want_hint, num, align, bound, want, &nwant);
	} else if (bound != 0 && bound < num) {
		error = EINVAL;
	} else {
		int c = brute_force(pattern, &want_hint, num, align, bound);
		error = c < 0 ? ENOMEM : 0;
		for (unsigned i = 0; c >= 0 && i < num; i++)
			want[nwant++] = c + (int)i;
	}
	CHECK_EQ(uvmlab_seg_set_hint(m, 0, hint), 0);
	int got = uvm_pglistalloc(m, (psize_t)num * PAGE_SIZE, 0, UINT64_MAX,
				  (paddr_t)align * PAGE_SIZE, (paddr_t)bound * PAGE_SIZE, 0, false, &l);
	uvmlab_pfn_t pfns[N];
	size_t n = got == 0 ? uvmlab_pglist_pfns(m, l, pfns, N) : 0;
	bool same = got == error && n == (size_t)nwant;
	for (size_t i = 0; same && i < n; i++)
		same = pfns[i] == (uvmlab_pfn_t)want[i];
	uvmlab_seginfo(m, 0, &si);
	same = same && si.start_hint == want_hint;
	if (!same && failures++ < 10)
		fprintf(stderr,
			"%s, free pattern %#x, hint %u, %u pages, align %u, boundary %u: got %s "
			"(%zu pages from %u, hint %u), the reference %s (%d pages from %d, hint %u)\n",
			uvmlab_strategy_name(s), pattern, hint, num, align, bound,
			uvmlab_errno_name(got), n, n ? pfns[0] : 0, si.start_hint,
			uvmlab_errno_name(error), nwant, nwant ? want[0] : -1, want_hint);
	CHECK(same);
	if (got == 0)
		CHECK_EQ(uvm_pglistfree(m, l), 0);
}

int
main(void)
{
	for (unsigned s = 0; s < UVMLAB_STRAT_COUNT; s++) {
		for (unsigned pattern = 0; pattern < 1u << N; pattern++) {
			struct uvm_machine *m = pattern_machine((enum uvmlab_strategy)s, pattern);
			for (unsigned hint = 0; hint <= N; hint++)
				for (unsigned num = 1; num <= N; num++)
					for (unsigned a = 0; a < 4; a++)
						for (unsigned b = 0; b < 4; b++)
							check_request(m, (enum uvmlab_strategy)s,
								      pattern, hint, num, aligns[a],
								      bounds[b]);
			uvmlab_machine_destroy(m);
		}
	}
	printf("exhaustive: %u pages, every strategy: %d checks passed, %d failed\n", N, t_passed,
	       t_failed);
	return t_failed == 0 ? 0 : 1;
}
