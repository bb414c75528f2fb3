/*
 * bad_input's entry points that change the machine (entry_points.h):
 * the page and list allocators and frees, uvm_page_physload and
 * uvmlab_seg_set_hint.  Each specification is uvm.h's contract, with
 * its error precedence: EINVAL (malformed arguments) before ENOMEM.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "entry_points.h"


/* ---- uvm_pglistalloc(size, low, high, alignment, boundary, nsegs, waitok) ---- */

static void
pglistalloc_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	uint64_t pfns[4 * UVMLAB_PHYSSEG_MAX + EP_RECENT + 1];
	unsigned n = 0;
	const uint64_t sizes[] = {PAGE_SIZE, ptoa(UVMLAB_NPAGES_LIMIT - 1),
				  ptoa(UVMLAB_NPAGES_LIMIT), ptoa(st->nfree)};

	for (unsigned i = 0; i < st->nsegs; i++) {
		pfns[n++] = ptoa(st->segs[i].avail_start);
		pfns[n++] = ptoa(st->segs[i].avail_end);
	}
	pfns[n++] = ptoa(UVMLAB_PFN_LIMIT);
	a[0] = ep_pick(p, sizes, ARRAY_LEN(sizes), UINT64_MAX);
	a[1] = ep_pick(p, pfns, n, UINT64_MAX);
	const uint64_t highs[] = {a[1], ptoa(ep_top(st))};
	a[2] = ep_pick(p, highs, ARRAY_LEN(highs), UINT64_MAX);
	a[3] = ep_pick_pow2(p);
	const uint64_t bounds[] = {a[0], (a[0] + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1)};
	uint8_t b = (uint8_t)producer_u64(p, 1);
	a[4] = b & 1 ? ep_pick(p, bounds, ARRAY_LEN(bounds), UINT64_MAX) : ep_pick_pow2(p);
	const uint64_t nsegs[] = {atop(a[0] + PAGE_SIZE - 1), INT_MAX};
	a[5] = (uint64_t)(int64_t)(int)ep_pick(p, nsegs, ARRAY_LEN(nsegs), UINT32_MAX);
	a[6] = (b >> 1) & 1;
}

/* The request's pages, and the step low is rounded up to (the alignment,
 * at least a page): both the specification and the check of a result
 * read them. */
static uint64_t
request_pages(const uint64_t a[EP_ARGS])
{
	return a[0] / PAGE_SIZE + (a[0] % PAGE_SIZE != 0);
}

static uint64_t
request_step(const uint64_t a[EP_ARGS])
{
	return a[3] < PAGE_SIZE ? PAGE_SIZE : a[3];
}

static bool
pow2_or_zero(uint64_t v)
{
	return (v & (v - 1)) == 0;
}

static struct ep_verdict
pglistalloc_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	uint64_t size = a[0], low = a[1], high = a[2], align = a[3], boundary = a[4];

	(void)st;
	if (size == 0 || request_pages(a) >= UVMLAB_NPAGES_LIMIT || !pow2_or_zero(align) ||
	    !pow2_or_zero(boundary) || (boundary != 0 && boundary < size) || low >= high)
		return REJECT_EINVAL;
	/* low rounded up to the alignment (at least a page) must not wrap */
	if (low > UINT64_MAX - (request_step(a) - 1))
		return REJECT_EINVAL;
	/* whether pages fit is the ops targets' oracle's question */
	return VALID_OR_ENOMEM;
}

static int
pglistalloc_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uvmlab_list_t h;
	int error = uvm_pglistalloc(st->m, a[0], a[1], a[2], a[3], a[4], (int)a[5], a[6] != 0, &h);
	uint64_t want = request_pages(a), step = request_step(a);
	uint64_t lo = atop((a[1] + step - 1) & ~(step - 1));

	/* the check the kernel in the loop asks first is the call's own;
	 * the judge holds the call's EINVAL to the specification */
	if (uvmlab_pglist_args_valid(a[0], a[1], a[2], a[3], a[4]) != (error != EINVAL))
		EP_FAIL(why, len, "uvmlab_pglist_args_valid disagrees with the call's %s",
			uvmlab_errno_name(error));
	if (error != 0)
		return error;
	if (ep_list_find(st, h) != NULL || st->nlists == EP_MAX_LISTS) {
		EP_FAIL(why, len, "handle %" PRIu32 " is already live", h);
		return error;
	}
	size_t got = uvmlab_pglist_count(st->m, h);
	uvmlab_pfn_t *pfns = got == want && want <= st->nfree ? malloc(got * sizeof(*pfns)) : NULL;
	if (pfns == NULL) {
		EP_FAIL(why, len, "the list holds %zu pages, %" PRIu64 " were asked for (%" PRIu64
			" free)", got, want, st->nfree);
		return error;
	}
	uvmlab_pglist_pfns(st->m, h, pfns, got);
	st->lists[st->nlists++] = (struct ep_list){h, want};
	for (size_t i = 0; i < got; i++) {
		/* the exact pages are the ops targets' oracle's; here, that
		 * each was free and inside the window */
		if (pfns[i] < lo || ptoa(pfns[i]) >= a[2] || ep_owner(st, pfns[i]) != EP_FREE) {
			EP_FAIL(why, len, "page %" PRIu32 " was %s", pfns[i],
				ep_owner(st, pfns[i]) != EP_FREE ? "not free" : "outside [low, high)");
			break;
		}
		ep_set_owner(st, pfns[i], h);
	}
	free(pfns);
	return error;
}

