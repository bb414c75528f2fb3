/*
 * Pool pages (uvm_km.c rev 1.13) under the memory limit (rump vm.c rev
 * 1.84's rump_hypermalloc), a minimal pool allocator on them, and the
 * page daemon that drains the pools' cached empty pages (pool.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "km_impl.h"
#include "strategy.h"

/* ---- the memory limit ---- */

int
uvmlab_memlimit_set(struct uvm_machine *m, uint64_t bytes)
{
	if (bytes == 0)
		return EINVAL;
	if (bytes < m->memused)
		return EBUSY;
	m->memlimit = bytes;
	return 0;
}

int
uvmlab_memlimit_parse(const char *text, uint64_t *bytesp)
{
	if (text == NULL || bytesp == NULL)
		return EINVAL;
	/* strtoll into an unsigned long, as the seed: -1 is RUMPMEM_UNLIMITED,
	 * any other negative a huge limit */
	uint64_t v = (uint64_t)strtoll(text, NULL, 10);
	if (v == 0)
		return EINVAL;
	*bytesp = v;
	return 0;
}

uint64_t
uvmlab_memlimit_used(const struct uvm_machine *m)
{
	return m->memused;
}

/* ---- the page daemon ---- */

/* pool_reclaim: every empty page of the pool back; whether any was. */
static bool
pool_reclaim(struct uvm_machine *m, uvmlab_pool_t pool);

void
uvm_pageout(struct uvm_machine *m, bool *reclaimedp)
{
	struct km_layer *kl = m->km;
	bool reclaimed = false;

	for (uint32_t k = 0; kl != NULL && k < kl->npools && !reclaimed; k++) {
		uint32_t p = (kl->drain_next + k) % kl->npools;
		if (kl->pools[p].live && pool_reclaim(m, p)) {
			reclaimed = true;
			kl->drain_next = (p + 1) % kl->npools;
		}
	}
	/* the seed's "failed to reclaim memory ... sleeping (deadlock?)";
	 * subr_pool's pool_drain_start has still moved on one pool */
	if (!reclaimed) {
		STAT_INCR(m, pdaemon_nothing);
		if (kl != NULL && kl->npools > 0)
			kl->drain_next = (kl->drain_next + 1) % kl->npools;
	}
	STAT_INCR(m, pdaemon_runs);
	if (reclaimedp != NULL)
		*reclaimedp = reclaimed;
}

bool
uvmlab_km_wait(struct uvm_machine *m)
{
	bool reclaimed;

	STAT_INCR(m, km_wait);
	uvm_pageout(m, &reclaimed);
	return reclaimed;
}

/* ---- pool pages ---- */

static struct poolpage *
find_poolpage(const struct km_layer *kl, vaddr_t va)
{
	for (uint32_t i = 0; kl != NULL && i < kl->npoolpages; i++) {
		if (kl->poolpages[i].va == va)
			return &kl->poolpages[i];
	}
	return NULL;
}

bool
uvmlab_km_holds_poolpage(const struct km_layer *kl, vaddr_t start, vaddr_t end)
{
	for (uint32_t i = 0; kl != NULL && i < kl->npoolpages; i++) {
		if (kl->poolpages[i].va >= start && kl->poolpages[i].va < end)
			return true;
	}
	return false;
}

/* Room for one more pool page record; 0 or ENOMEM. */
static int
reserve_poolpage(struct km_layer *kl)
{
	if (kl->npoolpages < kl->poolpages_cap)
		return 0;
	return uvmlab_host_grow((void **)&kl->poolpages, &kl->poolpages_cap, 8,
				sizeof(*kl->poolpages));
}

