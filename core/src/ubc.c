/*
 * UBC windows and the uiomove path of rump's vm.c rev 1.29 (ubc.h), with
 * its flaw kept under the strategies with the seeds' flaws: len2npages
 * (off, len) counts one page too few when off is not page-aligned and
 * len is a multiple of PAGE_SIZE, so the copy stops a page short and the
 * last bytes are not moved (counted: ubc_short_copy).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "object_impl.h"
#include "strategy.h"
#include "uvmlab/ubc.h"

static uint64_t
win_pages(uint64_t len)
{
	return atop(len) + (len % PAGE_SIZE != 0);
}

/* The live UBC window whose bytes (as the seed searches: mem to mem +
 * mapsize) hold va, or, with `whole_pages`, whose pages do; NULL. */
static struct ubc_win *
ubc_at(const struct obj_layer *ol, vaddr_t va, bool whole_pages)
{
	for (uint32_t i = 0; ol != NULL && i < ol->nubcs; i++) {
		struct ubc_win *w = &ol->ubcs[i];
		uint64_t span = whole_pages ? ptoa(win_pages(w->len)) : w->len;
		if (w->live && va >= w->va && va - w->va < span)
			return w;
	}
	return NULL;
}

size_t
uvmlab_ubc_windows_live(const struct uvm_machine *m)
{
	size_t n = 0;
	for (uint32_t i = 0; m->ol != NULL && i < m->ol->nubcs; i++)
		n += m->ol->ubcs[i].live;
	return n;
}

/* The lowest address of `pages` free pages of the UBC space, or 0. */
static vaddr_t
ubc_space(const struct obj_layer *ol, uint64_t pages)
{
	uint64_t run = 0;

	for (uint64_t pg = 0; pg < UVMLAB_UBC_VA_PAGES; pg++) {
		vaddr_t va = UVMLAB_UBC_VA_START + ptoa(pg);
		run = ubc_at(ol, va, true) != NULL ? 0 : run + 1;
		if (run == pages)
			return va - ptoa(pages - 1);
	}
	return 0;
}

int
ubc_alloc(struct uvm_machine *m, uvmlab_obj_t obj, voff_t offset, uint64_t *lenp, int advice,
	  int flags, vaddr_t *vap)
{
	struct obj_layer *ol = m->ol;
	uint64_t pages = 0;
	vaddr_t va = 0;
	int error = 0;

	(void)advice;
	if (uvmlab_anon_get(m, obj) == NULL || lenp == NULL || vap == NULL || *lenp == 0 ||
	    (flags & ~(UBC_READ | UBC_WRITE)) != 0) {
		error = EINVAL;
		goto out;
	}
	pages = win_pages(*lenp);
	if (pages > UVMLAB_UBC_VA_PAGES || (va = ubc_space(ol, pages)) == 0) {
		error = ENOMEM;
		goto out;
	}
	uint32_t i = 0;
	while (i < ol->nubcs && ol->ubcs[i].live)
		i++;
	if (i == ol->ubcs_cap &&
	    uvmlab_host_grow((void **)&ol->ubcs, &ol->ubcs_cap, 4, sizeof(*ol->ubcs)) != 0) {
		error = ENOMEM;
		goto out;
	}
	if (i == ol->nubcs)
		ol->nubcs++;
	ol->ubcs[i] = (struct ubc_win){true, obj, offset, *lenp, va};
	*vap = va;
out:
	uvmlab_event_log(m, UVMLAB_EV_UBC_ALLOC, error, obj, offset, lenp ? *lenp : 0, (uint64_t)flags,
			 va, 0);
	return error;
}

int
ubc_release(struct uvm_machine *m, vaddr_t va, int flags)
{
	struct ubc_win *w = ubc_at(m->ol, va, false);
	int error = 0;

	(void)flags;
	if (w == NULL)
		error = EINVAL;
	else
		*w = (struct ubc_win){0};
	while (error == 0 && m->ol->nubcs > 0 && !m->ol->ubcs[m->ol->nubcs - 1].live)
		m->ol->nubcs--;
	uvmlab_event_log(m, UVMLAB_EV_UBC_RELEASE, error, va, 0, 0, 0, 0, 0);
	return error;
}

/* The pages [off, off + len) spans; with the seed's flaw, 1.29's
 * len2npages, one short when off is unaligned and len a page multiple. */
static uint64_t
span_pages(voff_t off, size_t len, bool flawed)
{
	if (flawed)
		return atop(len + PAGE_SIZE - 1) + ((off % PAGE_SIZE) + (len % PAGE_SIZE) > PAGE_SIZE);
	return atop(off + len - 1) - atop(off) + 1;
}

int
ubc_uiomove(struct uvm_machine *m, uvmlab_obj_t obj, voff_t offset, void *buf, size_t todo,
	    int rw)
{
	bool flawed = uvmlab_strategy_ops(m->params.strategy)->seed_flaws;
	uvmlab_pfn_t pgs[UVMLAB_GET_PAGES_MAX];
	int error = 0;

	if (uvmlab_anon_get(m, obj) == NULL || buf == NULL || todo == 0 ||
	    offset > UINT64_MAX - todo || (rw != UIO_READ && rw != UIO_WRITE)) {
		error = EINVAL;
		goto out;
	}
	uint64_t npages = span_pages(offset, todo, flawed);
	if (npages < span_pages(offset, todo, false))
		STAT_INCR(m, ubc_short_copy);
	/* the pager's get (pgo_get: ao_get) of the pages the copy spans */
	error = npages > UVMLAB_GET_PAGES_MAX ? EINVAL
					      : uvmlab_ao_get(m, obj, offset, (int)npages, pgs);
	/* 1.29 passes no rvp and would drop an error, but its ao_get sleeps
	 * rather than fail: these are the model's answers, and stand */
	if (error != 0)
		goto out;
	uint8_t *p = buf;
	voff_t at = offset;
	size_t n = todo;
	for (uint64_t i = 0; i < npages; i++) {
		uint32_t slot;
		struct vm_page *pg = uvmlab_obj_page(m, pgs[i], &slot);
		size_t pageoff = at % PAGE_SIZE;
		size_t x = n < PAGE_SIZE ? n : PAGE_SIZE;
		x = x < PAGE_SIZE - pageoff ? x : PAGE_SIZE - pageoff;
		if (rw == UIO_WRITE) {
			memcpy(slot_bytes(m->ol, slot) + pageoff, p, x);
			pg->flags &= ~PG_CLEAN;
		} else {
			memcpy(p, slot_bytes(m->ol, slot) + pageoff, x);
		}
		p += x;
		at += x;
		n -= x;
	}
	for (uint64_t i = 0; i < npages; i++) {
		uint32_t slot;
		uvmlab_obj_page(m, pgs[i], &slot);
		uvmlab_unbusy_slot(m, slot);
	}
out:
	uvmlab_event_log(m, UVMLAB_EV_UBC_UIOMOVE, error, obj, offset, todo, (uint64_t)rw, 0, 0);
	return error;
}
