/*
 * bad_input's record of the machine (entry_points.h): the segments it
 * was built with or had loaded, who holds each managed pfn, the free
 * count of each free list and bucket, and the live lists.  Kept from
 * call results alone.  Also the argument generators, which aim at the
 * limits the record knows.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "entry_points.h"

void
ep_arm(struct ep_state *st)
{
	st->armed = st->left = st->fail_next;
	st->pending = st->armed != UVMLAB_FAIL_NEVER;
	st->fail_next = UVMLAB_FAIL_NEVER;
	uvmlab_fail_allocation(st->armed);
}

void
ep_call_made(struct ep_state *st)
{
	if (st->pending)
		st->left = uvmlab_fail_allocation(UVMLAB_FAIL_NEVER);
	st->pending = false;
}

bool
ep_injected(const struct ep_state *st)
{
	return st->armed != UVMLAB_FAIL_NEVER && st->left == UVMLAB_FAIL_NEVER;
}

int
ep_state_add_seg(struct ep_state *st, const struct seg_spec *s)
{
	unsigned pos = st->nsegs;
	uint64_t n = s->avail_end - s->avail_start;
	uint32_t *owner = malloc((n ? n : 1) * sizeof(*owner));

	if (owner == NULL)
		return ENOMEM;
	for (uint64_t i = 0; i < n; i++)
		owner[i] = EP_FREE;
	while (pos > 0 && st->segs[pos - 1].start > s->start) {
		st->segs[pos] = st->segs[pos - 1];
		pos--;
	}
	st->segs[pos] = (struct ep_seg){s->start,    s->end,	   s->avail_start,
					s->avail_end, s->freelist, s->bucket, owner};
	st->nsegs++;
	st->nfree += n;
	st->bucket_free[s->freelist][s->bucket] += n;
	return 0;
}

const struct ep_verdict VALID = {0, false, false}, VALID_OR_ENOMEM = {0, true, false},
			REJECT_EINVAL = {EINVAL, false, false},
			REJECT_EBUSY = {EBUSY, false, false}, NO_ROOM = {ENOMEM, false, false},
			REPLAYED = {0, false, true};

int
ep_state_init(struct ep_state *st, struct uvm_machine *m, const struct scenario *sc)
{
	memset(st, 0, sizeof(*st));
	st->m = m;
	st->params = sc->params;
	st->memlimit = sc->params.memlimit;
	st->ncalls = sc->nsegs; /* the set-up's physloads are in the event ring */
	st->fail_next = st->armed = st->left = UVMLAB_FAIL_NEVER;
	struct uvmlab_strategy_info info;
	st->seed_flaws = uvmlab_strategy_info(sc->params.strategy, &info) == 0 && info.seed_flaws;
	for (unsigned i = 0; i < sc->nsegs; i++) {
		if (ep_state_add_seg(st, &sc->segs[i]) != 0) {
			ep_state_fini(st);
			return ENOMEM;
		}
	}
	return 0;
}

void
ep_state_fini(struct ep_state *st)
{
	for (unsigned i = 0; i < st->nsegs; i++)
		free(st->segs[i].owner);
	st->nsegs = 0;
}

struct ep_seg *
ep_seg_of(const struct ep_state *st, uint64_t pfn)
{
	for (unsigned i = 0; i < st->nsegs; i++) {
		if (pfn >= st->segs[i].start && pfn < st->segs[i].end)
			return (struct ep_seg *)&st->segs[i];
	}
	return NULL;
}

uint32_t
ep_owner(const struct ep_state *st, uint64_t pfn)
{
	const struct ep_seg *s = ep_seg_of(st, pfn);

	if (s == NULL || pfn < s->avail_start || pfn >= s->avail_end)
		return EP_NOT_MANAGED;
	return s->owner[pfn - s->avail_start];
}

/* Moves pfn (managed) to its new holder, keeping every count. */
void
ep_set_owner(struct ep_state *st, uvmlab_pfn_t pfn, uint32_t owner)
{
	struct ep_seg *s = ep_seg_of(st, pfn);
	uint32_t *o = &s->owner[pfn - s->avail_start];
	int64_t d = (owner == EP_FREE) - (*o == EP_FREE);

	st->nfree += (uint64_t)d;
	st->nallocated -= (uint64_t)d;
	st->bucket_free[s->freelist][s->bucket] += (uint64_t)d;
	*o = owner;
	if (owner != EP_FREE)
		st->recent[st->nrecent++ % EP_RECENT] = pfn;
}

