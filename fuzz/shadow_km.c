/* The shadow of kernel memory and its replays; see shadow_km.h. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "shadow.h"
#include "uvmlab/ubc.h"

#define UKM_HASH_PENALTY 4 /* rev 1.13: a lookup costs four list steps */

void
shadow_km_init(struct shadow_km *k, uint64_t kva_pages, uint64_t memlimit)
{
	memset(k, 0, sizeof(*k));
	k->kva_pages = kva_pages;
	k->memlimit = memlimit;
	k->kernel = k->kmem = SKM_NONE;
}

void
shadow_km_fini(struct shadow_km *k)
{
	for (size_t i = 0; i < k->nmaps; i++)
		free(k->maps[i].e);
	for (size_t i = 0; i < k->npools; i++)
		free(k->pools[i].pg);
	free(k->maps);
	free(k->pools);
	free(k->pmap);
	free(k->ubcs);
	shadow_km_init(k, k->kva_pages, k->memlimit);
}

/* *dst, an array of n elements of src's, its own; false without memory. */
static bool
dup_array(void **dst, size_t *cap, const void *src, size_t n, size_t elem)
{
	*dst = NULL;
	*cap = 0;
	if (n == 0)
		return true;
	if (grow(dst, cap, n, elem) != 0)
		return false;
	memcpy(*dst, src, n * elem);
	return true;
}

int
shadow_km_copy(struct shadow_km *dst, const struct shadow_km *src)
{
	shadow_km_fini(dst);
	*dst = *src;
	bool ok = dup_array((void **)&dst->maps, &dst->mcap, src->maps, src->nmaps,
			    sizeof(*src->maps)) &&
		  dup_array((void **)&dst->pools, &dst->pcap, src->pools, src->npools,
			    sizeof(*src->pools)) &&
		  dup_array((void **)&dst->ubcs, &dst->ucap, src->ubcs, src->nubcs,
			    sizeof(*src->ubcs));
	size_t pcap = 0;
	dst->pmap = NULL;
	ok = ok && dup_array((void **)&dst->pmap, &pcap, src->pmap, src->pmap ? src->kva_pages : 0,
			     sizeof(*src->pmap));
	for (size_t i = 0; i < dst->nmaps && ok; i++)
		ok = dup_array((void **)&dst->maps[i].e, &dst->maps[i].cap, src->maps[i].e,
			       src->maps[i].n, sizeof(*src->maps[i].e));
	for (size_t i = 0; i < dst->npools && ok; i++)
		ok = dup_array((void **)&dst->pools[i].pg, &dst->pools[i].cap, src->pools[i].pg,
			       src->pools[i].n, sizeof(*src->pools[i].pg));
	if (!ok) {
		/* what was not copied yet still points at src's: forget it */
		dst->nmaps = dst->npools = 0;
		shadow_km_fini(dst);
		return ENOMEM;
	}
	return 0;
}

const struct skm_map *
skm_map(const struct shadow_km *k, uint64_t map)
{
	static struct skm_map fresh;

	if (map == 0 && !k->made) {
		fresh = (struct skm_map){UVMLAB_KVA_START, UVMLAB_KVA_START + ptoa(k->kva_pages),
					 NULL, 0, 0};
		return &fresh;
	}
	return map < k->nmaps ? &k->maps[map] : NULL;
}

vaddr_t
skm_fit(const struct skm_map *km, uint64_t size)
{
	vaddr_t va = km->min;

	for (size_t i = 0; i < km->n; i++) {
		if (km->e[i].end > va && km->e[i].start < va + size)
			va = km->e[i].end;
	}
	return size != 0 && size <= km->max - va ? va : 0;
}

void
skm_enter(struct shadow_km *k, uint64_t pg, uvmlab_pfn_t pfn)
{
	k->pmap[pg] = pfn;
	pfn_range_mark(&k->mapped, (uvmlab_pfn_t)pg);
}

uint64_t
skm_resident(const struct shadow *sh, uint32_t id)
{
	const struct sobj *o = shadow_objs_obj(&sh->objs, id);
	uint64_t n = 0;

	for (uint64_t p = 0; o != NULL && p < o->size; p++)
		n += o->pages[p].pfn != UVMLAB_NO_PAGE;
	return n;
}