/* ---- uvm_pagealloc_strat(flags, strat, freelist) and uvm_pagealloc(flags) ---- */

static uint64_t
flags_arg(struct producer *p)
{
	const uint64_t flags[] = {UVM_PGA_USERESERVE, UVM_PGA_ZERO,
				  UVM_PGA_USERESERVE | UVM_PGA_ZERO, 4};
	return (uint64_t)(int64_t)(int)ep_pick(p, flags, ARRAY_LEN(flags), UINT32_MAX);
}

static void
pagealloc_strat_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	const uint64_t strats[] = {UVM_PGA_STRAT_NORMAL, UVM_PGA_STRAT_FALLBACK};
	const uint64_t lists[] = {st->params.nfreelists, UVMLAB_FREELIST_MAX};

	a[0] = flags_arg(p);
	a[1] = (uint64_t)(int64_t)(int)ep_pick(p, strats, ARRAY_LEN(strats), UINT32_MAX);
	a[2] = ep_pick(p, lists, ARRAY_LEN(lists), UINT32_MAX);
}

static void
pagealloc_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	(void)st;
	a[0] = flags_arg(p);
	a[1] = UVM_PGA_STRAT_NORMAL;
	a[2] = 0;
}

static bool
list_eligible(int strat, unsigned want, unsigned fl)
{
	return strat != UVM_PGA_STRAT_ONLY || fl == want;
}

static struct ep_verdict
pagealloc_strat_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	int flags = (int)a[0], strat = (int)a[1];
	unsigned fl = (unsigned)a[2];

	if ((flags & ~(UVM_PGA_USERESERVE | UVM_PGA_ZERO)) != 0 || strat < UVM_PGA_STRAT_NORMAL ||
	    strat > UVM_PGA_STRAT_FALLBACK ||
	    (strat != UVM_PGA_STRAT_NORMAL && fl >= st->params.nfreelists))
		return REJECT_EINVAL;
	for (unsigned l = 0; l < st->params.nfreelists; l++) {
		for (unsigned b = 0; b < st->params.nbuckets; b++) {
			if (list_eligible(strat, fl, l) && ep_bucket_gives(st, l, b, flags))
				return VALID;
		}
	}
	return VALID_OR_ENOMEM;
}

static void
pagealloc_check(struct ep_state *st, const uint64_t a[EP_ARGS], uvmlab_pfn_t pfn, char *why,
		size_t len)
{
	const struct ep_seg *s = ep_seg_of(st, pfn);

	if (ep_owner(st, pfn) != EP_FREE)
		EP_FAIL(why, len, "page %" PRIu32 " was not free", pfn);
	else if (!list_eligible((int)a[1], (unsigned)a[2], s->freelist) ||
		 !ep_bucket_gives(st, s->freelist, s->bucket, (int)a[0]))
		EP_FAIL(why, len, "page %" PRIu32 " is on free list %u bucket %u, which may not give it",
			pfn, s->freelist, s->bucket);
	else
		ep_set_owner(st, pfn, EP_SINGLE);
}

static int
pagealloc_strat_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uvmlab_pfn_t pfn;
	int error = uvm_pagealloc_strat(st->m, (int)a[0], (int)a[1], (unsigned)a[2], &pfn);

	if (error == 0)
		pagealloc_check(st, a, pfn, why, len);
	return error;
}

static int
pagealloc_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uvmlab_pfn_t pfn;
	int error = uvm_pagealloc(st->m, (int)a[0], &pfn);

	if (error == 0)
		pagealloc_check(st, a, pfn, why, len);
	return error;
}

/* ---- uvm_pagefree(pfn), uvm_pglistfree(list), uvmlab_free_range(first, last) ---- */

static void
pfn_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	a[0] = ep_pick_pfn(p, st);
	const uint64_t lasts[] = {a[0], a[0] + 8};
	a[1] = ep_pick(p, lasts, ARRAY_LEN(lasts), UINT32_MAX);
}

