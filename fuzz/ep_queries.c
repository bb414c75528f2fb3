/*
 * bad_input's entry points that leave the machine as it is
 * (entry_points.h): machine creation, clone and assign, the page, list and
 * segment queries, and the name tables.  Each answer is compared with
 * the harness's own record; where a query has no error code (a NULL
 * name), the call reports EINVAL for it so the runner judges it as it
 * judges every rejection.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "entry_points.h"
#include "uvmlab/pool.h"
#include "uvmlab/stats.h"

#define STATES_MAX 64


static void
pfn_arg(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	a[0] = ep_pick_pfn(p, st);
	const uint64_t counts[] = {STATES_MAX, st->nallocated};
	a[1] = ep_pick(p, counts, ARRAY_LEN(counts), UINT64_MAX);
}

/* ---- uvmlab_machine_create(params), uvmlab_machine_clone(strategy) ---- */

/* Either every argument at a limit (one call in two), or the machine's
 * own parameters with at most one of them moved to a limit: with each
 * picked on its own a valid call is rare, and an off-by-one in one
 * argument's check shows only when the others are valid. */
static void
create_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	const uint64_t strats[] = {UVMLAB_STRAT_COUNT};
	const uint64_t lists[] = {1, UVMLAB_FREELIST_MAX};
	const uint64_t colors[] = {UVMLAB_COLOR_MAX, 3};
	const uint64_t buckets[] = {1, UVMLAB_BUCKET_MAX};
	const uint64_t reserves[] = {INT_MAX, INT_MAX - st->params.reserve_kernel};
	uint8_t mode = (uint8_t)producer_u64(p, 1);
	uint64_t pick[6];

	pick[0] = ep_pick(p, strats, ARRAY_LEN(strats), UINT32_MAX);
	pick[1] = ep_pick(p, lists, ARRAY_LEN(lists), UINT32_MAX);
	pick[2] = ep_pick_pow2(p) & UINT32_MAX;
	if (producer_u64(p, 1) & 1)
		pick[2] = ep_pick(p, colors, ARRAY_LEN(colors), UINT32_MAX);
	pick[3] = ep_pick(p, buckets, ARRAY_LEN(buckets), UINT32_MAX);
	pick[4] = ep_pick(p, reserves, ARRAY_LEN(reserves), UINT32_MAX);
	pick[5] = ep_pick(p, reserves, ARRAY_LEN(reserves), UINT32_MAX);
	a[6] = producer_u64(p, 1) % 8; /* 1: params NULL, 2: mp NULL */
	const uint64_t kvas[] = {1, UVMLAB_KVA_PAGES_MAX};
	uint64_t kva = ep_pick(p, kvas, ARRAY_LEN(kvas), UINT32_MAX);
	const uint64_t limits[] = {PAGE_SIZE, UVMLAB_MEMLIMIT_NONE};
	uint64_t limit = ep_pick(p, limits, ARRAY_LEN(limits), UINT64_MAX);
	if (mode & 1) {
		memcpy(a, pick, sizeof(pick));
		a[7] = kva;
		a[8] = limit;
		return;
	}
	a[7] = st->params.kva_pages;
	a[8] = st->params.memlimit;
	const struct uvmlab_params *own = &st->params;
	const uint64_t valid[6] = {own->strategy, own->nfreelists, own->ncolors,
				   own->nbuckets, own->reserve_pagedaemon, own->reserve_kernel};
	ep_valid_but_one(a, valid, pick, 6, (mode >> 1) % 7); /* 6: none moved */
}

static struct ep_verdict
create_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	(void)st;
	if (a[6] == 1 || a[6] == 2 || a[0] >= UVMLAB_STRAT_COUNT || a[1] < 1 ||
	    a[1] > UVMLAB_FREELIST_MAX || a[2] < 1 || a[2] > UVMLAB_COLOR_MAX ||
	    (a[2] & (a[2] - 1)) != 0 || a[3] < 1 || a[3] > UVMLAB_BUCKET_MAX || a[4] + a[5] > INT_MAX ||
	    a[7] < 1 || a[7] > UVMLAB_KVA_PAGES_MAX || a[8] == 0)
		return REJECT_EINVAL;
	return VALID;
}

