/*
 * uvmlab: a userspace model of NetBSD UVM's physical page allocator.
 *
 * Kernel-API functions keep NetBSD's names and take the machine as their
 * first argument; everything else is uvmlab_*.  No function keeps global
 * state, so any number of machines may live side by side.
 *
 * Errors are errno values: EINVAL for malformed arguments, ENOMEM when
 * memory cannot be found, EEXIST/EBUSY where documented.  A call that
 * returns an error leaves the machine exactly as it was, unless its
 * contract says otherwise (NetBSD's own partial-failure behaviour, which
 * the faithful model keeps, is documented at each such function).
 *
 * Precedence, where a call has more than one thing wrong: every EINVAL
 * cause is checked before any ENOMEM cause, so a malformed call gets
 * EINVAL even when memory (a free page, a segment slot, host memory)
 * would also run out; the EINVAL causes share one code, so their order
 * does not show.  fuzz/ep_*.c specifies every entry point from these
 * contracts (the bad_input target).
 */
#ifndef UVMLAB_UVM_H
#define UVMLAB_UVM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t paddr_t;
typedef uint64_t psize_t;
typedef uint32_t uvmlab_pfn_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE ((paddr_t)1 << PAGE_SHIFT)
#define atop(pa) ((pa) >> PAGE_SHIFT)
#define ptoa(pfn) ((paddr_t)(pfn) << PAGE_SHIFT)

/* Limits of the model.  Rev 1.89 keeps pfns and page counts in signed
 * ints: with segments ending at or below 2^30 and requests of fewer than
 * 2^30 pages, every sum it forms (candidate + num) fits, so the model's
 * 64-bit arithmetic gives the same answers. */
#define UVMLAB_PFN_LIMIT ((uvmlab_pfn_t)1 << 30)
#define UVMLAB_NPAGES_LIMIT ((uint64_t)1 << 30) /* pages in one request, exclusive */
/* Host memory: a segment of more pages than this gets ENOMEM (each page
 * costs the model a 32-byte descriptor; 2^22 pages model 16 GiB). */
#define UVMLAB_SEG_PAGES_MAX ((uvmlab_pfn_t)1 << 22)
#define UVMLAB_PHYSSEG_MAX 32
#define UVMLAB_FREELIST_MAX 16
#define UVMLAB_COLOR_MAX 64
#define UVMLAB_BUCKET_MAX 8

/* Page flags, with the values of uvm_page.h 1.109 (December 2020).
 * PG_WANTED moved to pqflags there; the model keeps it as a flag bit of
 * its own so that rump's vm.c and uvm_km.c (1998) can use it. */
#define PG_CLEAN 0x00000001u
#define PG_DIRTY 0x00000002u
#define PG_BUSY 0x00000004u
#define PG_WANTED 0x00000008u
#define PG_PAGEOUT 0x00000010u
#define PG_RELEASED 0x00000020u
#define PG_FAKE 0x00000040u
#define PG_RDONLY 0x00000080u
#define PG_TABLED 0x00000200u
#define PG_FREE 0x00004000u
#define PG_PGLCA 0x00020000u

/* uvm_pagealloc_strat() flags and strategies (uvm_extern.h 1.232). */
#define UVM_PGA_USERESERVE 0x0001
#define UVM_PGA_ZERO 0x0002
#define UVM_PGA_STRAT_NORMAL 0
#define UVM_PGA_STRAT_ONLY 1
#define UVM_PGA_STRAT_FALLBACK 2

/*
 * The contiguous-search strategies, declared once: X(ENUM, name).  Each
 * is one file in core/src/ defining `uvmlab_strategy_<name>`.  The
 * position in this list is the strategy's code in stored fuzz inputs,
 * so new strategies go at the end.
 *   faithful: rev 1.89 exactly, flaws included (a run straddling the
 *             hint is missed), and the seeds' flaws in every layer;
 *   fixed:    rev 1.89's descriptor scan with the straddle flaw mended;
 *   bitmap:   fixed's answers from a free bitmap scanned a word at a
 *             time, as Linux's bitmap_find_next_zero_area_off;
 *   fast:     fixed's answers from a free bitmap with a summary tree.
 */