const struct skm_ent *
skm_entry_at(const struct shadow_km *k, vaddr_t va)
{
	const struct skm_map *km = k->made ? &k->maps[0] : NULL;

	while (km != NULL) {
		const struct skm_ent *hit = NULL;
		for (size_t i = 0; i < km->n && hit == NULL; i++) {
			if (va >= km->e[i].start && va < km->e[i].end)
				hit = &km->e[i];
		}
		if (hit == NULL || hit->submap == SKM_NONE)
			return hit;
		km = &k->maps[hit->submap];
	}
	return NULL;
}

bool
skm_range_resident(const struct shadow *sh, uint32_t obj, vaddr_t va, uint64_t size)
{
	for (uint64_t pg = skm_page(va); pg < skm_page(va + size); pg++) {
		if (shadow_objs_page(&sh->objs, obj, pg) != NULL)
			return true;
	}
	return false;
}

bool
skm_made(struct shadow *sh, const struct session *s, char *why, size_t len)
{
	struct shadow_km *k = &sh->km;

	if (k->made)
		return true;
	k->kernel = shadow_holder_id(s, "kernel");
	k->kmem = shadow_holder_id(s, "kmem");
	if (k->kernel == SHADOW_ABSENT || k->kmem == SHADOW_ABSENT) {
		snprintf(why, len, "the layer was made, but the kernel's objects are not held");
		return false;
	}
	struct skm_map kmap = *skm_map(k, 0);
	if (grow((void **)&k->maps, &k->mcap, 1, sizeof(*k->maps)) != 0 ||
	    (k->pmap = malloc(k->kva_pages * sizeof(*k->pmap))) == NULL ||
	    !shadow_objs_add_obj(&sh->objs, k->kernel, k->kva_pages) ||
	    !shadow_objs_add_obj(&sh->objs, k->kmem, k->kva_pages)) {
		snprintf(why, len, "shadow: out of host memory");
		return false;
	}
	sh->objs.objs[k->kernel].kernel = sh->objs.objs[k->kmem].kernel = true;
	for (uint64_t i = 0; i < k->kva_pages; i++)
		k->pmap[i] = UVMLAB_NO_PAGE;
	k->maps[0] = kmap;
	k->nmaps = 1;
	k->made = true;
	return true;
}

bool
skm_range(struct shadow_km *k, uint64_t map, vaddr_t va, uint64_t size, uint32_t obj,
	  uint32_t submap)
{
	struct skm_map *km = &k->maps[map];
	size_t pos = 0;

	if (grow((void **)&km->e, &km->cap, km->n + 1, sizeof(*km->e)) != 0)
		return false;
	while (pos < km->n && km->e[pos].start < va)
		pos++;
	memmove(&km->e[pos + 1], &km->e[pos], (km->n - pos) * sizeof(*km->e));
	km->e[pos] = (struct skm_ent){va, va + size, obj, submap};
	km->n++;
	return true;
}

bool
skm_wire(struct shadow *sh, uint32_t obj, vaddr_t va, bool zero, bool *got, char *why,
	 size_t len)
{
	uint64_t pgoff = skm_page(va);

	if (!shadow_obj_alloc_next(sh, obj, pgoff, got, why, len))
		return false;
	if (!*got)
		return true;
	struct sobj_page *p = shadow_objs_page(&sh->objs, obj, pgoff);
	p->flags &= ~PG_BUSY;
	if (!zero)
		memset(p->bytes, UVMLAB_JUNK, PAGE_SIZE);
	skm_enter(&sh->km, pgoff, p->pfn);
	return true;
}

/* One page of object obj removed: a busy one marked released, any
 * other freed. */
static bool
remove_page(struct shadow *sh, uint32_t obj, uint64_t pgoff, char *why, size_t len)
{
	const struct sobj_page *p = shadow_objs_page(&sh->objs, obj, pgoff);

	if (p->flags & PG_BUSY) {
		shadow_obj_flags(sh, obj, pgoff, ~0u, PG_RELEASED);
		return true;
	}
	return shadow_obj_free(sh, obj, pgoff, why, len);
}

