/*
 * The judge: the dispatch to each op's judge, uvm_pglistalloc's
 * brute-force specification, and what may explain faithful's answer
 * differing from fixed's; see judge.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "judge.h"
#include "rounding.h"

void
judge_capture(const struct session *s, const struct op *op, struct judge_before *b)
{
	b->params = *uvmlab_machine_params(s->m);
	b->nsegs = uvmlab_nsegs(s->m);
	for (unsigned i = 0; i < b->nsegs; i++)
		uvmlab_seginfo(s->m, i, &b->segs[i]);
	b->name_busy = op_names_holder(op) && session_holds(s, op->name);
	const char *names[2] = {op->name, op->name2};
	for (int i = 0; i < 2; i++) {
		b->id[i] = shadow_holder_id(s, names[i]);
		if (b->id[i] != SHADOW_ABSENT)
			b->holder[i] = s->holders[b->id[i]];
		else
			memset(&b->holder[i], 0, sizeof(b->holder[i]));
	}
}

static bool
is_free(const struct shadow *sh, uint64_t pfn)
{
	return shadow_owner(sh, pfn) == SHADOW_FREE;
}

enum verdict
judge_error(int got, int want, char *why, size_t len)
{
	if (got == want)
		return VERDICT_OK;
	return judge_bug(why, len, "%s, %s due", uvmlab_errno_name(got), uvmlab_errno_name(want));
}

enum verdict
judge_address(const struct op_result *r, int want, uint64_t want_va, char *why, size_t len)
{
	if (r->error == want && (want != 0 || r->value == want_va))
		return VERDICT_OK;
	return judge_bug(why, len, "%s at %#" PRIx64 ", must be %s at %#" PRIx64,
			 uvmlab_errno_name(r->error), r->value, uvmlab_errno_name(want), want_va);
}

enum verdict
judge_bug(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return VERDICT_BUG;
}

/* ---- uvm_pglistalloc ---- */

/* A request as rev 1.89 normalises it: pages, alignment and boundary in
 * pages, [lo, hi) in pfns. */
struct request {
	uint64_t num, align, boundary, lo, hi;
	bool contig, waitok;
};

static bool
pow2_or_zero(uint64_t x)
{
	return (x & (x - 1)) == 0;
}

/* The EINVAL rules of uvm_pglistalloc's contract (uvm.h). */
static bool
must_reject(const uint64_t *v)
{
	uint64_t size = v[PGLIST_SIZE];
	uint64_t align = v[PGLIST_ALIGN] < PAGE_SIZE ? PAGE_SIZE : v[PGLIST_ALIGN];

	return size == 0 || size > ptoa(UVMLAB_NPAGES_LIMIT - 1) ||
	       !pow2_or_zero(v[PGLIST_ALIGN]) || !pow2_or_zero(v[PGLIST_BOUNDARY]) ||
	       (v[PGLIST_BOUNDARY] != 0 && v[PGLIST_BOUNDARY] < size) ||
	       v[PGLIST_LOW] >= v[PGLIST_HIGH] || v[PGLIST_LOW] > UINT64_MAX - (align - 1);
}

static struct request
normalise(const uint64_t *v)
{
	struct request q;
	uint64_t align = v[PGLIST_ALIGN] < PAGE_SIZE ? PAGE_SIZE : v[PGLIST_ALIGN];

	q.num = atop(v[PGLIST_SIZE] + PAGE_SIZE - 1);
	q.align = atop(align);
	q.boundary = atop(v[PGLIST_BOUNDARY]);
	q.lo = atop((v[PGLIST_LOW] + align - 1) & ~(align - 1));
	q.hi = atop(v[PGLIST_HIGH]);
	q.contig = v[PGLIST_NSEGS] < q.num || q.align != 1 || q.boundary != 0;
	q.waitok = v[PGLIST_WAIT] != 0;
	return q;
}

static bool
crosses(const struct request *q, uint64_t start)
{
	return q->boundary != 0 && (start / q->boundary) != ((start + q->num - 1) / q->boundary);
}

/* The segments in search order: free lists by index, then address. */
static unsigned
search_order(const struct judge_before *b, const struct uvmlab_seginfo **order)
{
	unsigned n = 0;

	for (unsigned fl = 0; fl < b->params.nfreelists; fl++) {
		for (unsigned i = 0; i < b->nsegs; i++) {
			if (b->segs[i].freelist == fl)
				order[n++] = &b->segs[i];
		}
	}
	return n;
}