static int
create_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	struct uvmlab_params p = {(enum uvmlab_strategy)a[0], (unsigned)a[1], (unsigned)a[2],
				  (unsigned)a[3], (unsigned)a[4], (unsigned)a[5], (unsigned)a[7], a[8]};
	struct uvm_machine *m = NULL;
	int error = uvmlab_machine_create(a[6] == 1 ? NULL : &p, a[6] == 2 ? NULL : &m);

	ep_call_made(st);
	/* creation makes exactly one host allocation (uvm.h) */
	if (error == 0 && st->armed != UVMLAB_FAIL_NEVER && st->armed > 0 &&
	    st->left != st->armed - 1)
		EP_FAIL(why, len,
			"with a failure armed after %" PRIu64 " allocations, creation left %" PRIu64
			" to let through, not %" PRIu64 " (it makes one)",
			st->armed, st->left, st->armed - 1);
	if (error == 0) {
		if (memcmp(uvmlab_machine_params(m), &p, sizeof(p)) != 0 || uvmlab_nsegs(m) != 0 ||
		    uvmlab_free_pages(m) != 0)
			EP_FAIL(why, len, "the new machine does not have the parameters it was given, "
					  "or is not empty");
		uvmlab_machine_destroy(m);
	}
	return error;
}

/* Strategies and counters: an index into a table of `count` entries,
 * valid below it. */
static uint64_t
pick_index(struct producer *p, uint64_t count)
{
	return ep_pick(p, &count, 1, UINT32_MAX);
}

static struct ep_verdict
index_below(uint64_t index, uint64_t count)
{
	return index < count ? VALID : REJECT_EINVAL;
}

static void
strategy_arg(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	(void)st;
	a[0] = pick_index(p, UVMLAB_STRAT_COUNT);
}

static struct ep_verdict
strategy_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	(void)st;
	return index_below(a[0], UVMLAB_STRAT_COUNT);
}

/* uvmlab_machine_assign, from the machine into its clone c after c
 * changed (a page taken): under the same strategy c gets the machine's
 * state back exactly; under another, or into an empty machine of the
 * same parameters (another layout), EINVAL and c is left as it was. */
static void
assign_check(const struct ep_state *st, struct uvm_machine *c, char *why, size_t len)
{
	uvmlab_pfn_t pfn;
	struct uvm_machine *empty;
	char vwhy[256];

	uvm_pagealloc(c, 0, &pfn);
	uint64_t changed = uvmlab_machine_digest(c);
	int want = uvmlab_machine_params(c)->strategy == st->params.strategy ? 0 : EINVAL;
	int error = uvmlab_machine_assign(c, st->m);
	uint64_t after = uvmlab_machine_digest(c);
	if (error != want || after != (want == 0 ? uvmlab_machine_digest(st->m) : changed)) {
		EP_FAIL(why, len, "uvmlab_machine_assign into a clone gave %s, %s", uvmlab_errno_name(error),
			after == changed ? "leaving the clone as it was" : "changing the clone");
		return;
	}
	if (!uvmlab_validate(c, vwhy, sizeof(vwhy))) {
		EP_FAIL(why, len, "the clone does not validate after uvmlab_machine_assign: %s", vwhy);
		return;
	}
	if (uvmlab_nsegs(c) == 0 || uvmlab_machine_create(uvmlab_machine_params(c), &empty) != 0)
		return;
	uint64_t before = uvmlab_machine_digest(empty);
	error = uvmlab_machine_assign(empty, c);
	if (error != EINVAL || uvmlab_machine_digest(empty) != before || uvmlab_nsegs(empty) != 0)
		EP_FAIL(why, len, "uvmlab_machine_assign into a machine without segments gave %s",
			uvmlab_errno_name(error));
	uvmlab_machine_destroy(empty);
}

static int
clone_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	struct uvm_machine *c;
	int error = uvmlab_machine_clone(st->m, (enum uvmlab_strategy)a[0], &c);
	char vwhy[256];

	ep_call_made(st);
	if (error != 0)
		return error;
	if (uvmlab_machine_params(c)->strategy != a[0] || uvmlab_nsegs(c) != st->nsegs ||
	    uvmlab_free_pages(c) != st->nfree)
		EP_FAIL(why, len, "the clone's strategy, segments or free count differ");
	else if (!uvmlab_validate(c, vwhy, sizeof(vwhy)))
		EP_FAIL(why, len, "the clone does not validate: %s", vwhy);
	else
		assign_check(st, c, why, len);
	uvmlab_machine_destroy(c);
	return error;
}

