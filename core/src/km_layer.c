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
	for (uint32_t i = 0; kl->pools != NULL && i < kl->npools; i++)
		free(kl->pools[i].pages);
	free(kl->maps);
	free(kl->pmap);
	free(kl->poolpages);
	free(kl->pools);
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
	c->poolpages = NULL;
	c->pools = NULL;
	c->npools = 0;
	c->pmap = uvmlab_host_malloc(kva_pages * sizeof(*c->pmap));
	c->maps = uvmlab_host_calloc(src->maps_cap, sizeof(*c->maps));
	if (c->pmap == NULL || c->maps == NULL ||
	    (src->poolpages_cap > 0 &&
	     (c->poolpages = uvmlab_host_malloc(src->poolpages_cap * sizeof(*c->poolpages))) == NULL) ||
	    (src->pools_cap > 0 &&
	     (c->pools = uvmlab_host_calloc(src->pools_cap, sizeof(*c->pools))) == NULL)) {
		c->nmaps = 0;
		uvmlab_km_layer_free(c);
		return ENOMEM;
	}
	memcpy(c->pmap, src->pmap, kva_pages * sizeof(*c->pmap));
	if (src->npoolpages > 0)
		memcpy(c->poolpages, src->poolpages, src->npoolpages * sizeof(*c->poolpages));
	for (uint32_t i = 0; i < src->npools; i++) {
		const struct pool *s = &src->pools[i];
		c->pools[i] = *s;
		c->pools[i].pages = NULL;
		c->npools = i + 1;
		if (s->cap > 0 &&
		    (c->pools[i].pages = uvmlab_host_malloc(s->cap * sizeof(*s->pages))) == NULL) {
			c->nmaps = 0;
			uvmlab_km_layer_free(c);
			return ENOMEM;
		}
		if (s->npages > 0)
			memcpy(c->pools[i].pages, s->pages, s->npages * sizeof(*s->pages));
	}
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
	h = uvmlab_fold64(uvmlab_fold64(uvmlab_fold64(h, kl->kernel_object), kl->kmem_object),
			  kl->drain_next);
	for (uint32_t i = 0; i < kl->npoolpages; i++)
		h = uvmlab_fold64(uvmlab_fold64(h, kl->poolpages[i].va), kl->poolpages[i].pool);
	for (uint32_t i = 0; i < kl->npools; i++) {
		const struct pool *pl = &kl->pools[i];
		h = uvmlab_fold64(uvmlab_fold64(h, pl->live), pl->itemsize);
		for (uint32_t k = 0; pl->live && k < pl->npages; k++)
			h = uvmlab_fold(uvmlab_fold64(h, pl->pages[k].va), pl->pages[k].used,
					sizeof(pl->pages[k].used));
	}
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
				return uvmlab_fail(why, len, "map %u: entry %u [%#llx, %#llx) out of order or bounds",
					    i, k, (unsigned long long)e->start, (unsigned long long)e->end);
			if (e->submap != KM_NONE &&
			    (sub == NULL || sub->parent != i || sub->min != e->start || sub->max != e->end))
				return uvmlab_fail(why, len, "map %u: entry %u does not span its submap %u", i, k,
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
		uvmlab_obj_t obj;
		voff_t off;
		if (kl->pmap[p] == UVMLAB_NO_PAGE)
			continue;
		const struct km_entry *e = uvmlab_km_entry_at(m, va);
		if (e == NULL || e->obj == KM_NONE)
			return uvmlab_fail(why, len, "kernel page %#llx is mapped outside any object's range",
				    (unsigned long long)va);
		if (!uvmlab_page_object(m, kl->pmap[p], &obj, &off) || obj != e->obj || off != ptoa(p))
			return uvmlab_fail(why, len, "kernel page %#llx maps pfn %u, not its object's page",
				    (unsigned long long)va, kl->pmap[p]);
	}
	for (uint32_t s = 0; m->ol != NULL && s < m->ol->nslots; s++) {
		const struct objpage *op = &m->ol->pages[s];
		if (!op->used || !uvmlab_km_is_kernel_object(m, op->obj))
			continue;
		bool released = uvmlab_phys_to_page_const(m, op->pfn)->flags & PG_RELEASED;
		if (!released && !uvmlab_km_backs(m, op->obj, op->pgoff))
			return uvmlab_fail(why, len, "kernel object %u has page %u at %#llx outside its ranges",
				    op->obj, op->pfn, (unsigned long long)ptoa(op->pgoff));
	}
	return true;
}

/* The memory limit's count is the pool pages', each mapped in the
 * kernel map; a pool's pages are its records', items counted. */
static bool
pools_validate(const struct uvm_machine *m, char *why, size_t len)
{
	const struct km_layer *kl = m->km;

	if (m->memused != ptoa(kl->npoolpages) + m->memleaked || m->memused > m->memlimit)
		return uvmlab_fail(why, len, "pool pages count %llu bytes, %u pages live, limit %llu",
			    (unsigned long long)m->memused, kl->npoolpages,
			    (unsigned long long)m->memlimit);
	for (uint32_t i = 0; i < kl->npoolpages; i++) {
		const struct poolpage *pp = &kl->poolpages[i];
		const struct pool *pl = pp->pool == KM_NONE ? NULL : &kl->pools[pp->pool];
		bool held = pl == NULL;
		for (uint32_t k = 0; pl != NULL && k < pl->npages; k++)
			held |= pl->pages[k].va == pp->va;
		if (uvmlab_km_extract(m, pp->va) == UVMLAB_NO_PAGE || !held)
			return uvmlab_fail(why, len, "pool page %#llx is not mapped, or not its pool's",
				    (unsigned long long)pp->va);
	}
	for (uint32_t i = 0; i < kl->npools; i++) {
		const struct pool *pl = &kl->pools[i];
		for (uint32_t k = 0; pl->live && k < pl->npages; k++) {
			uint32_t n = 0;
			for (uint32_t w = 0; w < sizeof(pl->pages[k].used) / 8; w++)
				n += (uint32_t)__builtin_popcountll(pl->pages[k].used[w]);
			if (n != pl->pages[k].nused || n > pl->per_page)
				return uvmlab_fail(why, len, "pool %u page %u counts %u items, %u used", i, k,
					    pl->pages[k].nused, n);
		}
	}
	return true;
}

bool
uvmlab_km_layer_validate(const struct uvm_machine *m, char *why, size_t len)
{
	if (m->km == NULL)
		return m->memused == m->memleaked ||
		       uvmlab_fail(why, len, "pool pages counted with no kernel map");
	return maps_validate(m, why, len) && pages_validate(m, why, len) &&
	       pools_validate(m, why, len);
}
