/*
 * The kernel memory layer as a whole: freeing, copying (for clones and
 * assignment), folding into the digest, and its invariants:
 *   - each map's entries ascend inside the map without overlapping; a
 *     submap's entry in its parent spans exactly the live submap;
 *   - every mapped kernel page lies in an allocated range backed by an
 *     object, and maps that object's page at the range's offset;
 *   - every page of a kernel object lies in an allocated range backed by
 *     that object, or is released (busy, waiting for its holder).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "km_impl.h"

void
uvmlab_km_layer_free(struct km_layer *kl)
{
	if (kl == NULL)
		return;
	for (uint32_t i = 0; kl->maps != NULL && i < kl->nmaps; i++)
		free(kl->maps[i].ents);
	free(kl->maps);
	free(kl->pmap);
	free(kl);
}

int
uvmlab_km_layer_copy(struct km_layer **dst, const struct km_layer *src, unsigned kva_pages)
{
	struct km_layer *c;

	*dst = NULL;
	if (src == NULL)
		return 0;
	if ((c = uvmlab_host_calloc(1, sizeof(*c))) == NULL)
		return ENOMEM;
	*c = *src;
	c->pmap = uvmlab_host_malloc(kva_pages * sizeof(*c->pmap));
	c->maps = uvmlab_host_calloc(src->maps_cap, sizeof(*c->maps));
	if (c->pmap == NULL || c->maps == NULL) {
		c->nmaps = 0;
		uvmlab_km_layer_free(c);
		return ENOMEM;
	}
	memcpy(c->pmap, src->pmap, kva_pages * sizeof(*c->pmap));
	for (uint32_t i = 0; i < src->nmaps; i++) {
		const struct km_map *s = &src->maps[i];
		c->maps[i] = *s;
		c->maps[i].ents = NULL;
		if (s->cap > 0 && (c->maps[i].ents = uvmlab_host_malloc(s->cap * sizeof(*s->ents))) == NULL) {
			c->nmaps = i;
			uvmlab_km_layer_free(c);
			return ENOMEM;
		}
		if (s->nents > 0)
			memcpy(c->maps[i].ents, s->ents, s->nents * sizeof(*s->ents));
	}
	*dst = c;
	return 0;
}

uint64_t
uvmlab_km_layer_digest(const struct uvm_machine *m, uint64_t h)
{
	const struct km_layer *kl = m->km;

	if (kl == NULL)
		return h;
	h = uvmlab_fold64(h, kl->kernel_object);
	for (uint32_t i = 0; i < kl->nmaps; i++) {
		const struct km_map *km = &kl->maps[i];
		h = uvmlab_fold64(uvmlab_fold64(uvmlab_fold64(h, km->live), km->min), km->max);
		for (uint32_t k = 0; k < km->nents; k++) {
			const struct km_entry *e = &km->ents[k];
			h = uvmlab_fold64(uvmlab_fold64(uvmlab_fold64(uvmlab_fold64(h, e->start), e->end), e->obj), e->submap);
		}
	}
	for (unsigned p = 0; p < m->params.kva_pages; p++) {
		if (kl->pmap[p] != UVMLAB_NO_PAGE)
			h = uvmlab_fold64(uvmlab_fold64(h, p), kl->pmap[p]);
	}
	return h;
}

static bool fail(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static bool
fail(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return false;
}

static bool
maps_validate(const struct uvm_machine *m, char *why, size_t len)
{
	const struct km_layer *kl = m->km;

	for (uint32_t i = 0; i < kl->nmaps; i++) {
		const struct km_map *km = &kl->maps[i];
		vaddr_t at = km->min;
		for (uint32_t k = 0; km->live && k < km->nents; k++) {
			const struct km_entry *e = &km->ents[k];
			const struct km_map *sub = uvmlab_km_map(m, e->submap);
			if (e->start < at || e->end <= e->start || e->end > km->max ||
			    e->start % PAGE_SIZE != 0 || e->end % PAGE_SIZE != 0)
				return fail(why, len, "map %u: entry %u [%#llx, %#llx) out of order or bounds",
					    i, k, (unsigned long long)e->start, (unsigned long long)e->end);
			if (e->submap != KM_NONE &&
			    (sub == NULL || sub->parent != i || sub->min != e->start || sub->max != e->end))
				return fail(why, len, "map %u: entry %u does not span its submap %u", i, k,
					    e->submap);
			at = e->end;
		}
	}
	return true;
}

static bool
pages_validate(const struct uvm_machine *m, char *why, size_t len)
{
	const struct km_layer *kl = m->km;

	for (unsigned p = 0; p < m->params.kva_pages; p++) {
		vaddr_t va = UVMLAB_KVA_START + ptoa(p);
		const struct km_entry *e = uvmlab_km_entry_at(m, va);
		uvmlab_obj_t obj;
		voff_t off;
		if (kl->pmap[p] == UVMLAB_NO_PAGE)
			continue;
		if (e == NULL || e->obj == KM_NONE)
			return fail(why, len, "kernel page %#llx is mapped outside any object's range",
				    (unsigned long long)va);
		if (!uvmlab_page_object(m, kl->pmap[p], &obj, &off) || obj != e->obj || off != ptoa(p))
			return fail(why, len, "kernel page %#llx maps pfn %u, not its object's page",
				    (unsigned long long)va, kl->pmap[p]);
	}
	for (uint32_t s = 0; m->ol != NULL && s < m->ol->nslots; s++) {
		const struct objpage *op = &m->ol->pages[s];
		if (!op->used || !uvmlab_km_is_kernel_object(m, op->obj))
			continue;
		bool released = uvmlab_phys_to_page_const(m, op->pfn)->flags & PG_RELEASED;
		if (!released && !uvmlab_km_backs(m, op->obj, op->pgoff))
			return fail(why, len, "kernel object %u has page %u at %#llx outside its ranges",
				    op->obj, op->pfn, (unsigned long long)ptoa(op->pgoff));
	}
	return true;
}

bool
uvmlab_km_layer_validate(const struct uvm_machine *m, char *why, size_t len)
{
	return m->km == NULL || (maps_validate(m, why, len) && pages_validate(m, why, len));
}