static struct ep_verdict
pagefree_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	return ep_owner(st, a[0]) == EP_SINGLE ? VALID : REJECT_EINVAL;
}

static int
pagefree_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	int error = uvm_pagefree(st->m, (uvmlab_pfn_t)a[0]);

	(void)why;
	(void)len;
	if (error == 0)
		ep_set_owner(st, (uvmlab_pfn_t)a[0], EP_FREE);
	return error;
}

static struct ep_verdict
pglistfree_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	return ep_list_find(st, a[0]) != NULL ? VALID : REJECT_EINVAL;
}

static void
free_pages_of(struct ep_state *st, uint32_t owner)
{
	for (unsigned i = 0; i < st->nsegs; i++) {
		const struct ep_seg *s = &st->segs[i];
		for (uvmlab_pfn_t pfn = s->avail_start; pfn < s->avail_end; pfn++) {
			if (s->owner[pfn - s->avail_start] == owner)
				ep_set_owner(st, pfn, EP_FREE);
		}
	}
}

static int
pglistfree_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	int error = uvm_pglistfree(st->m, (uvmlab_list_t)a[0]);

	(void)why;
	(void)len;
	if (error == 0) {
		free_pages_of(st, (uint32_t)a[0]);
		*ep_list_find(st, a[0]) = st->lists[--st->nlists];
	}
	return error;
}

static struct ep_verdict
free_range_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	if (a[0] > a[1])
		return REJECT_EINVAL;
	/* every pfn in the range is held: the loop ends at the first that is
	 * not, so it is short whatever the range */
	for (uint64_t pfn = a[0]; pfn <= a[1]; pfn++) {
		uint32_t o = ep_owner(st, pfn);
		if (o == EP_FREE || o == EP_NOT_MANAGED || o == EP_OBJECT)
			return REJECT_EINVAL;
	}
	return VALID;
}

static int
free_range_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	int error = uvmlab_free_range(st->m, (uvmlab_pfn_t)a[0], (uvmlab_pfn_t)a[1]);

	(void)why;
	(void)len;
	for (uint64_t pfn = a[0]; error == 0 && pfn <= a[1]; pfn++) {
		struct ep_list *l = ep_list_find(st, ep_owner(st, pfn));
		if (l != NULL)
			l->npages--;
		ep_set_owner(st, (uvmlab_pfn_t)pfn, EP_FREE);
	}
	return error;
}

/* ---- uvm_page_physload(start, end, avail_start, avail_end, freelist, bucket) ---- */

/* Either every argument at a limit (one call in two), or a segment that
 * is valid (above the last one, or just above another, or at 0) with at most one argument
 * moved to a limit: a valid segment is rare when each argument is
 * picked on its own, and the limits of a valid call are the ones an
 * off-by-one in its check moves. */
static void
physload_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	uint8_t mode = (uint8_t)producer_u64(p, 1);
	uint64_t pick[6];

	pick[0] = ep_pick_pfn(p, st);
	const uint64_t ends[] = {pick[0] + 1, pick[0] + 16, pick[0] + UVMLAB_SEG_PAGES_MAX,
				 UVMLAB_PFN_LIMIT};
	pick[1] = ep_pick(p, ends, ARRAY_LEN(ends), UINT32_MAX);
	const uint64_t starts[] = {pick[0], pick[1]};
	pick[2] = ep_pick(p, starts, ARRAY_LEN(starts), UINT32_MAX);
	const uint64_t avail_ends[] = {pick[1], pick[2]};
	pick[3] = ep_pick(p, avail_ends, ARRAY_LEN(avail_ends), UINT32_MAX);
	const uint64_t lists[] = {st->params.nfreelists, UVMLAB_FREELIST_MAX};
	pick[4] = ep_pick(p, lists, ARRAY_LEN(lists), UINT32_MAX);
	const uint64_t buckets[] = {st->params.nbuckets, UVMLAB_BUCKET_MAX};
	pick[5] = ep_pick(p, buckets, ARRAY_LEN(buckets), UINT32_MAX);
	if (mode & 1) {
		memcpy(a, pick, sizeof(pick));
		return;
	}
	/* above the last segment, or the one it names (0: at pfn 0) */
	unsigned above = (mode >> 2) % (st->nsegs + 1);
	uint64_t start = mode & 2 ? ep_top(st) : above == 0 ? 0 : st->segs[above - 1].end;
	uint64_t end = start + 1 + (mode >> 4) % 16;
	const uint64_t valid[6] = {start, end, start, end, st->params.nfreelists - 1,
				   st->params.nbuckets - 1};
	ep_valid_but_one(a, valid, pick, 6, (unsigned)producer_u64(p, 1) % 7); /* 6: none */
}

