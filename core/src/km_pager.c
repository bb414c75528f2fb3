/*
 * The km pager (uvm_km.c rev 1.13): uvm_km_get on its locked and
 * unlocked paths, uvm_km_pgremove with its two walks, and the model's
 * fault on a kernel address (uvmlab_km_touch).  Where the seed waits,
 * the model answers (km.h).
 */
#include <errno.h>
#include <string.h>

#include "km_impl.h"

#define UKM_HASH_PENALTY 4 /* the seed's guess: a lookup costs four list steps */

/* One page removed: a busy one is marked released (its holder frees it
 * with uvm_page_unbusy), any other freed. */
static void
remove_slot(struct uvm_machine *m, uint32_t slot)
{
	struct vm_page *pg = uvmlab_phys_to_page(m, m->ol->pages[slot].pfn);

	if (pg->flags & PG_BUSY)
		pg->flags |= PG_RELEASED;
	else
		uvmlab_obj_page_free(m, slot);
}

void
uvmlab_km_pgremove(struct uvm_machine *m, uvmlab_obj_t obj, uint64_t first, uint64_t end)
{
	const struct object *o = uvmlab_obj_get(m, obj);

	if (o->npages <= (end - first) * UKM_HASH_PENALTY) {
		STAT_INCR(m, km_pgremove_list);
		for (uint32_t s = o->first, next; s != NO_SLOT; s = next) {
			next = m->ol->pages[s].next;
			if (m->ol->pages[s].pgoff >= first && m->ol->pages[s].pgoff < end)
				remove_slot(m, s);
		}
		return;
	}
	STAT_INCR(m, km_pgremove_hash);
	for (uint64_t pg = first; pg < end; pg++) {
		uint32_t s = uvmlab_obj_lookup(m->ol, obj, pg);
		if (s != NO_SLOT)
			remove_slot(m, s);
	}
}

int
uvm_km_pgremove(struct uvm_machine *m, uvmlab_obj_t obj, voff_t start, voff_t end)
{
	const struct object *o = uvmlab_obj_get(m, obj);
	int error = 0;

	if (!uvmlab_km_is_kernel_object(m, obj) || start % PAGE_SIZE != 0 ||
	    end % PAGE_SIZE != 0 || start > end || atop(end) > o->size_pages)
		error = EINVAL;
	/* the seed runs it from uvm_unmap, after pmap_remove: a page still
	 * mapped would be freed under its mapping */
	for (voff_t off = start; error == 0 && off < end; off += PAGE_SIZE) {
		if (uvmlab_km_extract(m, UVMLAB_KVA_START + off) != UVMLAB_NO_PAGE)
			error = EINVAL;
	}
	if (error == 0)
		uvmlab_km_pgremove(m, obj, atop(start), atop(end));
	uvmlab_event_log(m, UVMLAB_EV_KM_PGREMOVE, error, obj, start, end, 0, 0, 0);
	return error;
}

/* A busy page for obj at pgoff as the km pager's "i/o" leaves it:
 * zero-filled by uvm_pagezero, which in rev 1.13's uvm_page_i.h clears
 * PG_CLEAN, and no longer fake.  Its slot in *slotp. */
static int
fill_page(struct uvm_machine *m, uvmlab_obj_t obj, uint64_t pgoff, uint32_t *slotp)
{
	int error = uvmlab_obj_page_alloc(m, obj, pgoff, true, slotp);

	if (error == 0)
		uvmlab_phys_to_page(m, m->ol->pages[*slotp].pfn)->flags &= ~(PG_FAKE | PG_CLEAN);
	return error;
}

/* The locked path: resident pages, and new ones where they can be had;
 * busy and released pages are passed over.  Nothing to undo: what it
 * gives is the caller's. */
static void
get_locked(struct uvm_machine *m, uvmlab_obj_t obj, uint64_t first, uvmlab_pfn_t *pps,
	   int npages, int center, int flags, int *gotp, bool *donep)
{
	*gotp = 0;
	*donep = true;
	for (int i = 0; i < npages; i++) {
		if (pps[i] == UVMLAB_PGO_DONTCARE)
			continue;
		uint32_t s = uvmlab_obj_lookup(m->ol, obj, first + (uint64_t)i);
		struct vm_page *pg = NULL;
		if (s == NO_SLOT && uvmlab_obj_page_alloc(m, obj, first + (uint64_t)i, true, &s) == 0) {
			pg = uvmlab_phys_to_page(m, m->ol->pages[s].pfn);
			/* a new page, zeroed: uvm_pagezero clears PG_CLEAN */
			pg->flags &= ~(PG_BUSY | PG_FAKE | PG_CLEAN);
		} else if (s != NO_SLOT) {
			pg = uvmlab_phys_to_page(m, m->ol->pages[s].pfn);
		}
		if (pg == NULL || (pg->flags & (PG_BUSY | PG_RELEASED)) != 0) {
			if (i == center || (flags & PGO_ALLPAGES))
				*donep = false;
			continue;
		}
		pg->flags |= PG_BUSY;
		pps[i] = pg->pfn;
		(*gotp)++;
	}
}