#define UVMLAB_STRATEGY_LIST(X)                                                         \
	X(FAITHFUL, faithful)                                                           \
	X(FIXED, fixed)                                                                 \
	X(BITMAP, bitmap)                                                               \
	X(FAST, fast)

enum uvmlab_strategy {
#define UVMLAB_STRATEGY_ENUM(upper, lower) UVMLAB_STRAT_##upper,
	UVMLAB_STRATEGY_LIST(UVMLAB_STRATEGY_ENUM)
#undef UVMLAB_STRATEGY_ENUM
	UVMLAB_STRAT_COUNT
};

/*
 * Which runs a strategy's wrapped second pass over a segment may take
 * (the pass that runs when nothing fits from the hint on):
 *   UVMLAB_WRAP_ENDS_BY_HINT: runs that end by the hint (rev 1.89; a run
 *     straddling the hint is examined by neither pass);
 *   UVMLAB_WRAP_BELOW_FIRST: runs that start before the first pass's
 *     start, wherever they end.
 */
enum uvmlab_wrap {
	UVMLAB_WRAP_ENDS_BY_HINT,
	UVMLAB_WRAP_BELOW_FIRST,
};

/* What a harness may know of a strategy without calling its search. */
struct uvmlab_strategy_info {
	const char *name;
	enum uvmlab_wrap wrap;
	bool has_index;	 /* keeps a per-segment index of free pages */
	bool seed_flaws; /* keeps the seeds' flaws beyond the page lists
			    (uvmlab/object.h: uvm_vnp_zerorange) */
};

struct uvmlab_params {
	enum uvmlab_strategy strategy;
	unsigned nfreelists;	     /* VM_NFREELIST: 1..UVMLAB_FREELIST_MAX */
	unsigned ncolors;	     /* power of two, 1..UVMLAB_COLOR_MAX */
	unsigned nbuckets;	     /* 1..UVMLAB_BUCKET_MAX */
	unsigned reserve_pagedaemon; /* uvmexp.reserve_pagedaemon; the two */
	unsigned reserve_kernel;     /* reserves add up to at most INT_MAX */
	unsigned kva_pages;	     /* the kernel map's pages: 1..UVMLAB_KVA_PAGES_MAX
					(km.h), from UVMLAB_KVA_START */
	uint64_t memlimit;	     /* RUMP_MEMLIMIT in bytes, not 0 (pool.h);
					UINT64_MAX: none */
};

struct uvm_machine;

/* A handle on a page list owned by the machine (NetBSD's struct pglist). */
typedef uint32_t uvmlab_list_t;

/*
 * uvmlab_params_default: fill *p with NetBSD's defaults: the fixed
 * strategy, 4 free lists, one colour, one bucket, reserves 1 and 5; and
 * the model's kernel map of 256 pages, and no memory limit.
 */
void uvmlab_params_default(struct uvmlab_params *p);

/*
 * uvmlab_machine_create: make an empty machine (no segments yet).
 * Returns 0 and sets *mp, EINVAL for out-of-range parameters, ENOMEM if
 * host memory runs out.  Cheap: one allocation.
 */
int uvmlab_machine_create(const struct uvmlab_params *p, struct uvm_machine **mp);

/*
 * uvmlab_machine_clone: an exact copy of m (pages, free-list order,
 * hints, lists, colour, counters) that searches with `strategy`, so two
 * strategies can be judged from the same state.  Returns 0, EINVAL for
 * an unknown strategy, ENOMEM if host memory runs out.
 */
int uvmlab_machine_clone(const struct uvm_machine *m, enum uvmlab_strategy strategy,
			 struct uvm_machine **out);

/*
 * uvmlab_machine_assign: make dst's state an exact copy of src's, as
 * uvmlab_machine_clone would, in dst's own memory (no allocation unless
 * src has more page lists than dst has room for): how a harness puts a
 * machine back to a saved state for the next input.  dst and src must
 * have the same parameters, strategy included, and the same segments
 * (one a clone of the other).  Objects, their pages and windows are
 * copied too (allocating, when src has any).  Returns 0, EINVAL for another layout,
 * ENOMEM if host memory runs out; dst is unchanged on failure.
 */
