/*
 * Pager map-in windows, as rump's vm.c rev 1.84 makes them: instead of
 * mapping pages, a window holds a copy of their bytes, and a window
 * mapped for reading copies its bytes back at map-out.  Addresses come
 * from a window space of UVMLAB_PAGER_VA_PAGES pages, lowest fit first,
 * where rump takes host memory; the answers are the same and the same
 * calls give the same addresses.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "object_impl.h"

bool
uvmlab_window_holds(const struct obj_layer *ol, uint32_t slot)
{
	for (uint32_t i = 0; ol != NULL && i < ol->nwins; i++) {
		const struct window *w = &ol->wins[i];
		for (uint32_t k = 0; w->live && k < w->npages; k++) {
			if (w->slots[k] == slot)
				return true;
		}
	}
	return false;
}

size_t
uvmlab_windows_live(const struct uvm_machine *m)
{
	size_t n = 0;
	for (uint32_t i = 0; m->ol != NULL && i < m->ol->nwins; i++)
		n += m->ol->wins[i].live;
	return n;
}

/* The live window that contains va, or NULL. */
static struct window *
window_at(const struct obj_layer *ol, vaddr_t va)
{
	for (uint32_t i = 0; ol != NULL && i < ol->nwins; i++) {
		struct window *w = &ol->wins[i];
		if (w->live && va >= w->kva && va - w->kva < ptoa(w->npages))
			return w;
	}
	return NULL;
}

/* The lowest address of npages free pages in the window space, or 0. */
static vaddr_t
window_space(const struct obj_layer *ol, uint32_t npages)
{
	const vaddr_t end = UVMLAB_PAGER_VA_START + ptoa(UVMLAB_PAGER_VA_PAGES);

	for (vaddr_t va = UVMLAB_PAGER_VA_START; va + ptoa(npages) <= end;) {
		vaddr_t next = 0;
		for (uint32_t i = 0; i < ol->nwins; i++) {
			const struct window *w = &ol->wins[i];
			if (w->live && w->kva < va + ptoa(npages) && va < w->kva + ptoa(w->npages))
				next = w->kva + ptoa(w->npages); /* [va, ...) overlaps w */
		}
		if (next == 0)
			return va;
		va = next;
	}
	return 0;
}

/* A free window record; NULL without host memory. */
static struct window *
window_slot(struct obj_layer *ol)
{
	for (uint32_t i = 0; i < ol->nwins; i++) {
		if (!ol->wins[i].live)
			return &ol->wins[i];
	}
	if (ol->nwins == ol->wins_cap &&
	    uvmlab_host_grow((void **)&ol->wins, &ol->wins_cap, 4, sizeof(*ol->wins)) != 0)
		return NULL;
	ol->wins[ol->nwins] = (struct window){0};
	return &ol->wins[ol->nwins++];
}

/* Every entry a busy object page, none twice. */
static bool
busy_pages(const struct uvm_machine *m, const uvmlab_pfn_t *pgs, int npages)
{
	for (int i = 0; i < npages; i++) {
		const struct vm_page *pg = uvmlab_obj_page(m, pgs[i], NULL);
		if (pg == NULL || !(pg->flags & PG_BUSY))
			return false;
		for (int j = 0; j < i; j++) {
			if (pgs[j] == pgs[i])
				return false;
		}
	}
	return true;
}

