/*
 * bad_input's entry points of the kernel map's address space and faults
 * (entry_points.h): uvm_km_valloc, uvm_km_alloc1, uvm_km_suballoc,
 * uvm_km_free and uvmlab_km_touch.  The record follows each map's
 * ranges, and the kernel object's pages (with the object pages,
 * ep_objects_state.c);
 * every address is the lowest fit it computes, every touched page one
 * that was free, and a free removes exactly the pages of its range.
 * The first call that succeeds makes the kernel's two objects, at the
 * lowest free handles.  A wait for memory with no pool to drain is
 * ENOMEM; one with a pool to drain is not made (ep_drainable).
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "entry_points.h"
#include "uvmlab/km.h"


vsize_t
ep_round_size(uint64_t size)
{
	return size > UINT64_MAX - (PAGE_SIZE - 1) ? 0 : (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

/* The map a call names: the kernel map always (its first call makes
 * it), a submap once made. */
const struct ep_kmap *
ep_kmap(const struct ep_state *st, uint64_t map)
{
	static struct ep_kmap fresh;

	if (map == UVMLAB_KERNEL_MAP && !st->km) {
		fresh = (struct ep_kmap){true, UVMLAB_KVA_START,
					 UVMLAB_KVA_START + ptoa(st->params.kva_pages), 0, {{0}}};
		return &fresh;
	}
	return map < st->nkmaps && st->kmaps[map].live ? &st->kmaps[map] : NULL;
}

/* The lowest fit of size bytes in km at or after hint; 0 if none. */
vaddr_t
ep_lowest_fit(const struct ep_kmap *km, vaddr_t hint, vsize_t size)
{
	vaddr_t va = hint;

	for (unsigned i = 0; i < km->n; i++) {
		if (km->e[i].end > va && km->e[i].start < va + size)
			va = km->e[i].end;
	}
	return size <= km->max - va && va >= km->min ? va : 0;
}

/* The first call that succeeds made the layer: its objects now too. */
void
ep_layer_made(struct ep_state *st)
{
	if (st->km)
		return;
	st->kmaps[0] = *ep_kmap(st, UVMLAB_KERNEL_MAP);
	st->nkmaps = 1;
	st->km = true;
	st->kernel_object = ep_obj_next(st);
	st->objs[st->kernel_object] = (struct ep_obj){true, st->params.kva_pages, true};
	st->kmem_object = ep_obj_next(st);
	st->objs[st->kmem_object] = (struct ep_obj){true, st->params.kva_pages, true};
}

bool
ep_obj_room(const struct ep_state *st, unsigned more)
{
	unsigned free = 0;

	for (unsigned i = 0; i < EP_MAX_OBJS; i++)
		free += !st->objs[i].live;
	return free >= (st->km ? 0 : 2) + more;
}

/* A range into km's, in order; `sub`: the submap it holds, or 0 for
 * none (the kernel map is never a submap). */
void
ep_add_range(struct ep_kmap *km, vaddr_t start, vsize_t size, unsigned sub, uvmlab_obj_t obj)
{
	unsigned pos = 0;

	while (pos < km->n && km->e[pos].start < start)
		pos++;
	memmove(&km->e[pos + 1], &km->e[pos], (km->n - pos) * sizeof(km->e[0]));
	km->e[pos] = (struct ep_kment){start, start + size, sub != 0, sub, obj};
	km->n++;
}

/* Room for what a call adds: the record's, or the call is not made. */
bool
ep_km_room(const struct ep_state *st, uint64_t map, bool new_map)
{
	const struct ep_kmap *km = ep_kmap(st, map);
	return km->n < EP_MAX_KENTS - 1 && (!new_map || (st->km ? st->nkmaps : 1) < EP_MAX_KMAPS);
}

uint64_t
ep_pick_map(struct producer *p, const struct ep_state *st)
{
	const uint64_t maps[] = {UVMLAB_KERNEL_MAP, st->nkmaps};
	return ep_pick(p, maps, ARRAY_LEN(maps), UINT32_MAX);
}