/* ---- uvmlab_seginfo(idx), uvmlab_nsegs ---- */

static void
idx_arg(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	const uint64_t idxs[] = {st->nsegs, UVMLAB_PHYSSEG_MAX};

	a[0] = ep_pick(p, idxs, ARRAY_LEN(idxs), UINT32_MAX);
}

static struct ep_verdict
seginfo_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	return a[0] < st->nsegs ? VALID : REJECT_EINVAL;
}

static int
seginfo_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	struct uvmlab_seginfo si;
	int error = uvmlab_seginfo(st->m, (unsigned)a[0], &si);

	if (uvmlab_nsegs(st->m) != st->nsegs) {
		EP_FAIL(why, len, "uvmlab_nsegs says %u, %u were loaded", uvmlab_nsegs(st->m),
			st->nsegs);
		return error;
	}
	if (error != 0 || a[0] >= st->nsegs)
		return error;
	const struct ep_seg *s = &st->segs[a[0]];
	if (si.start != s->start || si.end != s->end || si.avail_start != s->avail_start ||
	    si.avail_end != s->avail_end || si.freelist != s->freelist || si.bucket != s->bucket)
		EP_FAIL(why, len, "segment %" PRIu64 " reads [%" PRIu32 ", %" PRIu32 ") avail [%" PRIu32
			", %" PRIu32 "), loaded as [%" PRIu32 ", %" PRIu32 ") avail [%" PRIu32
			", %" PRIu32 ")", a[0], si.start, si.end, si.avail_start, si.avail_end,
			s->start, s->end, s->avail_start, s->avail_end);
	return error;
}

/* ---- uvmlab_page_state, uvmlab_page_states, uvmlab_page_flags ---- */

static enum uvmlab_page_state
expected_state(const struct ep_state *st, uint64_t pfn, uvmlab_list_t *list)
{
	uint32_t o = ep_owner(st, pfn);

	*list = o;
	if (o == EP_NOT_MANAGED)
		return ep_seg_of(st, pfn) ? UVMLAB_PAGE_UNMANAGED : UVMLAB_PAGE_ABSENT;
	return o == EP_FREE     ? UVMLAB_PAGE_FREE
	       : o == EP_SINGLE ? UVMLAB_PAGE_SINGLE
	       : o == EP_OBJECT ? UVMLAB_PAGE_OBJECT
				: UVMLAB_PAGE_LISTED;
}

static bool
state_matches(const struct ep_state *st, uint64_t pfn, enum uvmlab_page_state got,
	      uvmlab_list_t list, char *why, size_t len)
{
	uvmlab_list_t want_list;
	enum uvmlab_page_state want = expected_state(st, pfn, &want_list);

	if (got == want && (got != UVMLAB_PAGE_LISTED || list == want_list))
		return true;
	EP_FAIL(why, len, "pfn %" PRIu64 " reads state %d (list %" PRIu32 "), the record says %d "
			  "(list %" PRIu32 ")", pfn, (int)got, list, (int)want, want_list);
	return false;
}

static int
page_state_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uvmlab_list_t list = 0;
	enum uvmlab_page_state got = uvmlab_page_state(st->m, (uvmlab_pfn_t)a[0], &list);

	state_matches(st, (uvmlab_pfn_t)a[0], got, list, why, len);
	return 0;
}

static int
page_states_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	enum uvmlab_page_state sts[STATES_MAX];
	uvmlab_list_t lists[STATES_MAX];
	uint64_t n = a[1] % (STATES_MAX + 1), first = (uvmlab_pfn_t)a[0];

	if (first + n > (uint64_t)UINT32_MAX + 1)
		n = (uint64_t)UINT32_MAX + 1 - first; /* pfns past 2^32 have no name */
	uvmlab_page_states(st->m, (uvmlab_pfn_t)first, n, sts, lists);
	for (uint64_t i = 0; i < n; i++) {
		if (!state_matches(st, first + i, sts[i], lists[i], why, len))
			break;
	}
	return 0;
}

