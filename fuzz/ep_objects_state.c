/*
 * bad_input's record of the object layer (entry_points.h): the live
 * objects and their sizes, every resident page with the flags it must
 * have, and the live pager windows with the pages they map.  Kept from
 * call results, and from the contract where a call returns no pfn
 * (uvm_vnp_zerorange: its new pages are looked up).  Also the object
 * layer's argument generators.
 */
#include <string.h>

#include "entry_points.h"

uvmlab_obj_t
ep_obj_next(const struct ep_state *st)
{
	uvmlab_obj_t obj = 0;

	while (obj < EP_MAX_OBJS && st->objs[obj].live)
		obj++;
	return obj;
}

const struct ep_obj *
ep_obj_any(const struct ep_state *st, uint64_t obj)
{
	return obj < EP_MAX_OBJS && st->objs[obj].live ? &st->objs[obj] : NULL;
}

const struct ep_obj *
ep_obj_find(const struct ep_state *st, uint64_t obj)
{
	const struct ep_obj *o = ep_obj_any(st, obj);
	return o != NULL && !o->kernel ? o : NULL;
}

uint64_t
ep_obj_size(const struct ep_state *st, uint64_t obj)
{
	const struct ep_obj *o = ep_obj_find(st, obj);

	return o != NULL ? o->npages : 1;
}

struct ep_opage *
ep_opage_at(const struct ep_state *st, uint64_t obj, uint64_t pgoff)
{
	for (unsigned i = 0; i < st->nopages; i++) {
		if (st->opages[i].obj == obj && st->opages[i].pgoff == pgoff)
			return (struct ep_opage *)&st->opages[i];
	}
	return NULL;
}

struct ep_opage *
ep_opage_of(const struct ep_state *st, uint64_t pfn)
{
	if (ep_owner(st, pfn) != EP_OBJECT)
		return NULL;
	for (unsigned i = 0; i < st->nopages; i++) {
		if (st->opages[i].pfn == pfn)
			return (struct ep_opage *)&st->opages[i];
	}
	return NULL;
}

bool
ep_opage_add(struct ep_state *st, uvmlab_pfn_t pfn, uvmlab_obj_t obj, uint64_t pgoff, char *why,
	     size_t len)
{
	const struct ep_seg *s = ep_seg_of(st, pfn);

	if (ep_owner(st, pfn) != EP_FREE) {
		EP_FAIL(why, len, "object %u got page %u at offset %#llx, which was not free", obj,
			pfn, (unsigned long long)ptoa(pgoff));
		return false;
	}
	if (!ep_bucket_gives(st, s->freelist, s->bucket, UVM_PGA_ZERO)) {
		EP_FAIL(why, len, "object %u got page %u from free list %u bucket %u, which may not "
				  "give it", obj, pfn, s->freelist, s->bucket);
		return false;
	}
	ep_set_owner(st, pfn, EP_OBJECT);
	st->opages[st->nopages++] = (struct ep_opage){pfn, obj, pgoff, PG_BUSY | PG_CLEAN | PG_FAKE, false};
	return true;
}

/* The order of the rest is kept: it is each object's memq. */
void
ep_opage_free(struct ep_state *st, struct ep_opage *op)
{
	ep_set_owner(st, op->pfn, EP_FREE);
	memmove(op, op + 1, (size_t)(&st->opages[--st->nopages] - op) * sizeof(*op));
}

uint64_t
ep_missing(const struct ep_state *st, uint64_t obj, uint64_t first, uint64_t n)
{
	uint64_t missing = n;

	for (unsigned i = 0; i < st->nopages; i++) {
		const struct ep_opage *op = &st->opages[i];
		missing -= op->obj == obj && op->pgoff >= first && op->pgoff - first < n;
	}
	return missing;
}

bool
ep_busy_in(const struct ep_state *st, uint64_t obj, uint64_t first, uint64_t n)
{
	for (unsigned i = 0; i < st->nopages; i++) {
		const struct ep_opage *op = &st->opages[i];
		if (op->obj == obj && op->pgoff >= first && op->pgoff - first < n &&
		    (op->flags & PG_BUSY))
			return true;
	}
	return false;
}