/* uvm_km_pgremove of [first, end): the memq walk while the object has
 * no more pages than UKM_HASH_PENALTY times the range, else offset by
 * offset; *hash says which. */
static bool
pgremove(struct shadow *sh, uint32_t obj, uint64_t first, uint64_t end, bool *hash, char *why,
	 size_t len)
{
	const struct sobj *o = shadow_objs_obj(&sh->objs, obj);
	uint64_t *order = malloc((o->size ? o->size : 1) * sizeof(*order));
	size_t n = order != NULL ? shadow_objs_memq(&sh->objs, obj, order) : 0;
	bool ok = order != NULL;

	*hash = n > (end - first) * UKM_HASH_PENALTY;
	for (size_t i = 0; ok && !*hash && i < n; i++) {
		if (order[i] >= first && order[i] < end)
			ok = remove_page(sh, obj, order[i], why, len);
	}
	for (uint64_t pg = first; ok && *hash && pg < end; pg++) {
		if (shadow_objs_page(&sh->objs, obj, pg) != NULL)
			ok = remove_page(sh, obj, pg, why, len);
	}
	if (order == NULL)
		snprintf(why, len, "shadow: out of host memory");
	free(order);
	return ok;
}

bool
skm_unmap(struct shadow *sh, uint64_t map, vaddr_t start, vaddr_t end, bool *hash, char *why,
	  size_t len)
{
	struct shadow_km *k = &sh->km;
	struct skm_map *km = &k->maps[map];

	for (size_t i = 0; i < km->n;) {
		struct skm_ent e = km->e[i];
		vaddr_t s = e.start > start ? e.start : start;
		vaddr_t t = e.end < end ? e.end : end;
		if (s >= t) {
			i++;
			continue;
		}
		for (vaddr_t va = s; va < t; va += PAGE_SIZE)
			skm_enter(k, skm_page(va), UVMLAB_NO_PAGE);
		if (e.obj != SKM_NONE && !pgremove(sh, e.obj, skm_page(s), skm_page(t), hash, why, len))
			return false;
		if (s > e.start && t < e.end) {
			km->e[i].end = s;
			if (!skm_range(k, map, t, e.end - t, e.obj, SKM_NONE)) {
				snprintf(why, len, "shadow: out of host memory");
				return false;
			}
			i += 2;
		} else if (s > e.start) {
			km->e[i++].end = s;
		} else if (t < e.end) {
			km->e[i++].start = t;
		} else {
			memmove(&km->e[i], &km->e[i + 1], (km->n - i - 1) * sizeof(*km->e));
			km->n--;
		}
	}
	return true;
}

bool
skm_unwire_back(struct shadow *sh, uint64_t map, uint32_t obj, vaddr_t kva, vaddr_t loopva,
		uint64_t size, unsigned color, char *why, size_t len)
{
	bool hash;

	while (loopva > kva) {
		loopva -= PAGE_SIZE;
		skm_enter(&sh->km, skm_page(loopva), UVMLAB_NO_PAGE);
		if (!shadow_obj_free(sh, obj, skm_page(loopva), why, len))
			return false;
	}
	sh->order.next_color = color;
	return skm_unmap(sh, map, kva, kva + size, &hash, why, len);
}

/* A pool page given back: the count down, its one-page range unmapped
 * from the kernel map. */
static bool
poolpage_free(struct shadow *sh, vaddr_t va, char *why, size_t len)
{
	struct shadow_km *k = &sh->km;
	bool hash;

	k->memused -= PAGE_SIZE;
	return skm_unmap(sh, 0, va, va + PAGE_SIZE, &hash, why, len);
}

/* Every empty page of pool p given back, first to last; *any. */
static bool
pool_reclaim(struct shadow *sh, size_t p, bool *any, char *why, size_t len)
{
	struct skm_pool *pl = &sh->km.pools[p];

	*any = false;
	for (size_t i = 0; i < pl->n;) {
		if (pl->pg[i].nused != 0) {
			i++;
			continue;
		}
		if (!poolpage_free(sh, pl->pg[i].va, why, len))
			return false;
		memmove(&pl->pg[i], &pl->pg[i + 1], (pl->n - i - 1) * sizeof(*pl->pg));
		pl->n--;
		*any = true;
	}
	return true;
}