/* The lowest aligned start in [from, cap) of a free run of num pages
 * that ends by `end` and crosses no boundary. */
static bool
lowest_fit(const struct shadow *sh, const struct request *q, uint64_t from, uint64_t cap,
	   uint64_t end, uint64_t *start)
{
	for (uint64_t st = from; st < cap && st + q->num <= end;) {
		if (crosses(q, st)) {
			st += q->align;
			continue;
		}
		uint64_t p = st;
		while (p < st + q->num && is_free(sh, p))
			p++;
		if (p == st + q->num) {
			*start = st;
			return true;
		}
		/* p is busy: no start at or below it fits (linear in the range,
		 * so large segments stay cheap to judge) */
		st = round_up(p + 1, q->align);
	}
	return false;
}

/*
 * The run the contiguous search must give under `strategy`: in search
 * order, the first segment whose first pass (from the hint, rounded to
 * the alignment, to the end of the range) or wrapped pass has a fit.
 * Rev 1.89's wrapped pass (UVMLAB_WRAP_ENDS_BY_HINT) takes runs ending
 * by the hint; the mended one, runs starting before the first pass's
 * start.  The judge knows each rule itself and reads only which one the
 * strategy declares.
 */
static bool
spec_contig(const struct judge_before *b, const struct shadow *sh, const struct request *q,
	    enum uvmlab_wrap wrap, uint64_t *start)
{
	const struct uvmlab_seginfo *order[UVMLAB_PHYSSEG_MAX];
	unsigned n = search_order(b, order);

	for (unsigned i = 0; i < n; i++) {
		const struct uvmlab_seginfo *s = order[i];
		uint64_t as = s->avail_start, ae = s->avail_end, hint = as + s->start_hint;
		if (q->hi <= as || q->lo >= ae)
			continue;
		uint64_t limit = q->hi < ae ? q->hi : ae;
		uint64_t first = round_up(q->lo > hint ? q->lo : hint, q->align);
		uint64_t restart = round_up(q->lo > as ? q->lo : as, q->align);
		if (lowest_fit(sh, q, first, UINT64_MAX, limit, start))
			return true;
		if (s->start_hint == 0)
			continue;
		if (wrap == UVMLAB_WRAP_ENDS_BY_HINT
			? lowest_fit(sh, q, restart, UINT64_MAX, limit < hint ? limit : hint, start)
			: lowest_fit(sh, q, restart, first, limit, start))
			return true;
	}
	return false;
}

/* Is there any fitting run at all, whatever the hints? */
static bool
any_contig_fit(const struct judge_before *b, const struct shadow *sh, const struct request *q,
	       uint64_t *start)
{
	for (unsigned i = 0; i < b->nsegs; i++) {
		const struct uvmlab_seginfo *s = &b->segs[i];
		uint64_t as = s->avail_start, ae = s->avail_end;
		if (q->hi <= as || q->lo >= ae)
			continue;
		uint64_t from = round_up(q->lo > as ? q->lo : as, q->align);
		if (lowest_fit(sh, q, from, UINT64_MAX, q->hi < ae ? q->hi : ae, start))
			return true;
	}
	return false;
}

/*
 * The pages the simple path must give: in search order, each segment's
 * free pages from the hint to the end of the range, then (if the hint
 * is not 0) from the start of the range to the hint, until num are
 * taken.  Returns how many it found (all of them, or ENOMEM is due).
 */
static uint64_t
spec_simple(const struct judge_before *b, const struct shadow *sh, const struct request *q,
	    uvmlab_pfn_t *out)
{
	const struct uvmlab_seginfo *order[UVMLAB_PHYSSEG_MAX];
	unsigned n = search_order(b, order);
	uint64_t got = 0;

	for (unsigned i = 0; i < n && got < q->num; i++) {
		const struct uvmlab_seginfo *s = order[i];
		uint64_t as = s->avail_start, ae = s->avail_end, hint = as + s->start_hint;
		if (q->hi <= as || q->lo >= ae)
			continue;
		uint64_t limit = q->hi < ae ? q->hi : ae;
		for (uint64_t p = q->lo > hint ? q->lo : hint; p < limit && got < q->num; p++) {
			if (is_free(sh, p))
				out[got++] = (uvmlab_pfn_t)p;
		}
		uint64_t wrap_end = limit < hint ? limit : hint;
		for (uint64_t p = q->lo > as ? q->lo : as;
		     s->start_hint != 0 && p < wrap_end && got < q->num; p++) {
			if (is_free(sh, p))
				out[got++] = (uvmlab_pfn_t)p;
		}
	}
	return got;
}