struct ep_win *
ep_win_at(const struct ep_state *st, uint64_t va)
{
	for (unsigned i = 0; i < st->nwins; i++) {
		const struct ep_win *w = &st->wins[i];
		if (va >= w->kva && va - w->kva < ptoa(w->npages))
			return (struct ep_win *)w;
	}
	return NULL;
}

bool
ep_win_maps(const struct ep_state *st, uvmlab_pfn_t pfn)
{
	for (unsigned i = 0; i < st->nwins; i++) {
		for (uint32_t k = 0; k < st->wins[i].npages; k++) {
			if (st->wins[i].pfns[k] == pfn)
				return true;
		}
	}
	return false;
}

/* Page by page over the window space: the first run of npages pages no
 * window covers. */
vaddr_t
ep_win_space(const struct ep_state *st, uint64_t npages)
{
	uint64_t run = 0;

	for (uint64_t pg = 0; pg < UVMLAB_PAGER_VA_PAGES && npages > 0; pg++) {
		run = ep_win_at(st, UVMLAB_PAGER_VA_START + ptoa(pg)) != NULL ? 0 : run + 1;
		if (run == npages)
			return UVMLAB_PAGER_VA_START + ptoa(pg + 1 - npages);
	}
	return 0;
}

uvmlab_pfn_t
ep_nth_opage(const struct ep_state *st, unsigned sel, bool busy)
{
	uvmlab_pfn_t pfns[EP_MAX_OPAGES];
	unsigned n = 0;

	for (unsigned i = 0; i < st->nopages; i++) {
		if (!busy || (st->opages[i].flags & PG_BUSY))
			pfns[n++] = st->opages[i].pfn;
	}
	return n == 0 ? UVMLAB_NO_PAGE : pfns[sel % n];
}

uvmlab_obj_t
ep_nth_obj(const struct ep_state *st, unsigned sel)
{
	uvmlab_obj_t live[EP_MAX_OBJS];
	unsigned n = 0;

	for (uvmlab_obj_t obj = 0; obj < EP_MAX_OBJS; obj++) {
		if (st->objs[obj].live && !st->objs[obj].kernel)
			live[n++] = obj;
	}
	return n == 0 ? ep_obj_next(st) : live[sel % n];
}

const struct ep_win *
ep_nth_win(const struct ep_state *st, unsigned sel)
{
	return st->nwins == 0 ? NULL : &st->wins[sel % st->nwins];
}

uint64_t
ep_pick_obj(struct producer *p, const struct ep_state *st)
{
	uint64_t objs[EP_MAX_OBJS + 2];
	unsigned n = 0;

	for (uvmlab_obj_t obj = 0; obj < EP_MAX_OBJS; obj++) {
		if (st->objs[obj].live)
			objs[n++] = obj;
	}
	objs[n++] = ep_obj_next(st);
	objs[n++] = EP_MAX_OBJS;
	return ep_pick(p, objs, n, UINT32_MAX);
}

uint64_t
ep_pick_opfn(struct producer *p, const struct ep_state *st)
{
	uint64_t pfns[EP_MAX_OPAGES];
	unsigned n = 0;

	if (st->nopages == 0 || (producer_u64(p, 1) & 3) == 0)
		return ep_pick_pfn(p, st);
	for (; n < st->nopages; n++)
		pfns[n] = st->opages[n].pfn;
	return ep_pick(p, pfns, n, UINT32_MAX);
}

uint64_t
ep_pick_va(struct producer *p, const struct ep_state *st)
{
	uint64_t vas[3 * EP_MAX_WINS + 2];
	unsigned n = 0;

	for (unsigned i = 0; i < st->nwins; i++) {
		vas[n++] = st->wins[i].kva;
		vas[n++] = st->wins[i].kva + ptoa(st->wins[i].npages - 1); /* its last page */
		vas[n++] = st->wins[i].kva + ptoa(st->wins[i].npages);
	}
	vas[n++] = UVMLAB_PAGER_VA_START;
	vas[n++] = UVMLAB_PAGER_VA_START + ptoa(UVMLAB_PAGER_VA_PAGES);
	return ep_pick(p, vas, n, UINT64_MAX);
}