/* ---- uvm_km_valloc(map, size, null) ---- */

static void
valloc_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	uint8_t sel = (uint8_t)producer_u64(p, 1);
	/* the largest size round_page takes without wrapping, too */
	const uint64_t sizes[] = {PAGE_SIZE, ptoa(st->params.kva_pages), UINT64_MAX - (PAGE_SIZE - 1)};
	const uint64_t pick[3] = {ep_pick_map(p, st), ep_pick(p, sizes, ARRAY_LEN(sizes), UINT64_MAX), 1};
	const uint64_t valid[3] = {st->nkmaps ? sel % st->nkmaps : 0, 1 + producer_u64(p, 2) % ptoa(4),
				   0};

	ep_compose(p, a, valid, pick, 3);
}

static struct ep_verdict
valloc_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	const struct ep_kmap *km = ep_kmap(st, a[0]);

	if (km == NULL || ep_round_size(a[1]) == 0 || a[2] != 0)
		return REJECT_EINVAL;
	return ep_lowest_fit(km, km->min, ep_round_size(a[1])) == 0 ? NO_ROOM : VALID;
}

static int
valloc_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	const struct ep_kmap *km = ep_kmap(st, a[0]);
	vaddr_t va = 0, want = 0;

	if (valloc_spec(st, a).error == 0) {
		if (!ep_km_room(st, a[0], false) || !ep_obj_room(st, 0))
			return EP_SKIPPED;
		want = ep_lowest_fit(km, km->min, ep_round_size(a[1]));
	}
	int error = uvm_km_valloc(st->m, (uvmlab_map_t)a[0], a[1], a[2] ? NULL : &va);
	if (error != 0)
		return error;
	ep_layer_made(st);
	uvmlab_obj_t kobj;
	if (uvmlab_km_kernel_object(st->m, &kobj) != 0 || kobj != st->kernel_object)
		EP_FAIL(why, len, "the kernel object is %" PRIu32 ", the lowest free handle was %" PRIu32,
			kobj, st->kernel_object);
	else if (va != want)
		EP_FAIL(why, len, "the range is at %#" PRIx64 ", the lowest fit is %#" PRIx64, va, want);
	ep_add_range(&st->kmaps[a[0]], va, ep_round_size(a[1]), 0, st->kernel_object);
	return error;
}

/* ---- uvm_km_alloc1(map, size, zeroit, null) ---- */

static void
alloc1_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	uint64_t v[EP_ARGS] = {0};

	valloc_args(p, st, v); /* map, size, null */
	a[0] = v[0];
	a[1] = v[1];
	a[2] = producer_u64(p, 1) & 1;
	a[3] = v[2];
}

uint64_t
ep_first_resident(const struct ep_state *st, uvmlab_obj_t obj, vaddr_t va, uint64_t pages)
{
	uint64_t first = pages;

	for (unsigned i = 0; i < st->nopages; i++) {
		const struct ep_opage *op = &st->opages[i];
		uint64_t k = op->pgoff - atop(va - UVMLAB_KVA_START);
		if (op->obj == obj && op->pgoff >= atop(va - UVMLAB_KVA_START) && k < first)
			first = k;
	}
	return first;
}

/* A page of the kernel object outside every range is one released by
 * an earlier free, still busy with its holder: page by page, alloc1
 * allocates the pages before it (ENOMEM if they are too many), then
 * meets it (EBUSY); both undone.  A wait with no pool to drain is
 * ENOMEM; one with a pool to drain is not made (ep_daemon_helps). */