bool
skm_wait(struct shadow *sh, bool *reclaimed, char *why, size_t len)
{
	struct shadow_km *k = &sh->km;

	*reclaimed = false;
	for (size_t i = 0; i < k->npools && !*reclaimed; i++) {
		size_t p = (k->drain_next + i) % k->npools;
		if (k->pools[p].live && !pool_reclaim(sh, p, reclaimed, why, len))
			return false;
		if (*reclaimed)
			k->drain_next = (uint32_t)((p + 1) % k->npools);
	}
	/* nothing drained: subr_pool's drain has still moved on one pool */
	if (!*reclaimed && k->npools > 0)
		k->drain_next = (uint32_t)((k->drain_next + 1) % k->npools);
	return true;
}

/* uvm_km_kmemalloc NOWAIT of one page of kmem in the kernel map:
 * *error, *va. */
static bool
kmem_page(struct shadow *sh, int *error, vaddr_t *va, char *why, size_t len)
{
	struct shadow_km *k = &sh->km;
	bool got;

	*error = 0;
	if ((*va = skm_fit(&k->maps[0], PAGE_SIZE)) == 0) {
		*error = ENOMEM;
		return true;
	}
	if (!skm_range(k, 0, *va, PAGE_SIZE, k->kmem, SKM_NONE)) {
		snprintf(why, len, "shadow: out of host memory");
		return false;
	}
	if (!skm_wire(sh, k->kmem, *va, false, &got, why, len))
		return false;
	if (!got) {
		*error = ENOMEM;
		return skm_unwire_back(sh, 0, k->kmem, *va, *va, PAGE_SIZE, sh->order.next_color,
				       why, len);
	}
	return true;
}

bool
skm_poolpage(struct shadow *sh, bool waitok, bool flawed, int *error, vaddr_t *va, char *why,
	     size_t len)
{
	struct shadow_km *k = &sh->km;
	bool reclaimed = true;

	while (k->memlimit != UVMLAB_MEMLIMIT_NONE && k->memused + PAGE_SIZE > k->memlimit) {
		if (!waitok) {
			*error = ENOMEM;
			return true;
		}
		if (!skm_wait(sh, &reclaimed, why, len))
			return false;
		if (!reclaimed) {
			*error = ENOMEM;
			return true;
		}
	}
	for (;;) {
		if (!kmem_page(sh, error, va, why, len))
			return false;
		if (*error == 0 || !waitok)
			break;
		if (!skm_wait(sh, &reclaimed, why, len))
			return false;
		if (!reclaimed)
			break;
	}
	if (*error != 0) {
		if (!waitok && k->memlimit != UVMLAB_MEMLIMIT_NONE && flawed)
			k->memused += PAGE_SIZE;
		return true;
	}
	k->memused += PAGE_SIZE;
	return true;
}

bool
skm_compare(const struct shadow_km *k, const struct session *s, bool full, char *why,
	    size_t len)
{
	if (uvmlab_memlimit_used(s->m) != k->memused) {
		snprintf(why, len, "the memory limit counts %" PRIu64 " bytes, the shadow %" PRIu64,
			 uvmlab_memlimit_used(s->m), k->memused);
		return false;
	}
	if (uvmlab_ubc_windows_live(s->m) != k->nubcs) {
		snprintf(why, len, "%zu UBC windows live, the shadow has %zu",
			 uvmlab_ubc_windows_live(s->m), k->nubcs);
		return false;
	}
	uint64_t first = full ? 0 : k->mapped.first, end = full ? k->kva_pages : k->mapped.last + 1;
	for (uint64_t i = first; k->made && (full || k->mapped.any) && i < end; i++) {
		uvmlab_pfn_t pfn = uvmlab_km_extract(s->m, UVMLAB_KVA_START + ptoa(i));
		if (pfn != k->pmap[i]) {
			snprintf(why, len, "kernel address %#" PRIx64 " maps pfn %" PRIu32
					   ", the shadow says %" PRIu32,
				 UVMLAB_KVA_START + ptoa(i), pfn, k->pmap[i]);
			return false;
		}
	}
	return true;
}
