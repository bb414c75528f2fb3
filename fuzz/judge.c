/* The pglist judge and oracle; see judge.h. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "judge.h"

void
judge_capture(const struct uvm_machine *m, struct judge_before *b)
{
	b->params = *uvmlab_machine_params(m);
	b->nsegs = uvmlab_nsegs(m);
	for (unsigned i = 0; i < b->nsegs; i++)
		uvmlab_seginfo(m, i, &b->segs[i]);
}

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
	uint64_t size = v[PGLIST_SIZE], align = v[PGLIST_ALIGN] < PAGE_SIZE ? PAGE_SIZE
									     : v[PGLIST_ALIGN];
	return size == 0 || size > ptoa(UVMLAB_NPAGES_LIMIT - 1) || !pow2_or_zero(v[PGLIST_ALIGN]) ||
	       !pow2_or_zero(v[PGLIST_BOUNDARY]) ||
	       (v[PGLIST_BOUNDARY] != 0 && v[PGLIST_BOUNDARY] < size) ||
	       v[PGLIST_LOW] >= v[PGLIST_HIGH] || v[PGLIST_LOW] > UINT64_MAX - (align - 1);
}

static struct request
normalise(const uint64_t *v)
{
	struct request q;
	uint64_t align = v[PGLIST_ALIGN] < PAGE_SIZE ? PAGE_SIZE : v[PGLIST_ALIGN];
	uint64_t nsegs = v[PGLIST_NSEGS];

	q.num = atop(v[PGLIST_SIZE] + PAGE_SIZE - 1);
	q.align = atop(align);
	q.boundary = atop(v[PGLIST_BOUNDARY]);
	q.lo = atop((v[PGLIST_LOW] + align - 1) & ~(align - 1));
	q.hi = atop(v[PGLIST_HIGH]);
	q.contig = nsegs < q.num || q.align != 1 || q.boundary != 0;
	q.waitok = v[PGLIST_WAIT] != 0;
	return q;
}

static bool
crosses(const struct request *q, uint64_t start)
{
	return q->boundary != 0 && (start / q->boundary) != ((start + q->num - 1) / q->boundary);
}

static bool
managed(const struct judge_before *b, uvmlab_pfn_t pfn)
{
	for (unsigned i = 0; i < b->nsegs; i++) {
		if (pfn >= b->segs[i].avail_start && pfn < b->segs[i].avail_end)
			return true;
	}
	return false;
}

/* The pages given must fit the request. */
static bool
result_fits(const struct judge_before *b, const struct request *q, const struct op_result *r,
	    char *why, size_t len)
{
	if (r->npfns != q->num) {
		snprintf(why, len, "%zu pages given for a request of %" PRIu64, r->npfns, q->num);
		return false;
	}
	for (size_t i = 0; i < r->npfns; i++) {
		uvmlab_pfn_t p = r->pfns[i];
		if (p < q->lo || p >= q->hi || !managed(b, p)) {
			snprintf(why, len, "pfn %" PRIu32 " outside [%" PRIu64 ", %" PRIu64
					   ") or unmanaged", p, q->lo, q->hi);
			return false;
		}
	}
	if (!q->contig)
		return true;
	for (size_t i = 1; i < r->npfns; i++) {
		if (r->pfns[i] != r->pfns[i - 1] + 1) {
			snprintf(why, len, "contiguous request given a gap after pfn %" PRIu32,
				 r->pfns[i - 1]);
			return false;
		}
	}
	if (r->pfns[0] % q->align != 0 || crosses(q, r->pfns[0])) {
		snprintf(why, len, "run at pfn %" PRIu32 " misaligned (%" PRIu64
				   " pages) or crosses a %" PRIu64 "-page boundary",
			 r->pfns[0], q->align, q->boundary);
		return false;
	}
	return true;
}

/* Free pages at [start, start + num), by brute force over the shadow. */
static bool
run_free(const struct shadow *sh, uint64_t start, uint64_t num)
{
	for (uint64_t p = start; p < start + num; p++) {
		if (p >= sh->top || sh->owner[p] != SHADOW_FREE)
			return false;
	}
	return true;
}

