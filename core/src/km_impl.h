/*
 * The kernel memory layer's structures, shared by km_map.c (maps,
 * address ranges, the pmap), km_alloc.c (the allocators), km_pager.c
 * (the km pager's get, pgremove, touch) and km_layer.c (copy, digest,
 * validation).  Flat arrays, so a clone is a copy of each.
 */
#ifndef UVMLAB_KM_IMPL_H
#define UVMLAB_KM_IMPL_H

#include "object_impl.h"
#include "uvmlab/km.h"
#include "uvmlab/pool.h"

#define KM_NONE UINT32_MAX

/* An allocated address range of a map: backed by object obj (KM_NONE:
 * none) at offsets start - kernel map start, or holding submap. */
struct km_entry {
	vaddr_t start, end;
	uvmlab_obj_t obj;
	uvmlab_map_t submap; /* KM_NONE unless a submap's range */
};

struct km_map {
	bool live;
	bool pageable;
	vaddr_t min, max;
	uvmlab_map_t parent; /* KM_NONE for the kernel map */
	struct km_entry *ents; /* ascending start, none overlapping */
	uint32_t nents, cap;
};

/* A page a pool carves into items; used[] has a bit per item. */
struct pool_page {
	vaddr_t va;
	uint32_t nused;
	uint64_t used[PAGE_SIZE / UVMLAB_POOL_ITEM_MIN / 64];
};

struct pool {
	bool live;
	uint32_t itemsize, per_page;
	struct pool_page *pages; /* in the order the pool got them */
	uint32_t npages, cap;
};

/* A page uvm_km_alloc_poolpage1 gave and nobody has freed: its address,
 * and the pool that holds it (KM_NONE: a caller of the page API). */
struct poolpage {
	vaddr_t va;
	uvmlab_pool_t pool;
};

struct km_layer {
	struct km_map *maps; /* [0]: the kernel map */
	uint32_t nmaps, maps_cap;
	uvmlab_pfn_t *pmap; /* [kva_pages]: the page mapped at each page, or
			       UVMLAB_NO_PAGE */
	uvmlab_obj_t kernel_object;
	uvmlab_obj_t kmem_object; /* the pools' pages: kmem_object's role */
	struct poolpage *poolpages;
	uint32_t npoolpages, poolpages_cap;
	struct pool *pools;
	uint32_t npools, pools_cap;
	uint32_t drain_next; /* the page daemon's next pool */
};

/* The layer, made at the first call that needs it; NULL without memory. */
struct km_layer *uvmlab_km_layer(struct uvm_machine *m);

/* uvmlab_km_settle: at the end of a call that made the layer (`fresh`)
 * and failed: a layer left empty (no range, pool page or pool, no page
 * in its objects) is unmade, its kernel objects with it, so that the
 * failed call changed nothing. */
void uvmlab_km_settle(struct uvm_machine *m, bool fresh, int error);

/* Does map name a map: a live one, or the kernel map that the call will
 * make?  Asked before the layer is made, so that EINVAL comes first. */
bool uvmlab_km_map_named(const struct uvm_machine *m, uvmlab_map_t map);

/* The live map, or NULL. */
struct km_map *uvmlab_km_map(const struct uvm_machine *m, uvmlab_map_t map);

/* kernel-map page index of va, for the pmap; the caller checks range */
static inline uint64_t
km_page(vaddr_t va)
{
	return atop(va - UVMLAB_KVA_START);
}

/* uvmlab_km_map_range: allocate `size` bytes in map at the lowest free
 * address at or after `hint` (exactly at hint if `fixed`), backed by
 * obj; 0 or ENOMEM (no room, or host memory), nothing changed. */
int uvmlab_km_map_range(struct uvm_machine *m, uvmlab_map_t map, vaddr_t hint, vsize_t size,
			uvmlab_obj_t obj, bool fixed, vaddr_t *vap);

/* uvmlab_km_unmap: remove [start, end) from map's entries (splitting
 * them), its pmap entries, and the pages of the kernel objects behind it
 * (uvm_km_pgremove).  The range must lie in the map's allocated
 * entries, none a submap's (uvmlab_km_allocated); ENOMEM without host
 * memory to split an entry, nothing changed. */
int uvmlab_km_unmap(struct uvm_machine *m, uvmlab_map_t map, vaddr_t start, vaddr_t end);

/* Is every page of [start, end) in an entry of map with no submap? */
bool uvmlab_km_allocated(const struct km_map *km, vaddr_t start, vaddr_t end);

/* The leaf entry holding va, descending from the kernel map through
 * submaps; NULL if none. */
const struct km_entry *uvmlab_km_entry_at(const struct uvm_machine *m, vaddr_t va);

/* Is obj's page at pgoff inside an allocated range backed by obj? */
bool uvmlab_km_backs(const struct uvm_machine *m, uvmlab_obj_t obj, uint64_t pgoff);

/* pmap_kenter_pa / pmap_kremove of one page. */
void uvmlab_km_enter(struct uvm_machine *m, vaddr_t va, uvmlab_pfn_t pfn);
void uvmlab_km_remove(struct uvm_machine *m, vaddr_t va);

/* Is obj a kernel object (the kernel object, or a km-pager one)? */
bool uvmlab_km_is_kernel_object(const struct uvm_machine *m, uvmlab_obj_t obj);

/* uvmlab_km_pgremove: uvm_km_pgremove on checked arguments. */
void uvmlab_km_pgremove(struct uvm_machine *m, uvmlab_obj_t obj, uint64_t first, uint64_t end);

/* Does [start, end) hold a page uvm_km_alloc_poolpage1 gave? */
bool uvmlab_km_holds_poolpage(const struct km_layer *kl, vaddr_t start, vaddr_t end);

/* uvmlab_km_wait: uvm_wait for the model: the page daemon runs once;
 * returns whether it freed anything (so a retry may succeed). */
bool uvmlab_km_wait(struct uvm_machine *m);

#endif /* UVMLAB_KM_IMPL_H */