static enum verdict
expect_pages(const struct op_result *r, const uvmlab_pfn_t *want, uint64_t n, char *why,
	     size_t len)
{
	if (r->error != 0)
		return judge_bug(why, len, "%s, but the search must give %" PRIu64 " pages from pfn %" PRIu32,
			   uvmlab_errno_name(r->error), n, want[0]);
	if (r->npfns != n)
		return judge_bug(why, len, "%zu pages given, the search must give %" PRIu64, r->npfns, n);
	for (uint64_t i = 0; i < n; i++) {
		if (r->pfns[i] != want[i])
			return judge_bug(why, len,
				   "page %" PRIu64 " is pfn %" PRIu32 ", the search must give pfn %" PRIu32,
				   i, r->pfns[i], want[i]);
	}
	return VERDICT_OK;
}

/* The result must be the run of n pages from start, in list order;
 * `who` names the path that must give it. */
static enum verdict
expect_run(const struct op_result *r, uint64_t start, uint64_t n, const char *who, char *why,
	   size_t len)
{
	if (r->error != 0)
		return judge_bug(why, len, "%s, but the %s must give pfns %" PRIu64 "-%" PRIu64,
			   uvmlab_errno_name(r->error), who, start, start + n - 1);
	for (size_t i = 0; i < r->npfns; i++) {
		if (r->pfns[i] != start + i)
			return judge_bug(why, len,
				   "page %zu is pfn %" PRIu32 ", but the %s must give pfns %" PRIu64
				   "-%" PRIu64,
				   i, r->pfns[i], who, start, start + n - 1);
	}
	if (r->npfns != n)
		return judge_bug(why, len, "%zu pages given, but the %s must give pfns %" PRIu64 "-%" PRIu64,
			   r->npfns, who, start, start + n - 1);
	return VERDICT_OK;
}

/*
 * The waitok fallback's exact answer, replayed on the shadow's free
 * queues: the run it must give (fell_back set), or ENOMEM.  Either way
 * the pages it took and gave back, and the colour after, go to *ch.
 */
static enum verdict
judge_fallback(const struct shadow *sh, const struct request *q, const uint64_t *slot,
	       const struct op_result *r, bool fell_back, struct churn *ch, char *why, size_t len)
{
	uint64_t top = (uint64_t)sh->top * PAGE_SIZE;
	struct fallback_request fq = {q->num, q->align, q->boundary, q->lo,
				      slot[PGLIST_HIGH] < top ? slot[PGLIST_HIGH] : top};
	struct fallback_answer a;

	if (fallback_replay(&sh->order, &fq, &a) != 0)
		return VERDICT_OK; /* host memory: no verdict */
	enum verdict verdict = VERDICT_OK;
	if (!a.found && r->error != ENOMEM)
		verdict = judge_bug(why, len, "%s, but the waitok fallback must find no run (ENOMEM)",
			      r->error ? uvmlab_errno_name(r->error) : "succeeded");
	else if (a.found && r->error == 0 && !fell_back)
		verdict = judge_bug(why, len,
			      "the search answered, but the waitok fallback must give pfns %" PRIu32
			      "-%" PRIu64,
			      a.start, a.start + q->num - 1);
	else if (a.found)
		verdict = expect_run(r, a.start, q->num, "waitok fallback", why, len);
	if (ch != NULL) {
		ch->pfns = a.returned;
		ch->n = a.nreturned;
		ch->colour_moved = true;
		ch->next_color = a.next_color;
	} else {
		fallback_answer_fini(&a);
	}
	return verdict;
}