/* The page itself: the limit, then kmemalloc; recorded for `pool`. */
static int
poolpage_alloc(struct uvm_machine *m, uvmlab_map_t map, uvmlab_obj_t obj, bool waitok,
	       uvmlab_pool_t pool, vaddr_t *vap)
{
	struct km_layer *kl = m->km;
	int error;

	if (reserve_poolpage(kl) != 0)
		return ENOMEM;
	/* rump_hypermalloc: within the limit first */
	while (m->memlimit != UVMLAB_MEMLIMIT_NONE && m->memused + PAGE_SIZE > m->memlimit) {
		if (!waitok || !uvmlab_km_wait(m))
			return ENOMEM;
	}
	/* then the page: rev 1.13 asks NOWAIT; a caller that may wait
	 * waits (rev 1.84's uvm_wait when the backend has none) */
	while ((error = uvm_km_kmemalloc(m, map, obj, PAGE_SIZE, UVM_KMF_NOWAIT, vap)) == ENOMEM &&
	       waitok && uvmlab_km_wait(m))
		continue;
	if (error != 0) {
		/* rump_hypermalloc counts the bytes before it asks the backend,
		 * and one that may not wait returns NULL with them still
		 * counted: kept with the seeds' flaws (only under a limit, the
		 * only time it counts), mended elsewhere */
		if (!waitok && m->memlimit != UVMLAB_MEMLIMIT_NONE &&
		    uvmlab_strategy_ops(m->params.strategy)->seed_flaws) {
			m->memused += PAGE_SIZE;
			m->memleaked += PAGE_SIZE;
			STAT_INCR(m, memlimit_leaked);
		}
		return error;
	}
	kl->poolpages[kl->npoolpages++] = (struct poolpage){*vap, pool};
	m->memused += PAGE_SIZE;
	return 0;
}

/* rump_hyperfree and uvm_km_free of a recorded pool page. */
static void
poolpage_free(struct uvm_machine *m, uvmlab_map_t map, struct poolpage *pp)
{
	struct km_layer *kl = m->km;
	vaddr_t va = pp->va;

	*pp = kl->poolpages[--kl->npoolpages];
	m->memused -= PAGE_SIZE;
	int error = uvmlab_km_unmap(m, map, va, va + PAGE_SIZE);
	UVMLAB_ASSERT(error == 0); /* a whole entry: no split, no allocation */
	(void)error;
}

int
uvm_km_alloc_poolpage1(struct uvm_machine *m, uvmlab_map_t map, uvmlab_obj_t obj, bool waitok,
		       vaddr_t *vap)
{
	bool fresh = m->km == NULL;
	int error;

	/* a kernel object exists only with the layer: no layer, EINVAL */
	if (uvmlab_km_map(m, map) == NULL || !uvmlab_km_is_kernel_object(m, obj) || vap == NULL)
		error = EINVAL;
	else
		error = poolpage_alloc(m, map, obj, waitok, KM_NONE, vap);
	uvmlab_km_settle(m, fresh, error);
	uvmlab_event_log(m, UVMLAB_EV_POOLPAGE_ALLOC, error, map, obj, waitok,
			 error == 0 ? *vap : 0, 0, 0);
	return error;
}

int
uvm_km_free_poolpage1(struct uvm_machine *m, uvmlab_map_t map, vaddr_t addr)
{
	struct poolpage *pp = find_poolpage(m->km, addr);
	const struct km_map *km = uvmlab_km_map(m, map);

	int error = 0;

	if (pp == NULL || km == NULL || !uvmlab_km_allocated(km, addr, addr + PAGE_SIZE))
		error = EINVAL;
	else if (pp->pool != KM_NONE)
		error = EBUSY;
	else
		poolpage_free(m, map, pp);
	uvmlab_event_log(m, UVMLAB_EV_POOLPAGE_FREE, error, map, addr, 0, 0, 0, 0);
	return error;
}

/* ---- pools ---- */

static struct pool *
live_pool(const struct uvm_machine *m, uvmlab_pool_t pool)
{
	const struct km_layer *kl = m->km;

	return kl != NULL && pool < kl->npools && kl->pools[pool].live ? &kl->pools[pool] : NULL;
}

