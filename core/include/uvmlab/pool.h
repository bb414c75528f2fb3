/*
 * Pool pages, a minimal pool allocator, the memory limit and the page
 * daemon.
 *
 * Pool pages are uvm_km.c rev 1.13's: uvm_km_alloc_poolpage1 is a NOWAIT
 * uvm_km_kmemalloc of one page.  They count against the memory limit as
 * rump's vm.c rev 1.84 counts rump_hypermalloc (RUMP_MEMLIMIT, in bytes);
 * other page contents do not count, as in the seed.  Over the limit, a
 * call that may not wait gets ENOMEM and changes nothing; one that may
 * runs the page daemon (rev 1.84's uvm_pageout, one pass: it drains the
 * next pool that has cached empty pages) and tries again, and where the
 * seed would sleep forever with nothing to drain ("deadlock?"), it gets
 * ENOMEM, counted in UVMLAB_STAT_pdaemon_nothing.
 *
 * The flaw the strategies with the seeds' flaws keep: rump_hypermalloc
 * counts the bytes before it asks its backend, and when the backend has
 * none for a caller that may not wait, returns NULL with them still
 * counted.  Here: a NOWAIT pool page under a limit that finds no free
 * page leaves PAGE_SIZE counted for good (UVMLAB_STAT_memlimit_leaked),
 * so the limit shrinks.  Correct strategies count nothing then.
 *
 * Of subr_pool.c the model keeps: fixed-size items carved from pool
 * pages; items given from the first page (in the order the pool got
 * them) with a free item, lowest address first; a page whose items are
 * all back stays cached in its pool until the page daemon drains it
 * (pool_reclaim frees every empty page of the pool); PR_WAITOK and
 * PR_NOWAIT.  Not kept: item headers and colouring, the hard and soft
 * limits, caches (pool_cache), constructors and the pool's own locking.
 */
#ifndef UVMLAB_POOL_H
#define UVMLAB_POOL_H

#include "uvmlab/km.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t uvmlab_pool_t;

#define UVMLAB_MEMLIMIT_NONE UINT64_MAX /* RUMPMEM_UNLIMITED */
#define UVMLAB_POOL_ITEM_MIN 16		/* bytes: at most 256 items a page */
#define UVMLAB_POOLS_MAX 64

/* pool_get flags (pool.h). */
#define PR_NOWAIT 0x00
#define PR_WAITOK 0x02

/*
 * uvm_km_alloc_poolpage1: one wired page of kernel object obj in map,
 * for a pool, its address in *vap: the memory limit first (above), then
 * a NOWAIT uvm_km_kmemalloc of one page; with `waitok`, a kmemalloc that
 * finds no page runs the page daemon and tries again while it reclaims
 * something.  EINVAL for a dead map or an object that is not a kernel
 * object; ENOMEM as above, nothing changed.
 */
int uvm_km_alloc_poolpage1(struct uvm_machine *m, uvmlab_map_t map, uvmlab_obj_t obj,
			   bool waitok, vaddr_t *vap);

/*
 * uvm_km_free_poolpage1: uvm_km_free of one pool page, and its bytes off
 * the memory limit's count.  EINVAL for an address that is not a pool
 * page of map; EBUSY for one a pool of the model holds (pool_put its
 * items; the page daemon frees it).
 */
int uvm_km_free_poolpage1(struct uvm_machine *m, uvmlab_map_t map, vaddr_t addr);

/* uvmlab_memlimit_set: the memory limit, in bytes (UVMLAB_MEMLIMIT_NONE:
 * none).  EINVAL for 0 (the seed panics: "no memory available"); EBUSY
 * below what pool pages already count. */
int uvmlab_memlimit_set(struct uvm_machine *m, uint64_t bytes);

/* uvmlab_memlimit_parse: RUMP_MEMLIMIT's text as the seed reads it,
 * strtoll base 10 (leading blanks and sign, digits, anything after
 * ignored) stored into an unsigned long: "-1" is no limit
 * (RUMPMEM_UNLIMITED), any other negative a huge one.  EINVAL where that
 * gives 0 (the seed panics). */
int uvmlab_memlimit_parse(const char *text, uint64_t *bytesp);

/* uvmlab_memlimit_used: the bytes pool pages count now (curphysmem). */
uint64_t uvmlab_memlimit_used(const struct uvm_machine *m);

/* uvmlab_pool_init: a pool of `itemsize`-byte items
 * (UVMLAB_POOL_ITEM_MIN..PAGE_SIZE), the lowest free handle in *poolp.
 * EINVAL for a bad size; ENOMEM past UVMLAB_POOLS_MAX pools or without
 * host memory. */
int uvmlab_pool_init(struct uvm_machine *m, size_t itemsize, uvmlab_pool_t *poolp);

/* pool_get: an item's address in *itemp; a new pool page
 * (uvm_km_alloc_poolpage1 on the kernel map's kmem object, waiting with
 * PR_WAITOK) when every page is full.  EINVAL for a dead pool or unknown
 * flags; ENOMEM as uvm_km_alloc_poolpage1's, nothing changed. */
int pool_get(struct uvm_machine *m, uvmlab_pool_t pool, int flags, vaddr_t *itemp);

/* pool_put: give an item back; its page stays in the pool, cached if
 * empty.  EINVAL, changing nothing, for an address that is not an item
 * of the pool given out (never, or already put). */
int pool_put(struct uvm_machine *m, uvmlab_pool_t pool, vaddr_t item);

/* uvm_pageout: one pass of the page daemon (rev 1.84): from the pool
 * after the one it drained last, round the pools once, draining the
 * first that has empty pages.  *reclaimedp says whether it freed any. */
void uvm_pageout(struct uvm_machine *m, bool *reclaimedp);

#ifdef __cplusplus
}
#endif

#endif /* UVMLAB_POOL_H */