enum verdict
judge_pglist(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	     const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	bool fell_back = r->error == 0 && r->fell_back;

	if (b->name_busy)
		return r->error == EEXIST ? VERDICT_OK
					  : judge_bug(why, len, "%s for a name that holds pages (EEXIST)",
						uvmlab_errno_name(r->error));
	bool reject = must_reject(op->slot);
	if (reject != (r->error == EINVAL))
		return judge_bug(why, len, "%s, but the arguments are %s", uvmlab_errno_name(r->error),
			   reject ? "invalid (EINVAL due)" : "valid");
	if (reject)
		return VERDICT_OK;
	if (r->error != 0 && r->error != ENOMEM)
		return judge_bug(why, len, "unexpected %s", uvmlab_errno_name(r->error));

	struct request q = normalise(op->slot);
	bool reserves_ok =
	    sh->nfree > (uint64_t)b->params.reserve_pagedaemon + b->params.reserve_kernel;

	if (!q.contig) {
		if (!reserves_ok)
			return r->error == ENOMEM
				   ? VERDICT_OK
				   : judge_bug(why, len, "succeeded with %" PRIu64 " free pages, within the "
						   "reserves %u + %u",
					 sh->nfree, b->params.reserve_pagedaemon,
					 b->params.reserve_kernel);
		uvmlab_pfn_t *want = malloc(q.num * sizeof(*want));
		if (want == NULL)
			return VERDICT_OK; /* host memory: no verdict */
		uint64_t got = spec_simple(b, sh, &q, want);
		enum verdict v = got < q.num ? (r->error == ENOMEM ? VERDICT_OK
								   : judge_bug(why, len, "succeeded, but only %" PRIu64
										   " of %" PRIu64 " pages are free in range",
									 got, q.num))
					     : expect_pages(r, want, got, why, len);
		/* a partial list goes back to the free lists, first to last */
		if (got < q.num && ch != NULL) {
			ch->pfns = want;
			ch->n = got;
		} else {
			free(want);
		}
		return v;
	}

	uint64_t start = 0;
	struct uvmlab_strategy_info info;
	if (uvmlab_strategy_info(b->params.strategy, &info) != 0)
		return judge_bug(why, len, "unknown strategy %d", (int)b->params.strategy);
	if (reserves_ok && spec_contig(b, sh, &q, info.wrap, &start)) {
		if (r->error == 0 && fell_back)
			return judge_bug(why, len, "fell back although the search must find pfn %" PRIu64,
				   start);
		return expect_run(r, start, q.num, "search", why, len);
	}
	/* the search finds nothing (or may not run, within the reserves):
	 * the fallback answers, or ENOMEM */
	if (q.waitok)
		return judge_fallback(sh, &q, op->slot, r, fell_back, ch, why, len);
	if (r->error == 0)
		return judge_bug(why, len, "the search gave pfn %" PRIu32 ", but %s", r->pfns[0],
			   reserves_ok ? "no run is visible to it" : "the reserves forbid it");
	if (reserves_ok && any_contig_fit(b, sh, &q, &start))
		return info.wrap == UVMLAB_WRAP_ENDS_BY_HINT
			   ? VERDICT_STRADDLE
			   : judge_bug(why, len, "ENOMEM, but pfns %" PRIu64 "-%" PRIu64 " are free and fit",
				 start, start + q.num - 1);
	return VERDICT_OK;
}

enum verdict
judge_op(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	 const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	op_judge_fn *judge = op_table[op->code]->judge;
	return judge == NULL ? VERDICT_OK : judge(b, sh, op, r, ch, why, len);
}

/* ---- faithful against fixed ---- */

/* A segment's place in the search order: free list first, then address. */
static int
search_rank(const struct judge_before *b, uvmlab_pfn_t pfn, const struct uvmlab_seginfo **segp)
{
	for (unsigned i = 0; i < b->nsegs; i++) {
		if (pfn >= b->segs[i].start && pfn < b->segs[i].end) {
			*segp = &b->segs[i];
			return (int)(b->segs[i].freelist * UVMLAB_PHYSSEG_MAX + i);
		}
	}
	return -1;
}

bool
judge_straddle_explains(const struct judge_before *b, const uvmlab_pfn_t *fixed_run, size_t n,
			const uvmlab_pfn_t *faithful_run, bool faithful_fell_back)
{
	const struct uvmlab_seginfo *seg = NULL, *other = NULL;
	int rank = n == 0 ? -1 : search_rank(b, fixed_run[0], &seg);

	if (rank < 0)
		return false;
	if (faithful_run != NULL && !faithful_fell_back &&
	    rank >= search_rank(b, faithful_run[0], &other))
		return false;
	uint64_t hint = (uint64_t)seg->avail_start + seg->start_hint;
	return seg->start_hint != 0 && fixed_run[0] < hint && fixed_run[n - 1] >= hint;
}