static int
page_flags_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uint32_t flags = uvmlab_page_flags(st->m, (uvmlab_pfn_t)a[0]), o = ep_owner(st, a[0]);
	bool ok = o == EP_FREE	   ? flags == PG_FREE
		  : o == EP_SINGLE ? (flags & (PG_FREE | PG_BUSY | PG_CLEAN)) == (PG_BUSY | PG_CLEAN)
		  : o == EP_OBJECT ? flags == ep_opage_of(st, a[0])->flags
		  : ep_seg_of(st, a[0]) == NULL ? flags == 0
						: (flags & PG_FREE) == 0;
	if (!ok)
		EP_FAIL(why, len, "pfn %" PRIu64 " has flags %#" PRIx32, a[0], flags);
	return 0;
}

/* ---- uvmlab_nth_allocated(k) ---- */

static int
nth_allocated_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uint64_t k = a[1], n = 0;
	uvmlab_pfn_t pfn = 0, want = 0;
	uint64_t got = uvmlab_nth_allocated(st->m, k, &pfn);

	for (unsigned i = 0; i < st->nsegs && n <= k; i++) {
		const struct ep_seg *s = &st->segs[i];
		for (uvmlab_pfn_t q = s->avail_start; q < s->avail_end && n <= k; q++) {
			uint32_t o = s->owner[q - s->avail_start];
			if (o != EP_FREE && o != EP_OBJECT && n++ == k)
				want = q;
		}
	}
	if (got != n || (n == k + 1 && pfn != want))
		EP_FAIL(why, len, "allocated pfn #%" PRIu64 ": the core counts %" PRIu64 " (pfn %" PRIu32
			"), the record %" PRIu64 " (pfn %" PRIu32 ")", k, got, pfn, n, want);
	return 0;
}

/* ---- uvmlab_pglist_count(list), uvmlab_pglist_pfns(list, cap),
 * uvmlab_pglist_fallback(list), uvmlab_pglist_live() ---- */

static int
pglist_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	const struct ep_list *l = ep_list_find(st, a[0]);
	uint64_t want = l ? l->npages : 0, cap = a[1] % 128;
	uvmlab_pfn_t pfns[129];

	pfns[cap] = 0xdeadbeef;
	size_t count = uvmlab_pglist_count(st->m, (uvmlab_list_t)a[0]);
	size_t n = uvmlab_pglist_pfns(st->m, (uvmlab_list_t)a[0], pfns, cap);
	if (l == NULL && uvmlab_pglist_fallback(st->m, (uvmlab_list_t)a[0])) {
		EP_FAIL(why, len, "dead list %" PRIu64 " is said to come from the fallback", a[0]);
		return 0;
	}
	if (count != want || n != want) {
		EP_FAIL(why, len, "list %" PRIu64 " counts %zu and %zu pages, the record %" PRIu64, a[0],
			count, n, want);
		return 0;
	}
	if (uvmlab_pglist_live(st->m) != st->nlists) {
		EP_FAIL(why, len, "%zu lists live, the record %u", uvmlab_pglist_live(st->m),
			st->nlists);
		return 0;
	}
	if (pfns[cap] != 0xdeadbeef) {
		EP_FAIL(why, len, "uvmlab_pglist_pfns wrote past its %" PRIu64 " slots", cap);
		return 0;
	}
	for (uint64_t i = 0; i < cap && i < n; i++) {
		if (ep_owner(st, pfns[i]) != a[0]) {
			EP_FAIL(why, len, "list %" PRIu64 " names pfn %" PRIu32 ", which it does not hold",
				a[0], pfns[i]);
			break;
		}
	}
	return 0;
}

/* ---- uvmlab_fail_allocation(n): the next call's host allocation after
 * n others fails once; the runner (bad_input.c) arms it around that call
 * alone and reads whether it happened ---- */

static void
fail_allocation_arg(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	/* a machine's first few allocations, and a clone's as far as the
	 * object layer's arrays (machine creation, a segment's pages each,
	 * then the layer's record, objects, slots, bytes, hash, windows) */
	const uint64_t nth[] = {1, 3, 8, 12};

	(void)st;
	a[0] = ep_pick(p, nth, ARRAY_LEN(nth), 15);
}

static int
fail_allocation_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	(void)why;
	(void)len;
	st->fail_next = a[0];
	return 0;
}

/* ---- the name tables: strategies, counters, errno values ---- */