int uvmlab_machine_assign(struct uvm_machine *dst, const struct uvm_machine *src);

/* uvmlab_machine_destroy: release the machine and every page it holds. */
void uvmlab_machine_destroy(struct uvm_machine *m);

/*
 * uvm_page_physload: add the segment [start, end) in pfns, of which
 * [avail_start, avail_end) is managed and goes onto free list `freelist`
 * (pages in bucket `bucket`), in ascending pfn order as NetBSD's
 * uvm_physseg_init_seg frees them.  Segments stay sorted by start.  The
 * pages are freed at once, as for a segment added after boot: to get
 * NetBSD's boot-time free-list order, load segments in address order.
 * Returns EINVAL for an empty segment, an avail range outside it or
 * empty, one that overlaps another segment, a pfn at or past
 * UVMLAB_PFN_LIMIT, or an unknown free list or bucket; ENOMEM when the
 * segment table is full, the segment has more than UVMLAB_SEG_PAGES_MAX
 * pages, or host memory runs out.  NetBSD panics instead.
 */
int uvm_page_physload(struct uvm_machine *m, uvmlab_pfn_t start, uvmlab_pfn_t end,
		      uvmlab_pfn_t avail_start, uvmlab_pfn_t avail_end, unsigned freelist,
		      unsigned bucket);

/*
 * uvm_pagealloc_strat: take one free page, as uvm_page.c 1.248 does for
 * a page with no owner: colour round robin, free lists in index order
 * (strategy NORMAL), only `freelist` (ONLY) or `freelist` first
 * (FALLBACK), buckets from 0, and each bucket's reserve check.
 * UVM_PGA_ZERO zeroes the page (an ownerless page stays PG_CLEAN).
 * Returns 0 and the pfn in *pfnp; ENOMEM when no page may be given;
 * EINVAL for unknown flags, strategy or free list.
 */
int uvm_pagealloc_strat(struct uvm_machine *m, int flags, int strat, unsigned freelist,
			uvmlab_pfn_t *pfnp);

/* uvm_pagealloc: uvm_pagealloc_strat with UVM_PGA_STRAT_NORMAL. */
int uvm_pagealloc(struct uvm_machine *m, int flags, uvmlab_pfn_t *pfnp);

/*
 * uvm_pagefree: return a page taken by uvm_pagealloc to its free list.
 * Returns EINVAL, changing nothing, if the page is not managed, is free,
 * or belongs to a page list (free those with uvm_pglistfree or
 * uvmlab_free_range).
 */
int uvm_pagefree(struct uvm_machine *m, uvmlab_pfn_t pfn);

/*
 * uvm_pglistalloc: allocate `size` bytes of pages inside [low, high),
 * aligned to `alignment`, crossing no `boundary`, in at most `nsegs`
 * physically contiguous runs, as uvm_pglist.c rev 1.89 does.  On success
 * returns 0 and a new list in *listp, its pages in NetBSD's list order.
 * EINVAL, changing nothing, for: size 0; alignment or boundary not a
 * power of two; a boundary smaller than the size; low >= high; a size of
 * UVMLAB_NPAGES_LIMIT pages or more; a low that overflows once rounded.  nsegs below the page count (0 and
 * negative included) asks for one contiguous run, as in NetBSD.  ENOMEM when no pages fit;
 * as in NetBSD, the search may still have moved segment hints (and the
 * simple path may have reordered free lists) before it failed.
 * `waitok` runs the aggressive contiguous fallback, bounded: no sleeping.
 */
int uvm_pglistalloc(struct uvm_machine *m, psize_t size, paddr_t low, paddr_t high,
		    paddr_t alignment, paddr_t boundary, int nsegs, bool waitok,
		    uvmlab_list_t *listp);

/* uvmlab_pglist_args_valid: do the arguments meet uvm_pglistalloc's
 * contract above (else it answers EINVAL)?  The kernel in the loop asks
 * before it calls a real uvm_pglist.c, which asserts on some of them. */
