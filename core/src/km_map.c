/*
 * The kernel map and its submaps: address ranges allocated lowest fit
 * first (uvm_map with a hint), unmapped with their pages
 * (uvm_unmap_remove's kernel-object path), submaps (uvm_km_suballoc),
 * and the model's pmap of kernel pages.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "km_impl.h"

/* The kernel object, an anonymous object over the whole kernel map, and
 * the kmem object, with the km pager, for pool pages. */
static int
make_kernel_objects(struct uvm_machine *m, struct km_layer *kl)
{
	int error = uvmlab_obj_create(m, m->params.kva_pages, OBJ_KERNEL, &kl->kernel_object);

	if (error == 0 &&
	    (error = uvmlab_obj_create(m, m->params.kva_pages, OBJ_KMEM, &kl->kmem_object)) != 0)
		uvmlab_obj_destroy(m, kl->kernel_object);
	return error;
}

struct km_layer *
uvmlab_km_layer(struct uvm_machine *m)
{
	struct km_layer *kl;
	unsigned n = m->params.kva_pages;

	if (m->km != NULL)
		return m->km;
	if ((kl = uvmlab_host_calloc(1, sizeof(*kl))) == NULL ||
	    (kl->maps = uvmlab_host_calloc(4, sizeof(*kl->maps))) == NULL ||
	    (kl->pmap = uvmlab_host_malloc(n * sizeof(*kl->pmap))) == NULL ||
	    make_kernel_objects(m, kl) != 0) {
		uvmlab_km_layer_free(kl);
		return NULL;
	}
	for (unsigned i = 0; i < n; i++)
		kl->pmap[i] = UVMLAB_NO_PAGE;
	kl->maps_cap = 4;
	kl->nmaps = 1;
	kl->maps[0] = (struct km_map){true, false, UVMLAB_KVA_START,
				      UVMLAB_KVA_START + ptoa(n), KM_NONE, NULL, 0, 0};
	m->km = kl;
	return kl;
}

void
uvmlab_km_settle(struct uvm_machine *m, bool fresh, int error)
{
	struct km_layer *kl = m->km;

	if (!fresh || error == 0 || kl == NULL || kl->nmaps > 1 || kl->maps[0].nents > 0 ||
	    kl->npoolpages > 0 || kl->npools > 0 ||
	    uvmlab_obj_get(m, kl->kernel_object)->npages > 0 ||
	    uvmlab_obj_get(m, kl->kmem_object)->npages > 0)
		return;
	uvmlab_obj_destroy(m, kl->kmem_object);
	uvmlab_obj_destroy(m, kl->kernel_object);
	uvmlab_km_layer_free(kl);
	m->km = NULL;
}

bool
uvmlab_km_map_named(const struct uvm_machine *m, uvmlab_map_t map)
{
	return m->km != NULL ? uvmlab_km_map(m, map) != NULL : map == UVMLAB_KERNEL_MAP;
}

struct km_map *
uvmlab_km_map(const struct uvm_machine *m, uvmlab_map_t map)
{
	const struct km_layer *kl = m->km;

	return kl != NULL && map < kl->nmaps && kl->maps[map].live ? &kl->maps[map] : NULL;
}

bool
uvmlab_km_is_kernel_object(const struct uvm_machine *m, uvmlab_obj_t obj)
{
	const struct object *o = uvmlab_obj_get(m, obj);

	return o != NULL && o->kind != OBJ_ANON;
}

/* Room for one more entry; 0 or ENOMEM. */
static int
reserve_entry(struct km_map *km)
{
	if (km->nents < km->cap)
		return 0;
	return uvmlab_host_grow((void **)&km->ents, &km->cap, 8, sizeof(*km->ents));
}

static void
insert_entry(struct km_map *km, uint32_t pos, struct km_entry e)
{
	memmove(&km->ents[pos + 1], &km->ents[pos], (km->nents - pos) * sizeof(e));
	km->ents[pos] = e;
	km->nents++;
}

