/*
 * The anonymous pager of rump's vm.c rev 1.84 (ao_get, ao_put) and
 * uvm_page_unbusy, with the model's answers where rump sleeps or
 * asserts (object.h).
 */
#include <errno.h>
#include <stdlib.h>

#include "object_impl.h"

int
uvmlab_get_pages(struct uvm_machine *m, uvmlab_obj_t obj, uint64_t first, uint32_t n,
		 uint32_t *slots)
{
	bool made[UVMLAB_GET_PAGES_MAX];
	unsigned color = m->pgflcolor;
	uint32_t i;
	int error = 0;

	UVMLAB_ASSERT(n <= UVMLAB_GET_PAGES_MAX);
	for (i = 0; i < n && error == 0; i++) {
		uint32_t s = uvmlab_obj_lookup(m->ol, obj, first + i);
		made[i] = s == NO_SLOT;
		if (made[i]) {
			error = uvmlab_obj_page_alloc(m, obj, first + i, true, &slots[i]);
			continue;
		}
		struct vm_page *pg = uvmlab_phys_to_page(m, m->ol->pages[s].pfn);
		UVMLAB_ASSERT((pg->flags & PG_BUSY) == 0); /* the callers ask first */
		pg->flags |= PG_BUSY;
		slots[i] = s;
	}
	if (error == 0)
		return 0;
	/* undo pages [0, i - 1) newest first: each freed page goes back to
	 * the head of the queue it came from, so the free lists, the slots
	 * and memq are as they were */
	for (i -= 1; i-- > 0;) {
		if (made[i])
			uvmlab_obj_page_free(m, slots[i]);
		else
			uvmlab_phys_to_page(m, m->ol->pages[slots[i]].pfn)->flags &= ~PG_BUSY;
	}
	m->pgflcolor = color;
	return error;
}

int
uvmlab_ao_get(struct uvm_machine *m, uvmlab_obj_t obj, voff_t off, int npages, uvmlab_pfn_t *pgs)
{
	const struct object *o = uvmlab_anon_get(m, obj);
	uint32_t slots[UVMLAB_GET_PAGES_MAX];
	uint64_t first = atop(off);
	int error;

	if (o == NULL || pgs == NULL || npages < 1 || npages > UVMLAB_GET_PAGES_MAX ||
	    first >= o->size_pages || (uint64_t)npages > o->size_pages - first)
		return EINVAL;
	/* rump sets PG_WANTED and sleeps at the first busy page; nothing here
	 * would wake it.  Asked before any page is got: nothing changes. */
	if (uvmlab_range_busy(m, obj, first, first + (uint64_t)npages - 1))
		return EBUSY;
	if ((error = uvmlab_get_pages(m, obj, first, (uint32_t)npages, slots)) != 0)
		return error;
	for (int i = 0; i < npages; i++)
		pgs[i] = m->ol->pages[slots[i]].pfn;
	return 0;
}

int
ao_get(struct uvm_machine *m, uvmlab_obj_t obj, voff_t off, int npages, uvmlab_pfn_t *pgs)
{
	int error = uvmlab_ao_get(m, obj, off, npages, pgs);

	uvmlab_event_log(m, UVMLAB_EV_AO_GET, error, obj, off, (uint64_t)npages,
			 error == 0 ? pgs[0] : 0, 0, 0);
	return error;
}

int
ao_put(struct uvm_machine *m, uvmlab_obj_t obj, voff_t start, voff_t stop, int flags)
{
	struct object *o = uvmlab_anon_get(m, obj);
	int error = 0;

	if (o == NULL || (flags & ~PGO_ALL_FLAGS) != 0) {
		error = EINVAL;
		goto out;
	}
	/* the seed frees all pages, or nothing */
	if ((flags & (PGO_FREE | PGO_ALLPAGES)) != (PGO_FREE | PGO_ALLPAGES))
		goto out;
	for (uint32_t s = o->first, next; s != NO_SLOT; s = next) {
		struct vm_page *pg = uvmlab_phys_to_page(m, m->ol->pages[s].pfn);
		next = m->ol->pages[s].next;
		if (pg->flags & PG_BUSY)
			pg->flags |= PG_RELEASED;
		else
			uvmlab_obj_page_free(m, s);
	}
out:
	uvmlab_event_log(m, UVMLAB_EV_AO_PUT, error, obj, start, stop, (uint64_t)flags, 0, 0);
	return error;
}

void
uvmlab_unbusy_slot(struct uvm_machine *m, uint32_t slot)
{
	struct vm_page *pg = uvmlab_phys_to_page(m, m->ol->pages[slot].pfn);

	UVMLAB_ASSERT(pg->flags & PG_BUSY);
	if (pg->flags & PG_RELEASED)
		uvmlab_obj_page_free(m, slot);
	else
		pg->flags &= ~(PG_WANTED | PG_BUSY);
}

int
uvm_page_unbusy(struct uvm_machine *m, const uvmlab_pfn_t *pgs, int npgs)
{
	int error = 0;

	if (npgs < 0 || (npgs > 0 && pgs == NULL)) {
		error = EINVAL;
		goto out;
	}
	/* check every entry before changing any */
	for (int i = 0; i < npgs && error == 0; i++) {
		uint32_t slot;
		struct vm_page *pg;
		if (pgs[i] == UVMLAB_NO_PAGE)
			continue;
		pg = uvmlab_obj_page(m, pgs[i], &slot);
		if (pg == NULL || !(pg->flags & PG_BUSY))
			error = EINVAL;
		else if (uvmlab_window_holds(m->ol, slot))
			error = EBUSY;
		for (int j = 0; j < i && error == 0; j++)
			error = pgs[j] == pgs[i] ? EINVAL : 0;
	}
	for (int i = 0; i < npgs && error == 0; i++) {
		uint32_t slot;
		if (pgs[i] != UVMLAB_NO_PAGE && uvmlab_obj_page(m, pgs[i], &slot) != NULL)
			uvmlab_unbusy_slot(m, slot);
	}
out:
	uvmlab_event_log(m, UVMLAB_EV_PAGE_UNBUSY, error, (uint64_t)npgs,
			 npgs > 0 && pgs != NULL ? pgs[0] : 0, 0, 0, 0, 0);
	return error;
}