/* Above the kernel reserve, or with USERESERVE above the pagedaemon's. */
bool
ep_bucket_gives(const struct ep_state *st, unsigned fl, unsigned b, int flags)
{
	uint64_t n = st->bucket_free[fl][b];

	return n > 0 && (n > st->params.reserve_kernel ||
			 ((flags & UVM_PGA_USERESERVE) && n > st->params.reserve_pagedaemon));
}

uint64_t
ep_allocatable(const struct ep_state *st, int flags)
{
	uint64_t reserve = st->params.reserve_kernel, n = 0;

	if ((flags & UVM_PGA_USERESERVE) && st->params.reserve_pagedaemon < reserve)
		reserve = st->params.reserve_pagedaemon;

	for (unsigned fl = 0; fl < st->params.nfreelists; fl++) {
		for (unsigned b = 0; b < st->params.nbuckets; b++) {
			uint64_t f = st->bucket_free[fl][b];
			n += f > reserve ? f - reserve : 0;
		}
	}
	return n;
}

struct ep_list *
ep_list_find(const struct ep_state *st, uint64_t handle)
{
	for (unsigned i = 0; i < st->nlists; i++) {
		if (st->lists[i].handle == handle)
			return (struct ep_list *)&st->lists[i];
	}
	return NULL;
}

uvmlab_pfn_t
ep_top(const struct ep_state *st)
{
	return st->nsegs == 0 ? 0 : st->segs[st->nsegs - 1].end;
}

uint64_t
ep_pick(struct producer *p, const uint64_t *limits, unsigned n, uint64_t max)
{
	unsigned sel = (unsigned)producer_u64(p, 2) % (3 * n + 4);

	if (sel < 3 * n)
		return (limits[sel / 3] + sel % 3 - 1) & max;
	switch (sel - 3 * n) {
	case 0:
		return 0;
	case 1:
		return 1;
	case 2:
		return max;
	default:
		return producer_u64(p, 8) & max;
	}
}

uint64_t
ep_pick_pow2(struct producer *p)
{
	unsigned sel = (unsigned)producer_u64(p, 1);
	uint64_t v = (uint64_t)1 << (sel % 64);

	switch (sel / 64) {
	case 0:
		return v;
	case 1:
		return v - 1;
	case 2:
		return v + 1;
	default:
		return 0;
	}
}

uint64_t
ep_pick_pfn(struct producer *p, const struct ep_state *st)
{
	uint64_t pfns[4 * UVMLAB_PHYSSEG_MAX + EP_RECENT + 1];
	unsigned n = 0;

	pfns[n++] = UVMLAB_PFN_LIMIT;
	for (unsigned i = 0; i < st->nsegs; i++) {
		pfns[n++] = st->segs[i].start;
		pfns[n++] = st->segs[i].end;
		pfns[n++] = st->segs[i].avail_start;
		pfns[n++] = st->segs[i].avail_end;
	}
	for (unsigned i = 0; i < EP_RECENT && i < st->nrecent; i++)
		pfns[n++] = st->recent[i];
	return ep_pick(p, pfns, n, UINT32_MAX);
}

void
ep_valid_but_one(uint64_t a[EP_ARGS], const uint64_t *valid, const uint64_t *pick, unsigned n,
		 unsigned moved)
{
	memcpy(a, valid, n * sizeof(*a));
	if (moved < n)
		a[moved] = pick[moved];
}

struct ep_verdict
ep_always_valid(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	(void)st;
	(void)a;
	return VALID;
}

uint64_t
ep_as_int(uint64_t v)
{
	return (uint64_t)(int64_t)(int)v;
}

void
ep_compose(struct producer *p, uint64_t a[EP_ARGS], const uint64_t *valid, const uint64_t *pick,
	   unsigned n)
{
	uint8_t mode = (uint8_t)producer_u64(p, 1);

	if (mode & 1)
		memcpy(a, pick, n * sizeof(*a));
	else
		ep_valid_but_one(a, valid, pick, n, (mode >> 1) % (n + 1)); /* n: none moved */
}

void
ep_list_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	uint64_t hs[EP_MAX_LISTS + 1];
	unsigned n = 0;

	for (; n < st->nlists; n++)
		hs[n] = st->lists[n].handle;
	hs[n++] = st->nlists;
	a[0] = ep_pick(p, hs, n, UINT32_MAX);
	const uint64_t caps[] = {64};
	a[1] = ep_pick(p, caps, 1, 127);
}