int
uvmlab_km_map_range(struct uvm_machine *m, uvmlab_map_t map, vaddr_t hint, vsize_t size,
		    uvmlab_obj_t obj, bool fixed, vaddr_t *vap)
{
	struct km_map *km = uvmlab_km_map(m, map);
	vaddr_t va = hint < km->min ? km->min : hint;
	uint32_t pos = 0;

	/* lowest fit: past each entry that ends above va, if it overlaps */
	for (; pos < km->nents && km->ents[pos].end <= va; pos++)
		continue;
	for (; pos < km->nents && km->ents[pos].start < va + size; pos++) {
		if (fixed || km->ents[pos].end > km->max - size)
			return ENOMEM;
		va = km->ents[pos].end;
	}
	if (size > km->max - va || reserve_entry(km) != 0)
		return ENOMEM;
	insert_entry(km, pos, (struct km_entry){va, va + size, obj, KM_NONE});
	*vap = va;
	return 0;
}

bool
uvmlab_km_allocated(const struct km_map *km, vaddr_t start, vaddr_t end)
{
	vaddr_t at = start;

	for (uint32_t i = 0; i < km->nents && at < end; i++) {
		const struct km_entry *e = &km->ents[i];
		if (e->end <= at)
			continue;
		if (e->start > at || e->submap != KM_NONE)
			return false;
		at = e->end;
	}
	return at >= end;
}

/* The pages of kernel-object entry e in [start, end): unmapped, then
 * removed from the object. */
static void
remove_pages(struct uvm_machine *m, const struct km_entry *e, vaddr_t start, vaddr_t end)
{
	for (vaddr_t va = start; va < end; va += PAGE_SIZE)
		uvmlab_km_remove(m, va);
	if (e->obj != KM_NONE && uvmlab_km_is_kernel_object(m, e->obj))
		uvmlab_km_pgremove(m, e->obj, atop(start - UVMLAB_KVA_START),
				   atop(end - UVMLAB_KVA_START));
}

int
uvmlab_km_unmap(struct uvm_machine *m, uvmlab_map_t map, vaddr_t start, vaddr_t end)
{
	struct km_map *km = uvmlab_km_map(m, map);

	/* an entry split in two needs one more slot: asked first, so that
	 * nothing changes on ENOMEM */
	for (uint32_t i = 0; i < km->nents; i++) {
		if (km->ents[i].start < start && km->ents[i].end > end && reserve_entry(km) != 0)
			return ENOMEM;
	}
	for (uint32_t i = 0; i < km->nents;) {
		struct km_entry *e = &km->ents[i];
		vaddr_t s = e->start > start ? e->start : start;
		vaddr_t t = e->end < end ? e->end : end;
		if (s >= t) {
			i++;
			continue;
		}
		struct km_entry whole = *e;
		remove_pages(m, &whole, s, t);
		if (s > whole.start && t < whole.end) { /* the middle: split */
			e->end = s;
			insert_entry(km, i + 1, (struct km_entry){t, whole.end, whole.obj, KM_NONE});
			i += 2;
		} else if (s > whole.start) { /* the tail */
			e->end = s;
			i++;
		} else if (t < whole.end) { /* the head */
			e->start = t;
			i++;
		} else { /* all of it */
			memmove(e, e + 1, (km->nents - i - 1) * sizeof(*e));
			km->nents--;
		}
	}
	return 0;
}

const struct km_entry *
uvmlab_km_entry_at(const struct uvm_machine *m, vaddr_t va)
{
	const struct km_map *km = uvmlab_km_map(m, UVMLAB_KERNEL_MAP);

	while (km != NULL) {
		const struct km_entry *hit = NULL;
		for (uint32_t i = 0; i < km->nents && hit == NULL; i++) {
			if (va >= km->ents[i].start && va < km->ents[i].end)
				hit = &km->ents[i];
		}
		if (hit == NULL || hit->submap == KM_NONE)
			return hit;
		km = uvmlab_km_map(m, hit->submap);
	}
	return NULL;
}

bool
uvmlab_km_backs(const struct uvm_machine *m, uvmlab_obj_t obj, uint64_t pgoff)
{
	const struct km_entry *e = uvmlab_km_entry_at(m, UVMLAB_KVA_START + ptoa(pgoff));

	return e != NULL && e->obj == obj;
}

void
uvmlab_km_enter(struct uvm_machine *m, vaddr_t va, uvmlab_pfn_t pfn)
{
	UVMLAB_ASSERT(m->km->pmap[km_page(va)] == UVMLAB_NO_PAGE);
	m->km->pmap[km_page(va)] = pfn;
}

void
uvmlab_km_remove(struct uvm_machine *m, vaddr_t va)
{
	m->km->pmap[km_page(va)] = UVMLAB_NO_PAGE;
}