static int
strategy_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	struct uvmlab_strategy_info info;
	enum uvmlab_strategy s = (enum uvmlab_strategy)a[0], back;
	const char *name = uvmlab_strategy_name(s);
	int error = uvmlab_strategy_info(s, &info);

	(void)st;
	if ((name == NULL) != (error != 0))
		EP_FAIL(why, len, "strategy %" PRIu64 ": a name but no info, or info but no name", a[0]);
	else if (name != NULL &&
		 (strcmp(info.name, name) != 0 || uvmlab_strategy_parse(name, &back) != 0 || back != s))
		EP_FAIL(why, len, "strategy %" PRIu64 " (%s) does not parse back", a[0], name);
	else if (uvmlab_strategy_parse("no such strategy", &back) != EINVAL)
		EP_FAIL(why, len, "an unknown strategy name parses");
	return error;
}

static void
stat_arg(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	(void)st;
	a[0] = pick_index(p, UVMLAB_STAT_COUNT);
}

static struct ep_verdict
stat_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	(void)st;
	return index_below(a[0], UVMLAB_STAT_COUNT);
}

static int
stat_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	enum uvmlab_stat s = (enum uvmlab_stat)a[0];
	const char *name = uvmlab_stat_name(s), *desc = uvmlab_stat_desc(s);

	if ((name == NULL) != (desc == NULL) || (name == NULL && uvmlab_stat_get(st->m, s) != 0))
		EP_FAIL(why, len, "counter %" PRIu64 ": name, description and value disagree", a[0]);
	return name == NULL ? EINVAL : 0;
}

static void
errno_arg(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	const uint64_t errs[] = {EINVAL, ENOMEM, EEXIST, EBUSY};

	(void)st;
	a[0] = (uint64_t)(int64_t)(int)ep_pick(p, errs, ARRAY_LEN(errs), UINT32_MAX);
}

static int
errno_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	int e = (int)a[0];
	const char *want = e == 0 ? "ok" : e == EINVAL ? "EINVAL" : e == ENOMEM ? "ENOMEM"
				: e == EEXIST ? "EEXIST" : e == EBUSY ? "EBUSY" : "EUNKNOWN";

	(void)st;
	if (strcmp(uvmlab_errno_name(e), want) != 0)
		EP_FAIL(why, len, "errno %d is named %s, not %s", e, uvmlab_errno_name(e), want);
	return 0;
}

/* ---- uvmlab_events_copy(cap) ---- */

static void
events_arg(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	const uint64_t caps[] = {UVMLAB_EVENT_RING, st->ncalls};

	a[0] = ep_pick(p, caps, ARRAY_LEN(caps), 63);
}

static int
events_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	struct uvmlab_event evs[64];
	uint64_t want = st->ncalls < UVMLAB_EVENT_RING ? st->ncalls : UVMLAB_EVENT_RING;
	size_t n = uvmlab_events_copy(st->m, evs, a[0]);

	want = want < a[0] ? want : a[0];
	if (n != want)
		EP_FAIL(why, len, "%zu events copied, %" PRIu64 " expected", n, want);
	for (size_t i = 0; i < n && n == want; i++) {
		if (evs[i].seq != st->ncalls - n + i + 1) {
			EP_FAIL(why, len, "event %zu has sequence number %" PRIu64, i, evs[i].seq);
			break;
		}
	}
	return 0;
}

/* ---- the machine's own numbers: uvmlab_nsegs, uvmlab_free_pages,
 * uvmlab_bucket_free, uvmlab_machine_params, uvmlab_params_default, the
 * byte counts ---- */

static void
no_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	(void)p;
	(void)st;
	(void)a;
}

/* uvmlab_bucket_free of every free list and bucket is the record's, and
 * 0 for one past the last of each. */
static bool
buckets_agree(const struct ep_state *st, char *why, size_t len)
{
	for (unsigned fl = 0; fl <= st->params.nfreelists; fl++) {
		for (unsigned b = 0; b <= st->params.nbuckets; b++) {
			bool real = fl < st->params.nfreelists && b < st->params.nbuckets;
			uint64_t want = real ? st->bucket_free[fl][b] : 0;
			if (uvmlab_bucket_free(st->m, fl, b) != want) {
				EP_FAIL(why, len, "uvmlab_bucket_free(%u, %u) is %" PRIu64 ", the record "
					"says %" PRIu64, fl, b, uvmlab_bucket_free(st->m, fl, b), want);
				return false;
			}
		}
	}
	return true;
}