static struct ep_verdict
alloc1_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	const uint64_t v[EP_ARGS] = {a[0], a[1], a[3]};
	struct ep_verdict r = valloc_spec(st, v);

	if (r.error != 0)
		return r;
	const struct ep_kmap *km = ep_kmap(st, a[0]);
	uint64_t pages = atop(ep_round_size(a[1]));
	vaddr_t va = ep_lowest_fit(km, km->min, ep_round_size(a[1]));
	uint64_t before = st->km ? ep_first_resident(st, st->kernel_object, va, pages) : pages;
	if (before > ep_allocatable(st, UVM_PGA_ZERO))
		return ep_wait_fails(st);
	return before < pages ? REJECT_EBUSY : VALID;
}

static int
alloc1_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	const struct ep_kmap *km = ep_kmap(st, a[0]);
	vsize_t size = ep_round_size(a[1]);
	vaddr_t va = 0, want = 0;
	struct ep_verdict v = alloc1_spec(st, a);
	bool waits = v.replayed;

	if (waits && ep_drainable(st))
		return EP_SKIPPED; /* it would wait with a pool to drain */
	if (v.error == 0) {
		if (!ep_km_room(st, a[0], false) || !ep_obj_room(st, 0) ||
		    st->nopages + atop(size) > EP_MAX_OPAGES)
			return EP_SKIPPED;
		want = ep_lowest_fit(km, km->min, size);
	}
	int error = uvm_km_alloc1(st->m, (uvmlab_map_t)a[0], a[1], a[2] != 0, a[3] ? NULL : &va);
	ep_call_made(st);
	if (waits && !ep_injected(st))
		ep_waited(st, error, why, len);
	if (error != 0)
		return error;
	ep_layer_made(st);
	if (va != want) {
		EP_FAIL(why, len, "the range is at %#" PRIx64 ", the lowest fit is %#" PRIx64, va, want);
		return error;
	}
	ep_add_range(&st->kmaps[a[0]], va, size, 0, st->kernel_object);
	/* each page allocated, un-busied, mapped: CLEAN and FAKE left; its
	 * bytes zero if asked, else the junk of a page not zeroed */
	for (vaddr_t at = va; at < va + size && why[0] == '\0'; at += PAGE_SIZE) {
		uvmlab_pfn_t pfn = uvmlab_km_extract(st->m, at);
		uint64_t pgoff = atop(at - UVMLAB_KVA_START);
		if (!ep_opage_add(st, pfn, st->kernel_object, pgoff, why, len))
			break;
		ep_opage_at(st, st->kernel_object, pgoff)->flags = PG_CLEAN | PG_FAKE;
		ep_opage_at(st, st->kernel_object, pgoff)->mapped = true;
		const uint8_t *bytes = uvmlab_page_bytes(st->m, pfn);
		uint8_t fill = a[2] ? 0 : UVMLAB_JUNK;
		if (bytes == NULL || bytes[0] != fill || bytes[PAGE_SIZE - 1] != fill)
			EP_FAIL(why, len, "page %#" PRIx64 " does not hold %s", at,
				a[2] ? "zeros" : "the junk of a page not zeroed");
	}
	return error;
}

/* ---- uvm_km_suballoc(map, size, fixed, min, null) ---- */

static void
suballoc_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	const struct ep_kmap *km = ep_kmap(st, UVMLAB_KERNEL_MAP);
	const uint64_t sizes[] = {PAGE_SIZE, km->max - km->min};
	const uint64_t mins[] = {km->min, km->max - PAGE_SIZE};
	const uint64_t pick[5] = {ep_pick_map(p, st), ep_pick(p, sizes, ARRAY_LEN(sizes), UINT64_MAX),
				  1, ep_pick(p, mins, ARRAY_LEN(mins), UINT64_MAX), 1};
	uint64_t fixed = producer_u64(p, 1) & 1;
	const uint64_t valid[5] = {UVMLAB_KERNEL_MAP, ptoa(1 + producer_u64(p, 1) % 8), fixed,
				   km->min + ptoa(producer_u64(p, 1) % 16), 0};

	ep_compose(p, a, valid, pick, 5);
}