uvmlab_pfn_t
uvmlab_km_extract(const struct uvm_machine *m, vaddr_t va)
{
	if (m->km == NULL || va < UVMLAB_KVA_START || km_page(va) >= m->params.kva_pages)
		return UVMLAB_NO_PAGE;
	return m->km->pmap[km_page(va)];
}

int
uvmlab_km_kernel_object(struct uvm_machine *m, uvmlab_obj_t *objp)
{
	struct km_layer *kl = uvmlab_km_layer(m);

	if (kl == NULL)
		return ENOMEM;
	*objp = kl->kernel_object;
	return 0;
}

bool
uvmlab_km_objects(const struct uvm_machine *m, uvmlab_obj_t *kernelp, uvmlab_obj_t *kmemp)
{
	if (m->km == NULL)
		return false;
	*kernelp = m->km->kernel_object;
	*kmemp = m->km->kmem_object;
	return true;
}

int
uvmlab_km_object_create(struct uvm_machine *m, uvmlab_obj_t *objp)
{
	bool fresh = m->km == NULL;
	int error;

	if (objp == NULL)
		return EINVAL;
	if (uvmlab_km_layer(m) == NULL)
		return ENOMEM;
	error = uvmlab_obj_create(m, m->params.kva_pages, OBJ_KMEM, objp);
	uvmlab_km_settle(m, fresh, error);
	return error;
}

/* A new map record; KM_NONE without host memory. */
static uvmlab_map_t
new_map(struct km_layer *kl)
{
	if (kl->nmaps == kl->maps_cap &&
	    uvmlab_host_grow((void **)&kl->maps, &kl->maps_cap, 4, sizeof(*kl->maps)) != 0)
		return KM_NONE;
	kl->maps[kl->nmaps] = (struct km_map){0};
	return kl->nmaps++;
}

int
uvm_km_suballoc(struct uvm_machine *m, uvmlab_map_t map, vaddr_t *minp, vaddr_t *maxp,
		vsize_t size, bool pageable, bool fixed, uvmlab_map_t *submapp)
{
	bool fresh = m->km == NULL;
	const struct km_map *named = uvmlab_km_map(m, map);
	/* the kernel map's bounds before it is made: the same as after */
	const struct km_map kernel = {true, false, UVMLAB_KVA_START,
				      UVMLAB_KVA_START + ptoa(m->params.kva_pages), KM_NONE, NULL, 0, 0};
	struct km_layer *kl;
	struct km_map *parent;
	vaddr_t va;
	uvmlab_map_t sub;
	int error = 0;

	if (named == NULL && uvmlab_km_map_named(m, map))
		named = &kernel;
	if (named == NULL || minp == NULL || maxp == NULL || submapp == NULL || size == 0 ||
	    size > named->max - named->min) {
		error = EINVAL;
		goto out;
	}
	size = (size + PAGE_SIZE - 1) & ~(vsize_t)(PAGE_SIZE - 1);
	/* a fixed submap starts where it is told: on a page, inside the parent */
	if (fixed && (*minp % PAGE_SIZE != 0 || *minp < named->min || *minp > named->max - size)) {
		error = EINVAL;
		goto out;
	}
	if ((kl = uvmlab_km_layer(m)) == NULL) {
		error = ENOMEM;
		goto out;
	}
	/* the record first: after it nothing can fail but the range */
	if ((sub = new_map(kl)) == KM_NONE) {
		error = ENOMEM;
		goto out;
	}
	parent = uvmlab_km_map(m, map); /* the maps may have moved */
	error = uvmlab_km_map_range(m, map, fixed ? *minp : parent->min, size, KM_NONE, fixed, &va);
	if (error != 0) {
		kl->nmaps--;
		goto out;
	}
	for (uint32_t i = 0; i < parent->nents; i++) {
		if (parent->ents[i].start == va)
			parent->ents[i].submap = sub;
	}
	kl->maps[sub] = (struct km_map){true, pageable, va, va + size, map, NULL, 0, 0};
	*minp = va;
	*maxp = va + size;
	*submapp = sub;
out:
	uvmlab_km_settle(m, fresh, error);
	uvmlab_event_log(m, UVMLAB_EV_KM_SUBALLOC, error, map, size, fixed,
			 error == 0 ? *minp : 0, 0, 0);
	return error;
}
