/*
 * The machine's internal layout, shared by the core's files only.
 *
 * Invariants, checked by uvmlab_validate():
 *   every managed page is in exactly one state: free (PG_FREE, on the
 *     free list of its (freelist, bucket, colour), owner NONE), single
 *     (owner SINGLE) or listed (owner = a live list's handle);
 *   pages outside a segment's avail range are unmanaged: no PG_FREE,
 *     owner NONE, never linked;
 *   bucket_nfree[f][b] == pages on that bucket's colour lists;
 *   fl_nfree[f] == sum over b of bucket_nfree[f][b];
 *   nfree == sum over f of fl_nfree[f];
 *   lists[h].npages == pages linked on list h, all with owner h;
 *   0 <= seg.start_hint <= seg.avail_end - seg.avail_start;
 *   every page of segs[i] has pg->seg == i;
 *   segs[] sorted by start and pairwise disjoint;
 * and for the object layer (object.c), when there is one:
 *   an object page (owner OWNER_OBJECT + slot) is unlinked, and its
 *     slot is used, names the page's pfn, and is on its live object's
 *     memq; obj.npages == slots on its memq;
 *   the lookup hash holds exactly the used slots, by (object, offset);
 *   a PG_RELEASED page is busy; a free page has no object flags;
 *   every live window's pages are busy object pages, and windows do not
 *     overlap, inside [UVMLAB_PAGER_VA_START, + UVMLAB_PAGER_VA_PAGES).
 */
#ifndef UVMLAB_MACHINE_IMPL_H
#define UVMLAB_MACHINE_IMPL_H

#include <assert.h>

#include "uvmlab/stats.h"
#include "uvmlab/uvm.h"

#define OWNER_NONE UINT32_MAX
#define OWNER_SINGLE (UINT32_MAX - 1)
#define OWNER_OBJECT 0x80000000u /* owner - OWNER_OBJECT: an object page's slot;
				    list handles stay below */
#define NO_SLOT UINT32_MAX

/* One page descriptor.  A page is linked on at most one queue at a time:
 * a free list, a page list or the aggressive fallback's scratch list. */
struct vm_page {
	struct vm_page *next, *prev;
	uvmlab_pfn_t pfn;
	uint32_t flags;
	uint32_t owner; /* OWNER_NONE, OWNER_SINGLE or a list handle */
	uint8_t freelist;
	uint8_t bucket;
	uint8_t seg; /* index of its segment in segs[]: the index hooks need it
			on every page change, and a search would cost more */
};

struct vm_physseg {
	uvmlab_pfn_t start, end;	    /* [start, end): every page has a descriptor */
	uvmlab_pfn_t avail_start, avail_end; /* [avail_start, avail_end): managed */
	unsigned freelist, bucket;
	uint32_t start_hint; /* offset from avail_start where the next search starts */
	struct vm_page *pgs; /* pgs[i] is pfn start + i */
	void *index;	     /* the strategy's free-page index, or NULL (strategy.h) */
};

/* A doubly linked queue of pages, NetBSD's TAILQ (pglist) or LIST. */
struct pgqueue {
	struct vm_page *first, *last;
	uint64_t npages;
};

struct pglist_slot {
	struct pgqueue q;
	bool live;
	bool fallback; /* its pages came from the waitok fallback */
};

struct uvm_machine {
	struct uvmlab_params params;
	unsigned colormask;

	unsigned nsegs;
	struct vm_physseg segs[UVMLAB_PHYSSEG_MAX];

	/* Free lists: colour queue (f, b, c) and per-bucket counts. */
	struct pgqueue *colorq; /* [nfreelists * nbuckets * ncolors] */
	uint64_t fl_nfree[UVMLAB_FREELIST_MAX];
	uint64_t bucket_nfree[UVMLAB_FREELIST_MAX][UVMLAB_BUCKET_MAX];
	uint64_t nfree; /* uvmexp.free, CPU_COUNT_FREEPAGES */
	unsigned pgflcolor; /* the CPU's next colour for uvm_pagealloc */

	/* Page lists handed out by uvm_pglistalloc, indexed by handle. */
	struct pglist_slot *lists;
	uint32_t nlists, lists_cap;

	/* Objects, their pages and pager windows (object.c); NULL until the
	 * first object is made. */
	struct obj_layer *ol;

	/* The kernel map, its submaps and pmap (km_map.c); NULL until the
	 * first kernel memory call. */
	struct km_layer *km;
	uint64_t memlimit, memused; /* the memory limit and what pool pages
				       count against it (pool.h) */
	uint64_t memleaked;	    /* of memused, what rev 1.84's NOWAIT
				       failure left counted (seed flaw) */

	uint64_t stats[UVMLAB_STAT_COUNT];
	struct uvmlab_event ring[UVMLAB_EVENT_RING];
	uint64_t nevents;
};

#ifdef UVMLAB_NO_STATS
#define STAT_INCR(m, name) ((void)(m))
#define STAT_ADD(m, name, n) ((void)(m), (void)(n))
#else
#define STAT_INCR(m, name) ((m)->stats[UVMLAB_STAT_##name]++)
#define STAT_ADD(m, name, n) ((m)->stats[UVMLAB_STAT_##name] += (n))
#endif

/* One unit of a search's work (nodes, bitmap words), summed into the
 * stats when the search ends: an instrument, as the stats are. */
#define WORK_COUNT(c) ((c)++)