static struct ep_verdict
suballoc_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	const struct ep_kmap *km = ep_kmap(st, a[0]);
	vsize_t size = ep_round_size(a[1]);

	if (km == NULL || a[4] != 0 || a[1] == 0 || a[1] > km->max - km->min)
		return REJECT_EINVAL;
	if (a[2] && (a[3] % PAGE_SIZE != 0 || a[3] < km->min || a[3] > km->max - size))
		return REJECT_EINVAL;
	vaddr_t va = ep_lowest_fit(km, a[2] ? a[3] : km->min, size);
	return va == 0 || (a[2] && va != a[3]) ? NO_ROOM : VALID;
}

static int
suballoc_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	const struct ep_kmap *km = ep_kmap(st, a[0]);
	vaddr_t min = a[3], max = 0, want = 0;
	uvmlab_map_t sub = UINT32_MAX;

	if (suballoc_spec(st, a).error == 0) {
		if (!ep_km_room(st, a[0], true) || !ep_obj_room(st, 0))
			return EP_SKIPPED;
		want = ep_lowest_fit(km, a[2] ? a[3] : km->min, ep_round_size(a[1]));
	}
	int error = uvm_km_suballoc(st->m, (uvmlab_map_t)a[0], a[4] ? NULL : &min, &max, a[1], true,
				    a[2] != 0, &sub);
	if (error != 0)
		return error;
	ep_layer_made(st);
	if (min != want || max != want + ep_round_size(a[1]) || sub != st->nkmaps)
		EP_FAIL(why, len, "submap %" PRIu32 " at [%#" PRIx64 ", %#" PRIx64 "), the record says "
				  "%u at %#" PRIx64, sub, min, max, st->nkmaps, want);
	ep_add_range(&st->kmaps[a[0]], want, ep_round_size(a[1]), st->nkmaps, 0);
	st->kmaps[st->nkmaps++] = (struct ep_kmap){true, want, want + ep_round_size(a[1]), 0, {{0}}};
	return error;
}

/* ---- uvm_km_free(map, addr, size) ---- */

static void
free_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	uint8_t sel = (uint8_t)producer_u64(p, 1);
	const struct ep_kmap *km = st->km ? &st->kmaps[sel % st->nkmaps] : NULL;
	const struct ep_kment *e = km && km->n ? &km->e[(sel >> 3) % km->n] : NULL;
	const uint64_t addrs[] = {e ? e->start : UVMLAB_KVA_START, e ? e->end : 0};
	const uint64_t sizes[] = {e ? e->end - e->start : PAGE_SIZE};
	const uint64_t pick[3] = {ep_pick_map(p, st), ep_pick(p, addrs, ARRAY_LEN(addrs), UINT64_MAX),
				  ep_pick(p, sizes, ARRAY_LEN(sizes), UINT64_MAX)};
	const uint64_t valid[3] = {km ? (uint64_t)(km - st->kmaps) : 0, e ? e->start : pick[1],
				   e ? e->end - e->start : pick[2]};

	ep_compose(p, a, valid, pick, 3);
}

/* Is [start, end) all in km's ranges, none a submap's? */
static bool
allocated(const struct ep_kmap *km, vaddr_t start, vaddr_t end)
{
	vaddr_t at = start;

	for (unsigned i = 0; i < km->n && at < end; i++) {
		if (km->e[i].end <= at)
			continue;
		if (km->e[i].start > at || km->e[i].submap)
			return false;
		at = km->e[i].end;
	}
	return at >= end;
}

static struct ep_verdict
free_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	const struct ep_kmap *km = st->km ? ep_kmap(st, a[0]) : NULL;
	vaddr_t start = a[1] & ~(uint64_t)(PAGE_SIZE - 1), end;

	if (km == NULL || a[2] == 0 || a[1] > UINT64_MAX - a[2] ||
	    (end = ep_round_size(a[1] + a[2])) == 0 || !allocated(km, start, end) ||
	    ep_pool_page_in(st, start, end))
		return REJECT_EINVAL;
	return VALID;
}