int
uvm_pagermapin(struct uvm_machine *m, const uvmlab_pfn_t *pgs, int npages, int flags,
	       vaddr_t *kvap)
{
	uint32_t *slots = NULL;
	uint8_t *bytes = NULL;
	struct window *w;
	vaddr_t va;
	int error = 0;

	if (pgs == NULL || kvap == NULL || npages < 1 || npages > UVMLAB_PAGER_VA_PAGES ||
	    (flags & ~(UVMPAGER_MAPIN_WAITOK | UVMPAGER_MAPIN_READ)) != 0) {
		error = EINVAL;
		goto out;
	}
	if (!busy_pages(m, pgs, npages)) {
		error = EINVAL;
		goto out;
	}
	/* room, arrays and record first: after them nothing can fail */
	if ((va = window_space(m->ol, (uint32_t)npages)) == 0 ||
	    (slots = uvmlab_host_malloc((size_t)npages * sizeof(*slots))) == NULL ||
	    (bytes = uvmlab_host_malloc((size_t)npages * PAGE_SIZE)) == NULL ||
	    (w = window_slot(m->ol)) == NULL) {
		error = ENOMEM;
		goto out;
	}
	for (int i = 0; i < npages; i++)
		uvmlab_obj_page(m, pgs[i], &slots[i]);
	/* the previous contents too, as rump says: a device may not fill the
	 * whole window, and map-out copies all of it back */
	for (int i = 0; i < npages; i++)
		memcpy(bytes + ptoa(i), slot_bytes(m->ol, slots[i]), PAGE_SIZE);
	*w = (struct window){true, (flags & UVMPAGER_MAPIN_READ) != 0, va, (uint32_t)npages, slots,
			     bytes};
	slots = NULL;
	bytes = NULL;
	*kvap = va;
	STAT_INCR(m, pager_windows);
out:
	free(slots);
	free(bytes);
	uvmlab_event_log(m, UVMLAB_EV_PAGERMAPIN, error, (uint64_t)npages, (uint64_t)flags,
			 npages > 0 && pgs != NULL ? pgs[0] : 0, error == 0 ? *kvap : 0, 0, 0);
	return error;
}

int
uvm_pagermapout(struct uvm_machine *m, vaddr_t kva, int npages)
{
	struct window *w = window_at(m->ol, kva);
	int error = 0;

	if (w == NULL || w->kva != kva || npages < 0 || (uint32_t)npages != w->npages) {
		error = EINVAL;
		goto out;
	}
	if (w->read) {
		for (uint32_t i = 0; i < w->npages; i++)
			memcpy(slot_bytes(m->ol, w->slots[i]), w->bytes + ptoa(i), PAGE_SIZE);
	}
	free(w->slots);
	free(w->bytes);
	*w = (struct window){0};
	while (m->ol->nwins > 0 && !m->ol->wins[m->ol->nwins - 1].live)
		m->ol->nwins--;
out:
	uvmlab_event_log(m, UVMLAB_EV_PAGERMAPOUT, error, kva, (uint64_t)npages, 0, 0, 0, 0);
	return error;
}

void
uvm_pageratop(const struct uvm_machine *m, vaddr_t va, uvmlab_pfn_t *pfnp)
{
	const struct window *w = window_at(m->ol, va);

	*pfnp = w == NULL ? UVMLAB_NO_PAGE : m->ol->pages[w->slots[atop(va - w->kva)]].pfn;
}

const uint8_t *
uvmlab_window_bytes(const struct uvm_machine *m, vaddr_t kva)
{
	const struct window *w = window_at(m->ol, kva);
	return w != NULL && w->kva == kva ? w->bytes : NULL;
}

/* The live window holding all of [va, va + len), or NULL. */
static struct window *
window_range(const struct obj_layer *ol, vaddr_t va, size_t len)
{
	struct window *w = window_at(ol, va);

	return w != NULL && len > 0 && len <= ptoa(w->npages) - (va - w->kva) ? w : NULL;
}

int
uvmlab_window_write(struct uvm_machine *m, vaddr_t va, const void *buf, size_t len)
{
	struct window *w = window_range(m->ol, va, len);

	if (w == NULL || buf == NULL)
		return EINVAL;
	memcpy(w->bytes + (va - w->kva), buf, len);
	return 0;
}

int
uvmlab_window_read(const struct uvm_machine *m, vaddr_t va, void *buf, size_t len)
{
	const struct window *w = window_range(m->ol, va, len);

	if (w == NULL || buf == NULL)
		return EINVAL;
	memcpy(buf, w->bytes + (va - w->kva), len);
	return 0;
}