int
uvmlab_pool_init(struct uvm_machine *m, size_t itemsize, uvmlab_pool_t *poolp)
{
	bool fresh = m->km == NULL;
	struct km_layer *kl;
	uvmlab_pool_t p = 0;

	if (poolp == NULL || itemsize < UVMLAB_POOL_ITEM_MIN || itemsize > PAGE_SIZE)
		return EINVAL;
	if ((kl = uvmlab_km_layer(m)) == NULL)
		return ENOMEM;
	while (p < kl->npools && kl->pools[p].live)
		p++;
	if (p == UVMLAB_POOLS_MAX)
		return ENOMEM;
	if (p == kl->pools_cap &&
	    uvmlab_host_grow((void **)&kl->pools, &kl->pools_cap, 4, sizeof(*kl->pools)) != 0) {
		uvmlab_km_settle(m, fresh, ENOMEM);
		return ENOMEM;
	}
	if (p == kl->npools)
		kl->npools++;
	kl->pools[p] = (struct pool){true, (uint32_t)itemsize, (uint32_t)(PAGE_SIZE / itemsize),
				     NULL, 0, 0};
	*poolp = p;
	return 0;
}

static bool
item_used(const struct pool_page *pg, uint32_t i)
{
	return (pg->used[i / 64] >> (i % 64)) & 1;
}

int
pool_get(struct uvm_machine *m, uvmlab_pool_t pool, int flags, vaddr_t *itemp)
{
	struct pool *pl = live_pool(m, pool);
	struct km_layer *kl = m->km;

	if (pl == NULL || itemp == NULL || (flags & ~PR_WAITOK) != 0)
		return EINVAL;
	for (uint32_t k = 0; k < pl->npages; k++) {
		struct pool_page *pg = &pl->pages[k];
		for (uint32_t i = 0; pg->nused < pl->per_page && i < pl->per_page; i++) {
			if (!item_used(pg, i)) {
				pg->used[i / 64] |= (uint64_t)1 << (i % 64);
				pg->nused++;
				*itemp = pg->va + (vaddr_t)i * pl->itemsize;
				return 0;
			}
		}
	}
	/* every page full: a new one, its record's room asked first */
	if (pl->npages == pl->cap &&
	    uvmlab_host_grow((void **)&pl->pages, &pl->cap, 4, sizeof(*pl->pages)) != 0)
		return ENOMEM;
	vaddr_t va;
	int error = poolpage_alloc(m, UVMLAB_KERNEL_MAP, kl->kmem_object, flags & PR_WAITOK, pool, &va);
	if (error != 0)
		return error;
	pl = live_pool(m, pool); /* the daemon may not move it, but be plain */
	pl->pages[pl->npages++] = (struct pool_page){va, 1, {1}};
	*itemp = va;
	return 0;
}

int
pool_put(struct uvm_machine *m, uvmlab_pool_t pool, vaddr_t item)
{
	struct pool *pl = live_pool(m, pool);

	for (uint32_t k = 0; pl != NULL && k < pl->npages; k++) {
		struct pool_page *pg = &pl->pages[k];
		if (item < pg->va || item - pg->va >= (vaddr_t)pl->per_page * pl->itemsize)
			continue;
		uint32_t i = (uint32_t)((item - pg->va) / pl->itemsize);
		if ((item - pg->va) % pl->itemsize != 0 || !item_used(pg, i))
			return EINVAL;
		pg->used[i / 64] &= ~((uint64_t)1 << (i % 64));
		pg->nused--;
		return 0;
	}
	return EINVAL;
}

static bool
pool_reclaim(struct uvm_machine *m, uvmlab_pool_t pool)
{
	struct pool *pl = &m->km->pools[pool];
	bool any = false;

	for (uint32_t k = 0; k < pl->npages;) {
		if (pl->pages[k].nused != 0) {
			k++;
			continue;
		}
		poolpage_free(m, UVMLAB_KERNEL_MAP, find_poolpage(m->km, pl->pages[k].va));
		memmove(&pl->pages[k], &pl->pages[k + 1], (pl->npages - k - 1) * sizeof(*pl->pages));
		pl->npages--;
		any = true;
	}
	return any;
}