static struct ep_verdict
physload_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	uint64_t start = a[0], end = a[1], as = a[2], ae = a[3];

	if (start >= end || end > UVMLAB_PFN_LIMIT || as < start || ae > end || as >= ae ||
	    a[4] >= st->params.nfreelists || a[5] >= st->params.nbuckets)
		return REJECT_EINVAL;
	for (unsigned i = 0; i < st->nsegs; i++) {
		if (start < st->segs[i].end && st->segs[i].start < end)
			return REJECT_EINVAL;
	}
	if (st->nsegs == UVMLAB_PHYSSEG_MAX || end - start > UVMLAB_SEG_PAGES_MAX)
		return NO_ROOM;
	return VALID;
}

static int
physload_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	const struct seg_spec s = {(uvmlab_pfn_t)a[0], (uvmlab_pfn_t)a[1], (uvmlab_pfn_t)a[2],
				   (uvmlab_pfn_t)a[3], (unsigned)a[4], (unsigned)a[5], 0};

	if (physload_spec(st, a).error == 0 && a[1] - a[0] > EP_HUGE_SEGMENT)
		return EP_SKIPPED;
	int error = uvm_page_physload(st->m, s.start, s.end, s.avail_start, s.avail_end,
				      s.freelist, s.bucket);
	if (error == 0 && ep_state_add_seg(st, &s) != 0)
		EP_FAIL(why, len, "no host memory for the harness's record");
	return error;
}

/* ---- uvmlab_seg_set_hint(idx, hint) ---- */

static void
seg_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	const uint64_t idxs[] = {st->nsegs, UVMLAB_PHYSSEG_MAX};

	a[0] = ep_pick(p, idxs, ARRAY_LEN(idxs), UINT32_MAX);
	const struct ep_seg *s = a[0] < st->nsegs ? &st->segs[a[0]] : NULL;
	const uint64_t hints[] = {s ? s->avail_end - s->avail_start : 0};
	a[1] = ep_pick(p, hints, ARRAY_LEN(hints), UINT32_MAX);
}

static struct ep_verdict
set_hint_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	if (a[0] >= st->nsegs || a[1] > st->segs[a[0]].avail_end - st->segs[a[0]].avail_start)
		return REJECT_EINVAL;
	return VALID;
}

static int
set_hint_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	int error = uvmlab_seg_set_hint(st->m, (unsigned)a[0], (uint32_t)a[1]);
	struct uvmlab_seginfo si;

	if (error == 0 && (uvmlab_seginfo(st->m, (unsigned)a[0], &si) != 0 || si.start_hint != a[1]))
		EP_FAIL(why, len, "segment %" PRIu64 "'s hint is not %" PRIu64 " after it was set",
			a[0], a[1]);
	return error;
}

const struct ep_call ep_pglistalloc = {
	"uvm_pglistalloc",
	{"size", "low", "high", "alignment", "boundary", "nsegs", "waitok"},
	EP_LOGGED, pglistalloc_args, pglistalloc_spec, pglistalloc_call};
const struct ep_call ep_pagealloc_strat = {
	"uvm_pagealloc_strat", {"flags", "strat", "freelist"}, EP_LOGGED | EP_ENOMEM_CHANGES_NOTHING,
	pagealloc_strat_args, pagealloc_strat_spec, pagealloc_strat_call};
const struct ep_call ep_pagealloc = {
	"uvm_pagealloc", {"flags"}, EP_LOGGED | EP_ENOMEM_CHANGES_NOTHING, pagealloc_args, pagealloc_strat_spec,
	pagealloc_call};
const struct ep_call ep_pagefree = {"uvm_pagefree", {"pfn"}, EP_LOGGED,
				     pfn_args, pagefree_spec, pagefree_call};
const struct ep_call ep_pglistfree = {"uvm_pglistfree", {"list"}, EP_LOGGED,
				      ep_list_args, pglistfree_spec, pglistfree_call};
const struct ep_call ep_free_range = {"uvmlab_free_range", {"first", "last"}, EP_LOGGED,
				      pfn_args, free_range_spec, free_range_call};
const struct ep_call ep_physload = {
	"uvm_page_physload",
	{"start", "end", "avail_start", "avail_end", "freelist", "bucket"},
	EP_LOGGED | EP_ENOMEM_CHANGES_NOTHING, physload_args, physload_spec, physload_call};
const struct ep_call ep_set_hint = {"uvmlab_seg_set_hint", {"idx", "hint"}, 0,
				    seg_args, set_hint_spec, set_hint_call};