bool uvmlab_pglist_args_valid(psize_t size, paddr_t low, paddr_t high, paddr_t alignment,
			      paddr_t boundary);

/*
 * uvm_pglistfree: free every page of the list, first to last, and retire
 * the handle.  EINVAL, changing nothing, if the handle is not live.
 */
int uvm_pglistfree(struct uvm_machine *m, uvmlab_list_t list);

/*
 * uvmlab_free_range: free pfns [first, last] wherever they are held (a
 * single page or a page list, which forgets them; an emptied list stays
 * live).  EINVAL, freeing nothing, if any of them is not allocated.
 */
int uvmlab_free_range(struct uvm_machine *m, uvmlab_pfn_t first, uvmlab_pfn_t last);

/* uvmlab_pglist_fallback: whether a live list's pages came from the
 * waitok fallback (uvm_pglistalloc_contig_aggressive) rather than the
 * search; false for a dead handle.  How the harness knows which answer
 * its oracle must compute. */
bool uvmlab_pglist_fallback(const struct uvm_machine *m, uvmlab_list_t list);

/* uvmlab_pglist_count: pages on a live list; 0 for a dead handle. */
size_t uvmlab_pglist_count(const struct uvm_machine *m, uvmlab_list_t list);

/* uvmlab_pglist_live: how many lists are live: handed out by
 * uvm_pglistalloc and not yet given back by uvm_pglistfree (an emptied
 * list counts).  A failed uvm_pglistalloc leaves it as it was. */
size_t uvmlab_pglist_live(const struct uvm_machine *m);

/*
 * uvmlab_pglist_pfns: copy up to `cap` pfns of the list, in list order,
 * into out[].  Returns the list's page count (0 for a dead handle).
 */
size_t uvmlab_pglist_pfns(const struct uvm_machine *m, uvmlab_list_t list, uvmlab_pfn_t *out,
			  size_t cap);

/* What the model knows about one pfn. */
enum uvmlab_page_state {
	UVMLAB_PAGE_ABSENT,    /* in no segment */
	UVMLAB_PAGE_UNMANAGED, /* in a segment, outside its avail range */
	UVMLAB_PAGE_FREE,
	UVMLAB_PAGE_SINGLE, /* taken by uvm_pagealloc */
	UVMLAB_PAGE_LISTED, /* on a page list */
	UVMLAB_PAGE_OBJECT, /* resident in an object (uvmlab/object.h) */
};

/* uvmlab_page_state: the state of `pfn`; for LISTED pages *listp (if not
 * NULL) receives the list handle. */
enum uvmlab_page_state uvmlab_page_state(const struct uvm_machine *m, uvmlab_pfn_t pfn,
					 uvmlab_list_t *listp);

/*
 * uvmlab_page_states: the states of pfns [first, first + n) into st[],
 * and for LISTED pages their list into lists[] (if not NULL).  One walk
 * over the segments: for checkers that look at many pages.
 */
void uvmlab_page_states(const struct uvm_machine *m, uvmlab_pfn_t first, size_t n,
			enum uvmlab_page_state *st, uvmlab_list_t *lists);

/*
 * uvmlab_nth_allocated: the k-th (0-based) allocated pfn, single or
 * listed (object pages are not counted), in ascending order, into *pfnp.  Returns how many allocated
 * pfns it counted: all of them when there are k or fewer.
 */
uint64_t uvmlab_nth_allocated(const struct uvm_machine *m, uint64_t k, uvmlab_pfn_t *pfnp);

/* uvmlab_page_flags: the PG_* flags of `pfn`, 0 for an absent pfn. */
uint32_t uvmlab_page_flags(const struct uvm_machine *m, uvmlab_pfn_t pfn);

/* uvmlab_free_pages: uvmexp.free, the number of pages on the free lists. */
uint64_t uvmlab_free_pages(const struct uvm_machine *m);

/* uvmlab_bucket_free: pgb_nfree, the free pages of free list fl's bucket
 * b; 0 for a list or bucket the machine does not have. */
uint64_t uvmlab_bucket_free(const struct uvm_machine *m, unsigned fl, unsigned b);