/* The record's ranges of km lose [start, end), splitting one if need be. */
static void
cut(struct ep_kmap *km, vaddr_t start, vaddr_t end)
{
	for (unsigned i = 0; i < km->n;) {
		struct ep_kment e = km->e[i];
		vaddr_t s = e.start > start ? e.start : start, t = e.end < end ? e.end : end;
		if (s >= t) {
			i++;
			continue;
		}
		memmove(&km->e[i], &km->e[i + 1], (km->n - i - 1) * sizeof(e));
		km->n--;
		if (s > e.start)
			ep_add_range(km, e.start, s - e.start, 0, e.obj);
		if (t < e.end)
			ep_add_range(km, t, e.end - t, 0, e.obj);
		i += (s > e.start) + (t < e.end);
	}
}

void
ep_km_unmapped(struct ep_state *st, uint64_t map, vaddr_t start, vaddr_t end)
{
	/* pgremove: each range's object's pages in it, a busy one released
	 * (and unmapped), the others freed */
	for (unsigned i = 0; i < st->nopages;) {
		struct ep_opage *op = &st->opages[i];
		vaddr_t va = UVMLAB_KVA_START + ptoa(op->pgoff);
		const struct ep_kment *e = va >= start && va < end ? ep_range_at(st, va) : NULL;
		if (e == NULL || e->obj != op->obj) {
			i++;
		} else if (op->flags & PG_BUSY) {
			op->flags |= PG_RELEASED;
			op->mapped = false;
			i++;
		} else {
			ep_opage_free(st, op);
		}
	}
	cut(&st->kmaps[map], start, end);
}

static int
free_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	vaddr_t start = a[1] & ~(uint64_t)(PAGE_SIZE - 1);
	vaddr_t end = free_spec(st, a).error == 0 ? ep_round_size(a[1] + a[2]) : 0;

	if (end != 0 && st->kmaps[a[0]].n >= EP_MAX_KENTS - 1)
		return EP_SKIPPED;
	int error = uvm_km_free(st->m, (uvmlab_map_t)a[0], a[1], a[2]);
	if (error != 0)
		return error;
	ep_km_unmapped(st, a[0], start, end);
	for (vaddr_t va = start; va < end && why[0] == '\0'; va += PAGE_SIZE) {
		if (uvmlab_km_extract(st->m, va) != UVMLAB_NO_PAGE)
			EP_FAIL(why, len, "%#" PRIx64 " is still mapped after its free", va);
	}
	return error;
}

/* ---- uvmlab_km_touch(va, null) ---- */

static void
touch_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	uint64_t vas[2 * EP_MAX_KENTS + 2];
	unsigned n = 0;

	for (unsigned i = 0; st->km && i < st->kmaps[0].n; i++) {
		vas[n++] = st->kmaps[0].e[i].start;
		vas[n++] = st->kmaps[0].e[i].end;
	}
	vas[n++] = UVMLAB_KVA_START;
	vas[n++] = UVMLAB_KVA_START + ptoa(st->params.kva_pages);
	a[0] = ep_pick(p, vas, n, UINT64_MAX);
	a[1] = (producer_u64(p, 1) & 7) == 0;
}

const struct ep_kment *
ep_range_at(const struct ep_state *st, uint64_t va)
{
	for (unsigned m = 0; st->km && m < st->nkmaps;) {
		const struct ep_kmap *km = &st->kmaps[m];
		const struct ep_kment *hit = NULL;
		for (unsigned i = 0; i < km->n && hit == NULL; i++) {
			if (va >= km->e[i].start && va < km->e[i].end)
				hit = &km->e[i];
		}
		if (hit == NULL || !hit->submap)
			return hit;
		m = hit->sub; /* a submap is made after its parent: m only grows */
	}
	return NULL;
}

/* The range's object's page there: mapped, the answer; resident and
 * busy or released, waited for (EBUSY); resident, mapped as it is;
 * missing, one to allocate (a wait with no pool to drain: ENOMEM). */