/* Cheap checks of the model's own invariants, on in every debug build. */
#define UVMLAB_ASSERT(cond) assert(cond)

/* host_alloc.c: malloc, calloc and realloc, as uvmlab_fail_allocation
 * arms them; every allocation of a machine's memory uses these. */
void *uvmlab_host_malloc(size_t n);
void *uvmlab_host_calloc(size_t k, size_t n);
void *uvmlab_host_realloc(void *p, size_t n);
/* uvmlab_host_grow: double the array *bufp of *capp elements of `elem`
 * bytes (to `first` when empty), with uvmlab_host_realloc.  0, or ENOMEM
 * leaving both as they were. */
int uvmlab_host_grow(void **bufp, uint32_t *capp, uint32_t first, size_t elem);

/* queue.c: the only code that links and unlinks pages. */
void pgqueue_insert_head(struct pgqueue *q, struct vm_page *pg);
void pgqueue_insert_tail(struct pgqueue *q, struct vm_page *pg);
void pgqueue_remove(struct pgqueue *q, struct vm_page *pg);

/* freelist.c: the one add and one remove helper for the free lists
 * (unlink: remove without telling the strategy's index). */
void uvmlab_freelist_add(struct uvm_machine *m, struct vm_page *pg);
void uvmlab_freelist_remove(struct uvm_machine *m, struct vm_page *pg);
void uvmlab_freelist_unlink(struct uvm_machine *m, struct vm_page *pg);
void uvmlab_pagefree_internal(struct uvm_machine *m, struct vm_page *pg);
struct vm_page *uvmlab_pagealloc_internal(struct uvm_machine *m, int flags, int strat,
					  unsigned freelist);

/* physseg.c: page lookup. */
struct vm_page *uvmlab_phys_to_page(struct uvm_machine *m, uvmlab_pfn_t pfn);
const struct vm_page *uvmlab_phys_to_page_const(const struct uvm_machine *m,
						 uvmlab_pfn_t pfn);
int uvmlab_physseg_find(const struct uvm_machine *m, uvmlab_pfn_t pfn);

static inline bool
page_is_free(const struct vm_page *pg)
{
	return (pg->flags & PG_FREE) != 0;
}

static inline bool
seg_avail_has(const struct vm_physseg *seg, uvmlab_pfn_t pfn)
{
	return pfn >= seg->avail_start && pfn < seg->avail_end;
}

/* pglist_table.c: handles of page lists. */
int uvmlab_list_new(struct uvm_machine *m, uvmlab_list_t *out);
struct pglist_slot *uvmlab_list_get(struct uvm_machine *m, uvmlab_list_t h);
const struct pglist_slot *uvmlab_list_get_const(const struct uvm_machine *m, uvmlab_list_t h);
void uvmlab_list_retire(struct uvm_machine *m, uvmlab_list_t h);

/* pglist.c helper used by the strategies: move a free page onto rlist. */
void uvmlab_pglist_add(struct uvm_machine *m, struct vm_page *pg, struct pgqueue *rlist,
		       uvmlab_list_t owner);

/*
 * contig.c: the per-segment contiguous search (rev 1.89's
 * uvm_pglistalloc_c_ps) under the machine's strategy.  low and high are
 * pfns, alignment and boundary in pages (boundary 0: none).  On success
 * returns the first pfn of a free run of num pages and moves the
 * segment's hint past it; returns -1 when the segment has no run it may
 * give.
 */
int64_t uvmlab_contig_search(struct uvm_machine *m, struct vm_physseg *seg, int num,
			     paddr_t low, paddr_t high, paddr_t alignment, paddr_t boundary);

/* aggressive.c: rev 1.89's fallback for a contiguous request with waitok.
 * Returns 0 with num pages on rlist, or ENOMEM. */
int uvmlab_contig_aggressive(struct uvm_machine *m, int num, paddr_t low, paddr_t high,
			     paddr_t alignment, paddr_t boundary, struct pgqueue *rlist,
			     uvmlab_list_t h);

/* object.c: the object layer's part of destroy, clone, digest and
 * validate; uvmlab_obj_page_free: an object page leaves its object and
 * goes back to the free lists. */
struct obj_layer;
void uvmlab_obj_layer_free(struct obj_layer *ol);
int uvmlab_obj_layer_copy(struct obj_layer **dst, const struct obj_layer *src);
uint64_t uvmlab_obj_layer_digest(const struct uvm_machine *m, uint64_t h);
bool uvmlab_obj_layer_validate(const struct uvm_machine *m, char *why, size_t len);

/* km_layer.c: the kernel memory layer's, as the object layer's. */
struct km_layer;
void uvmlab_km_layer_free(struct km_layer *kl);
int uvmlab_km_layer_copy(struct km_layer **dst, const struct km_layer *src, unsigned kva_pages);
uint64_t uvmlab_km_layer_digest(const struct uvm_machine *m, uint64_t h);
bool uvmlab_km_layer_validate(const struct uvm_machine *m, char *why, size_t len);

static inline bool
page_is_object(const struct vm_page *pg)
{
	return !page_is_free(pg) && pg->owner >= OWNER_OBJECT && pg->owner < OWNER_SINGLE;
}

/* events.c */
void uvmlab_event_log(struct uvm_machine *m, enum uvmlab_event_fn fn, int result, uint64_t a0,
		      uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

#endif /* UVMLAB_MACHINE_IMPL_H */