/* Read-only view of one segment, for harnesses and tests. */
struct uvmlab_seginfo {
	uvmlab_pfn_t start, end, avail_start, avail_end;
	unsigned freelist, bucket;
	uint32_t start_hint;
};

/* uvmlab_nsegs / uvmlab_seginfo: segments in ascending address order.
 * uvmlab_seginfo returns EINVAL for an index out of range. */
unsigned uvmlab_nsegs(const struct uvm_machine *m);
int uvmlab_seginfo(const struct uvm_machine *m, unsigned idx, struct uvmlab_seginfo *out);

/*
 * uvmlab_seg_set_hint: set segment idx's start hint (pages from its
 * avail_start), as a search that ended there would.  For harnesses and
 * benchmarks that must replay a search from the same state.  EINVAL,
 * changing nothing, for an index out of range or a hint past the
 * segment's managed pages.
 */
int uvmlab_seg_set_hint(struct uvm_machine *m, unsigned idx, uint32_t hint);

/* uvmlab_machine_params: the parameters the machine was made with. */
const struct uvmlab_params *uvmlab_machine_params(const struct uvm_machine *m);

/*
 * uvmlab_machine_digest: a 64-bit hash of everything that decides future
 * results: parameters, segments and hints, every page's flags, owner and
 * links, free-list and page-list heads and counts, the next colour, and
 * the object layer's logical state (objects, their pages in memq order
 * with their bytes, pager windows with theirs).
 * Counters and the event ring are left out.  Equal machines give equal
 * digests, so a digest taken before and after a rejected call shows
 * that the call changed nothing.
 */
uint64_t uvmlab_machine_digest(const struct uvm_machine *m);

/*
 * uvmlab_validate: walk every structure and check every invariant.
 * Returns true, or false with a message naming the broken invariant in
 * why[] (NUL-terminated, truncated to whylen).  Never aborts.
 */
bool uvmlab_validate(const struct uvm_machine *m, char *why, size_t whylen);

/*
 * uvmlab_fail_allocation: make the core's host allocation that follows
 * the next n fail, once, as if host memory ran out; UVMLAB_FAIL_NEVER
 * disarms it.  Returns what was armed before: UVMLAB_FAIL_NEVER if
 * nothing was, or the armed failure has happened.  No host allocation
 * in the core is optional: a call whose armed allocation fails answers
 * ENOMEM and leaves the machine as it was.  uvmlab_machine_create makes
 * exactly one host allocation, the machine.  For driving ENOMEM paths on
 * purpose (bad_input arms it around one call).  Process-wide, not
 * thread-safe; the checkers' own scratch memory never fails.
 */
#define UVMLAB_FAIL_NEVER UINT64_MAX
uint64_t uvmlab_fail_allocation(uint64_t n);

/* uvmlab_errno_name: "ok" for 0, "EINVAL", "ENOMEM", "EEXIST", "EBUSY",
 * else "EUNKNOWN". */
const char *uvmlab_errno_name(int error);

/* uvmlab_strategy_name / uvmlab_strategy_parse: the names of
 * UVMLAB_STRATEGY_LIST ("faithful", "fixed", "bitmap", "fast").  name
 * returns NULL and parse EINVAL for an unknown strategy. */
const char *uvmlab_strategy_name(enum uvmlab_strategy s);
int uvmlab_strategy_parse(const char *name, enum uvmlab_strategy *out);

/* uvmlab_strategy_info: the strategy's properties into *out; EINVAL for
 * an unknown strategy. */
int uvmlab_strategy_info(enum uvmlab_strategy s, struct uvmlab_strategy_info *out);

/* uvmlab_index_bytes: host bytes the machine's strategy spends on its
 * free-page indexes, all segments together (0 for faithful and fixed). */
size_t uvmlab_index_bytes(const struct uvm_machine *m);

/* uvmlab_page_descriptor_bytes: host bytes of one page descriptor (the
 * model's struct vm_page), what a descriptor scan reads per page. */
size_t uvmlab_page_descriptor_bytes(void);

#ifdef __cplusplus
}
#endif

#endif /* UVMLAB_UVM_H */