static struct ep_verdict
touch_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	const struct ep_kment *e = ep_range_at(st, a[0]);

	if (e == NULL || a[1] != 0)
		return REJECT_EINVAL;
	const struct ep_opage *op = ep_opage_at(st, e->obj, atop(a[0] - UVMLAB_KVA_START));
	if (op != NULL)
		return !op->mapped && (op->flags & (PG_BUSY | PG_RELEASED)) ? REJECT_EBUSY : VALID;
	return ep_allocatable(st, UVM_PGA_ZERO) == 0 ? ep_wait_fails(st) : VALID;
}

static int
touch_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uint64_t pgoff = st->km ? atop(a[0] - UVMLAB_KVA_START) : 0;
	const struct ep_kment *e = ep_range_at(st, a[0]);
	uvmlab_obj_t obj = e != NULL ? e->obj : st->kernel_object;
	struct ep_opage *op = st->km ? ep_opage_at(st, obj, pgoff) : NULL;
	uvmlab_pfn_t pfn = UVMLAB_NO_PAGE, had = op ? op->pfn : UVMLAB_NO_PAGE;
	struct ep_verdict v = touch_spec(st, a);
	bool waits = v.replayed;

	if ((v.error == 0 && op == NULL && st->nopages == EP_MAX_OPAGES) ||
	    (waits && ep_drainable(st)))
		return EP_SKIPPED; /* no room in the record; a wait with a pool to drain */
	int error = uvmlab_km_touch(st->m, a[0], a[1] ? NULL : &pfn);
	ep_call_made(st);
	if (waits && !ep_injected(st))
		ep_waited(st, error, why, len);
	if (error != 0)
		return error;
	if (had != UVMLAB_NO_PAGE && pfn != had) {
		EP_FAIL(why, len, "a touch of %#" PRIx64 " gives pfn %" PRIu32 ", not %" PRIu32, a[0],
			pfn, had);
	} else if (had == UVMLAB_NO_PAGE && ep_opage_add(st, pfn, obj, pgoff, why, len)) {
		/* zeroed by uvm_pagezero (not clean, not fake), mapped, unbusied */
		ep_opage_at(st, obj, pgoff)->flags = 0;
		ep_opage_at(st, obj, pgoff)->mapped = true;
	} else if (had != UVMLAB_NO_PAGE) {
		op->mapped = true; /* resident, now mapped; busied and unbusied */
	}
	if (why[0] == '\0' && uvmlab_km_extract(st->m, a[0] & ~(uint64_t)(PAGE_SIZE - 1)) != pfn)
		EP_FAIL(why, len, "%#" PRIx64 " is not mapped to pfn %" PRIu32 " after its touch", a[0],
			pfn);
	return error;
}

const struct ep_call ep_km_valloc = {"uvm_km_valloc", {"map", "size", "null"},
				     EP_LOGGED | EP_ENOMEM_CHANGES_NOTHING, valloc_args, valloc_spec,
				     valloc_call};
const struct ep_call ep_km_alloc1 = {"uvm_km_alloc1", {"map", "size", "zeroit", "null"},
				     EP_LOGGED | EP_ENOMEM_CHANGES_NOTHING, alloc1_args, alloc1_spec,
				     alloc1_call};
const struct ep_call ep_km_suballoc = {"uvm_km_suballoc", {"map", "size", "fixed", "min", "null"},
				       EP_LOGGED | EP_ENOMEM_CHANGES_NOTHING, suballoc_args,
				       suballoc_spec, suballoc_call};
const struct ep_call ep_km_free = {"uvm_km_free", {"map", "addr", "size"}, EP_LOGGED, free_args,
				   free_spec, free_call};
const struct ep_call ep_km_touch = {"uvmlab_km_touch", {"va", "null"},
				    EP_LOGGED | EP_ENOMEM_CHANGES_NOTHING, touch_args, touch_spec,
				    touch_call};