/* Is there a fitting run?  *visible: one that faithful's two passes
 * examine (not straddling its segment's hint).  *at: the first found. */
static bool
contig_fit_exists(const struct judge_before *b, const struct shadow *sh, const struct request *q,
		  bool *visible, uint64_t *at)
{
	bool any = false;

	*visible = false;
	for (unsigned i = 0; i < b->nsegs; i++) {
		const struct uvmlab_seginfo *s = &b->segs[i];
		uint64_t hint = (uint64_t)s->avail_start + s->start_hint;
		uint64_t from = q->lo > s->avail_start ? q->lo : s->avail_start;
		uint64_t first = q->lo > hint ? q->lo : hint;
		uint64_t end = q->hi < s->avail_end ? q->hi : s->avail_end;
		first = (first + q->align - 1) / q->align * q->align;
		from = (from + q->align - 1) / q->align * q->align;
		for (uint64_t st = from; st + q->num <= end; st += q->align) {
			if (crosses(q, st) || !run_free(sh, st, q->num))
				continue;
			if (!any)
				*at = st;
			any = true;
			if (s->start_hint == 0 || st >= first || st + q->num <= hint) {
				*visible = true;
				*at = st;
				return true;
			}
		}
	}
	return any;
}

static uint64_t
free_in_window(const struct judge_before *b, const struct shadow *sh, const struct request *q)
{
	uint64_t n = 0;
	for (uint64_t p = q->lo; p < q->hi && p < sh->top; p++)
		n += sh->owner[p] == SHADOW_FREE && managed(b, (uvmlab_pfn_t)p);
	return n;
}

enum verdict
judge_pglist(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	     const struct op_result *r, char *why, size_t len)
{
	bool reject = must_reject(op->slot);

	if (reject != (r->error == EINVAL)) {
		snprintf(why, len, "%s, but the arguments are %s", uvmlab_errno_name(r->error),
			 reject ? "invalid (EINVAL expected)" : "valid");
		return VERDICT_BUG;
	}
	if (reject || r->error == EEXIST)
		return VERDICT_OK;

	struct request q = normalise(op->slot);
	bool reserves_ok =
	    sh->nfree > (uint64_t)b->params.reserve_pagedaemon + b->params.reserve_kernel;
	if (r->error == 0) {
		if (!reserves_ok && !(q.contig && q.waitok)) {
			snprintf(why, len, "succeeded with %" PRIu64 " free pages, within the "
					   "reserves %u + %u",
				 sh->nfree, b->params.reserve_pagedaemon, b->params.reserve_kernel);
			return VERDICT_BUG;
		}
		return result_fits(b, &q, r, why, len) ? VERDICT_OK : VERDICT_BUG;
	}
	if (r->error != ENOMEM || !reserves_ok)
		return r->error == ENOMEM ? VERDICT_OK : VERDICT_BUG;

	if (!q.contig) {
		uint64_t n = free_in_window(b, sh, &q);
		if (n < q.num)
			return VERDICT_OK;
		snprintf(why, len, "ENOMEM, but %" PRIu64 " pages in the window are free for %" PRIu64,
			 n, q.num);
		return VERDICT_BUG;
	}
	bool visible;
	uint64_t at = 0;
	if (!contig_fit_exists(b, sh, &q, &visible, &at))
		return VERDICT_OK;
	if (!visible && b->params.strategy == UVMLAB_STRAT_FAITHFUL)
		return VERDICT_STRADDLE;
	snprintf(why, len, "ENOMEM, but pfns %" PRIu64 "-%" PRIu64 " are free and fit%s", at,
		 at + q.num - 1, visible ? "" : " (straddling a hint)");
	return VERDICT_BUG;
}

/* The search order of a segment: free list first, then address. */
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
	int rank = search_rank(b, fixed_run[0], &seg);

	if (rank < 0 || n == 0)
		return false;
	if (faithful_run != NULL && !faithful_fell_back &&
	    rank >= search_rank(b, faithful_run[0], &other))
		return false;
	uint64_t hint = (uint64_t)seg->avail_start + seg->start_hint;
	return seg->start_hint != 0 && fixed_run[0] < hint && fixed_run[n - 1] >= hint;
}