/* The unlocked path over the pages needed and not given yet; on EBUSY
 * or ENOMEM, what it did is undone. */
static int
get_unlocked(struct uvm_machine *m, uvmlab_obj_t obj, uint64_t first, uvmlab_pfn_t *pps,
	     int npages, int center, int flags, int *gotp)
{
	uint32_t slots[UVMLAB_GET_PAGES_MAX];
	bool made[UVMLAB_GET_PAGES_MAX], took[UVMLAB_GET_PAGES_MAX] = {false};
	unsigned color = m->pgflcolor;
	int i, error = 0;

	for (i = 0; i < npages && error == 0; i++) {
		if (pps[i] != UVMLAB_NO_PAGE || (i != center && !(flags & PGO_ALLPAGES)))
			continue;
		uint32_t s = uvmlab_obj_lookup(m->ol, obj, first + (uint64_t)i);
		made[i] = s == NO_SLOT;
		if (made[i]) {
			while ((error = fill_page(m, obj, first + (uint64_t)i, &s)) != 0 &&
			       uvmlab_km_wait(m))
				continue; /* the page daemon freed something: again */
			if (error != 0)
				break;
		} else {
			struct vm_page *pg = uvmlab_phys_to_page(m, m->ol->pages[s].pfn);
			if (pg->flags & (PG_BUSY | PG_RELEASED)) {
				error = EBUSY; /* the seed sets PG_WANTED and sleeps */
				break;
			}
			pg->flags |= PG_BUSY;
		}
		took[i] = true;
		slots[i] = s;
	}
	if (error == 0) {
		*gotp = 0;
		for (i = 0; i < npages; i++) {
			if (took[i])
				pps[i] = m->ol->pages[slots[i]].pfn;
			*gotp += pps[i] != UVMLAB_NO_PAGE && pps[i] != UVMLAB_PGO_DONTCARE;
		}
		return 0;
	}
	while (i-- > 0) {
		if (took[i] && made[i])
			uvmlab_obj_page_free(m, slots[i]);
		else if (took[i])
			uvmlab_phys_to_page(m, m->ol->pages[slots[i]].pfn)->flags &= ~PG_BUSY;
	}
	m->pgflcolor = color;
	return error;
}

int
uvm_km_get(struct uvm_machine *m, uvmlab_obj_t obj, voff_t offset, uvmlab_pfn_t *pps,
	   int npages, int centeridx, int flags, int *gotp, bool *donep)
{
	const struct object *o = uvmlab_obj_get(m, obj);
	uint64_t first = atop(offset);
	int error = 0;

	if (!uvmlab_km_is_kernel_object(m, obj) || pps == NULL || gotp == NULL ||
	    donep == NULL || npages < 1 || npages > UVMLAB_GET_PAGES_MAX || centeridx < 0 ||
	    centeridx >= npages || offset % PAGE_SIZE != 0 || first >= o->size_pages ||
	    (uint64_t)npages > o->size_pages - first ||
	    (flags & ~(PGO_LOCKED | PGO_ALLPAGES)) != 0) {
		error = EINVAL;
		goto out;
	}
	/* the kernel gets a kernel object's pages where it has them mapped
	 * (its faults): elsewhere a page would outlive every range */
	for (int i = 0; i < npages; i++) {
		if (!uvmlab_km_backs(m, obj, first + (uint64_t)i)) {
			error = EINVAL;
			goto out;
		}
	}
	if (flags & PGO_LOCKED) {
		get_locked(m, obj, first, pps, npages, centeridx, flags, gotp, donep);
	} else {
		error = get_unlocked(m, obj, first, pps, npages, centeridx, flags, gotp);
		*donep = error == 0;
	}
out:
	uvmlab_event_log(m, UVMLAB_EV_KM_GET, error, obj, offset, (uint64_t)npages,
			 (uint64_t)flags, error == 0 ? (uint64_t)*gotp : 0, 0);
	return error;
}

int
uvmlab_km_touch(struct uvm_machine *m, vaddr_t va, uvmlab_pfn_t *pfnp)
{
	const struct km_entry *e = uvmlab_km_entry_at(m, va);
	vaddr_t page = va & ~(vaddr_t)(PAGE_SIZE - 1);
	int error = 0, got;

	if (e == NULL || e->obj == KM_NONE || pfnp == NULL) {
		error = EINVAL;
		goto out;
	}
	if ((*pfnp = uvmlab_km_extract(m, page)) != UVMLAB_NO_PAGE)
		goto out;
	uvmlab_pfn_t pps[1] = {UVMLAB_NO_PAGE};
	error = get_unlocked(m, e->obj, km_page(page), pps, 1, 0, 0, &got);
	if (error != 0)
		goto out;
	uint32_t slot;
	uvmlab_obj_page(m, pps[0], &slot);
	uvmlab_km_enter(m, page, pps[0]);
	uvmlab_unbusy_slot(m, slot);
	*pfnp = pps[0];
out:
	uvmlab_event_log(m, UVMLAB_EV_KM_TOUCH, error, va, error == 0 ? *pfnp : 0, 0, 0, 0, 0);
	return error;
}