static int
machine_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	struct uvmlab_params d;
	struct uvmlab_strategy_info info;

	(void)a;
	uvmlab_params_default(&d);
	uvmlab_strategy_info(st->params.strategy, &info);
	if (d.strategy != UVMLAB_STRAT_FIXED || d.nfreelists != 4 || d.ncolors != 1 ||
	    d.nbuckets != 1 || d.reserve_pagedaemon != 1 || d.reserve_kernel != 5 ||
	    d.kva_pages != 256 || d.memlimit != UVMLAB_MEMLIMIT_NONE)
		EP_FAIL(why, len, "uvmlab_params_default is not NetBSD's");
	else if (memcmp(uvmlab_machine_params(st->m), &st->params, sizeof(st->params)) != 0)
		EP_FAIL(why, len, "uvmlab_machine_params is not what the machine was made with");
	else if (uvmlab_free_pages(st->m) != st->nfree || uvmlab_nsegs(st->m) != st->nsegs)
		EP_FAIL(why, len, "%" PRIu64 " free pages in %u segments, the record says %" PRIu64
			" in %u", uvmlab_free_pages(st->m), uvmlab_nsegs(st->m), st->nfree, st->nsegs);
	else if (!buckets_agree(st, why, len))
		return 0;
	else if ((uvmlab_index_bytes(st->m) != 0) != (info.has_index && st->nsegs != 0))
		EP_FAIL(why, len, "uvmlab_index_bytes is %zu under %s", uvmlab_index_bytes(st->m),
			info.name);
	else if (uvmlab_page_descriptor_bytes() == 0)
		EP_FAIL(why, len, "a page descriptor of 0 bytes");
	return 0;
}

const struct ep_call ep_create = {
	"uvmlab_machine_create",
	{"strategy", "nfreelists", "ncolors", "nbuckets", "reserve_pagedaemon", "reserve_kernel",
	 "null", "kva_pages", "memlimit"},
	EP_READ_ONLY, create_args, create_spec, create_call};
const struct ep_call ep_fail_allocation = {"uvmlab_fail_allocation", {"n"}, EP_READ_ONLY,
					   fail_allocation_arg, ep_always_valid, fail_allocation_call};
const struct ep_call ep_clone = {"uvmlab_machine_clone+assign", {"strategy"}, EP_READ_ONLY,
				 strategy_arg, strategy_spec, clone_call};
const struct ep_call ep_seginfo = {"uvmlab_seginfo", {"idx"}, EP_READ_ONLY,
				   idx_arg, seginfo_spec, seginfo_call};
const struct ep_call ep_page_state = {"uvmlab_page_state", {"pfn"}, EP_READ_ONLY,
				      pfn_arg, ep_always_valid, page_state_call};
const struct ep_call ep_page_states = {"uvmlab_page_states", {"first", "n"}, EP_READ_ONLY,
				       pfn_arg, ep_always_valid, page_states_call};
const struct ep_call ep_page_flags = {"uvmlab_page_flags", {"pfn"}, EP_READ_ONLY,
				      pfn_arg, ep_always_valid, page_flags_call};
const struct ep_call ep_nth_allocated = {"uvmlab_nth_allocated", {"pfn", "k"}, EP_READ_ONLY,
					 pfn_arg, ep_always_valid, nth_allocated_call};
const struct ep_call ep_pglist = {"uvmlab_pglist_count+pfns+fallback+live", {"list", "cap"}, EP_READ_ONLY,
				  ep_list_args, ep_always_valid, pglist_call};
const struct ep_call ep_strategy = {"uvmlab_strategy_name+parse+info", {"strategy"}, EP_READ_ONLY,
				    strategy_arg, strategy_spec, strategy_call};
const struct ep_call ep_stat = {"uvmlab_stat_get+name+desc", {"counter"}, EP_READ_ONLY,
				stat_arg, stat_spec, stat_call};
const struct ep_call ep_errno_name = {"uvmlab_errno_name", {"error"}, EP_READ_ONLY,
				      errno_arg, ep_always_valid, errno_call};
const struct ep_call ep_events = {"uvmlab_events_copy", {"cap"}, EP_READ_ONLY,
				  events_arg, ep_always_valid, events_call};
const struct ep_call ep_machine = {"uvmlab_machine_params+nsegs+free_pages+bucket_free+bytes", {NULL}, EP_READ_ONLY,
				   no_args, ep_always_valid, machine_call};
