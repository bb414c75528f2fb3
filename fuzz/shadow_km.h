/*
 * The shadow of kernel memory (uvm_km.c rev 1.13, rump vm.c rev 1.84)
 * and of the UBC windows (rump vm.c rev 1.29): each map's ranges, the
 * kernel pmap, the pool pages and the pools' pages with their items,
 * the memory limit's count, and the page daemon's next pool.  The
 * kernel's two objects are object holders of the shadow ("kernel" and
 * "kmem"), so their pages are kept as every object page is.
 *
 * The replays below redo, on the shadow alone, what the seeds do step
 * by step: which page uvm_pagealloc gives next (free_order.h), which
 * pool the page daemon drains, which walk uvm_km_pgremove takes, and
 * each rollback.  An operation's update runs its replay and compares
 * the core's answer with it; so the pages, the errors that depend on
 * them, and every address are specified, not bounded.
 */
#ifndef UVMLAB_SHADOW_KM_H
#define UVMLAB_SHADOW_KM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pfn_range.h"
#include "uvmlab/pool.h"

#define SKM_NONE UINT32_MAX

struct skm_ent {
	vaddr_t start, end;
	uint32_t obj;	 /* its object's holder id, or SKM_NONE */
	uint32_t submap; /* the submap it holds, or SKM_NONE */
};

struct skm_map {
	vaddr_t min, max;
	struct skm_ent *e; /* ascending, none overlapping */
	size_t n, cap;
};

struct skm_pool_page {
	vaddr_t va;
	uint32_t nused;
	uint64_t used[PAGE_SIZE / UVMLAB_POOL_ITEM_MIN / 64];
};

struct skm_pool {
	bool live;
	uint32_t itemsize, per_page;
	struct skm_pool_page *pg; /* in the order the pool got them */
	size_t n, cap;
};

struct skm_ubc {
	vaddr_t va;
	uint64_t len;
};

struct shadow_km {
	bool made;		/* the kernel memory layer exists */
	uint32_t kernel, kmem;	/* the kernel's objects' holder ids */
	uint64_t kva_pages;
	uvmlab_pfn_t *pmap;	/* [kva_pages] */
	struct skm_map *maps;	/* [0]: the kernel map */
	size_t nmaps, mcap;
	struct skm_pool *pools;
	size_t npools, pcap;
	uint32_t drain_next;
	uint64_t memlimit, memused;
	struct skm_ubc *ubcs;
	size_t nubcs, ucap;
	bool touched; /* the last update was a kernel memory op's: compare */
	struct pfn_range mapped; /* the kernel pages whose mapping it set */
};

struct shadow;
struct session;

/* The kernel objects' page offset of kernel address va. */
static inline uint64_t
skm_page(vaddr_t va)
{
	return atop(va - UVMLAB_KVA_START);
}

/* shadow_km_init: no layer, the limit from the parameters; _fini
 * releases; _copy: dst (finished or zeroed) a deep copy of src, 0 or
 * ENOMEM. */
void shadow_km_init(struct shadow_km *k, uint64_t kva_pages, uint64_t memlimit);
void shadow_km_fini(struct shadow_km *k);
int shadow_km_copy(struct shadow_km *dst, const struct shadow_km *src);

/* skm_map: map index `map` if it exists, before the layer too for the
 * kernel map (its bounds are known); else NULL.  skm_fit: the lowest
 * address of size bytes in the map from its start, or 0. */
const struct skm_map *skm_map(const struct shadow_km *k, uint64_t map);
vaddr_t skm_fit(const struct skm_map *km, uint64_t size);

/* skm_enter: the shadow's pmap maps kernel page pg to pfn (or
 * UVMLAB_NO_PAGE), compared after the op. */
void skm_enter(struct shadow_km *k, uint64_t pg, uvmlab_pfn_t pfn);

/* skm_resident: how many pages object holder id has resident. */
uint64_t skm_resident(const struct shadow *sh, uint32_t id);

/* skm_entry_at: the entry of a kernel-object range holding va, through
 * submaps, or NULL. */
const struct skm_ent *skm_entry_at(const struct shadow_km *k, vaddr_t va);

/* skm_range_resident: object holder obj has a page resident at an
 * offset of [va, va + size). */
bool skm_range_resident(const struct shadow *sh, uint32_t obj, vaddr_t va, uint64_t size);

/*
 * The replays; each false with a reason where the shadow cannot follow
 * (host memory, or a page the shadow holds otherwise).
 *   skm_made: the layer exists after a call that succeeded: its objects
 *     become the holders "kernel" and "kmem" (made by the executor);
 *   skm_range: a new range [va, va + size) of map, backed by obj;
 *   skm_wire: the next page uvm_pagealloc gives joins obj at va's
 *     offset, un-busied, zeroed or junk, mapped at va; *got false when
 *     there is none;
 *   skm_wait: the page daemon's pass (uvm_pageout); *reclaimed;
 *   skm_unwire_back: a waiting allocator's undo (pages newest first,
 *     the colour put back, the range removed);
 *   skm_unmap: uvm_unmap of [start, end) in map: pages unmapped, then
 *     removed from their object by uvm_km_pgremove's walk (*hash: which
 *     one the last removal took, if any).
 */
bool skm_made(struct shadow *sh, const struct session *s, char *why, size_t len);
bool skm_range(struct shadow_km *k, uint64_t map, vaddr_t va, uint64_t size, uint32_t obj,
	       uint32_t submap);
bool skm_wire(struct shadow *sh, uint32_t obj, vaddr_t va, bool zero, bool *got, char *why,
	      size_t len);
bool skm_wait(struct shadow *sh, bool *reclaimed, char *why, size_t len);
bool skm_unwire_back(struct shadow *sh, uint64_t map, uint32_t obj, vaddr_t kva,
		     vaddr_t loopva, uint64_t size, unsigned color, char *why, size_t len);
bool skm_unmap(struct shadow *sh, uint64_t map, vaddr_t start, vaddr_t end, bool *hash,
	       char *why, size_t len);

/* skm_poolpage: rev 1.84's rump_hypermalloc and rev 1.13's NOWAIT
 * kmemalloc of one page of kmem, replayed; *error is the call's answer,
 * *va the page (the pool records it).  `flawed`: the 1.84 count leak on
 * a NOWAIT failure under a limit. */
bool skm_poolpage(struct shadow *sh, bool waitok, bool flawed, int *error, vaddr_t *va,
		  char *why, size_t len);

/* skm_compare: the core's memory count and UBC windows against the
 * shadow's, and its pmap: the pages the last op mapped or unmapped, or
 * all of them when `full`. */
bool skm_compare(const struct shadow_km *k, const struct session *s, bool full, char *why,
		 size_t len);

#endif /* UVMLAB_SHADOW_KM_H */
