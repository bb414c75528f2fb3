/*
 * bad_input's view of the core: every public function of uvm.h,
 * object.h, ubc.h, km.h and pool.h, each under a fixed one-byte code,
 * with
 *   - an argument generator that aims at the limits the function checks
 *     (each limit L as L - 1, L and L + 1, and 0, 1 and the type's
 *     maximum), the machine's own limits included;
 *   - a validity specification, written from the contract in uvm.h and
 *     the README's deviations table, never from the core's code: the
 *     exact error a call must return, or that it is valid (and whether
 *     ENOMEM may then answer it);
 *   - the call itself, which checks a successful result against the
 *     harness's own record of the machine (ep_state) and updates it.
 * Codes are fixed (ep_table.c): a stored input keeps its meaning when
 * entry points are added.  The runner is bad_input.c.
 */
#ifndef UVMLAB_ENTRY_POINTS_H
#define UVMLAB_ENTRY_POINTS_H

#include <stdbool.h>
#include <stdio.h>

#include "producer.h"
#include "scenario.h"
#include "uvmlab/km.h"
#include "uvmlab/object.h"
#include "uvmlab/pool.h"
#include "uvmlab/ubc.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#define EP_ARGS 9
#define EP_CODES 64
#define EP_MAX_LISTS 128
#define EP_RECENT 8
/* a valid segment of more pages than this is not loaded: it would only
 * cost host memory (larger than UVMLAB_SEG_PAGES_MAX, it costs nothing
 * and is loaded, to see its ENOMEM) */
#define EP_HUGE_SEGMENT 65536
#define EP_SKIPPED (-1)

/* Who holds a managed pfn, in ep_seg.owner[]: a list handle, or: */
#define EP_FREE UINT32_MAX
#define EP_SINGLE (UINT32_MAX - 1)
#define EP_OBJECT (UINT32_MAX - 3) /* an object page: ep_state.opages */

/* The object layer the record follows; a valid call that would need
 * more is not made (EP_SKIPPED). */
#define EP_MAX_OBJS 16
#define EP_MAX_OPAGES 256
#define EP_MAX_WINS 8
#define EP_MAX_UBCS 16
#define EP_MAX_KMAPS 8
#define EP_MAX_KENTS 32
#define EP_MAX_POOL_PAGES 8 /* each pool's */
#define EP_MAX_LOOSE 8	    /* uvm_km_alloc_poolpage1's, of no pool */

struct ep_seg {
	uvmlab_pfn_t start, end, avail_start, avail_end;
	unsigned freelist, bucket;
	uint32_t *owner; /* [avail_end - avail_start] */
};

struct ep_list {
	uvmlab_list_t handle;
	uint64_t npages;
};

struct ep_obj {
	bool live;
	uint64_t npages; /* its size */
	bool kernel;	 /* the kernel's (km.h): not the anonymous pager's */
};

/* A kernel map's allocated range (backed by the kernel object), or a
 * submap's. */
struct ep_kment {
	vaddr_t start, end;
	bool submap;
	unsigned sub;	  /* the submap's index, for a submap's range */
	uvmlab_obj_t obj; /* the kernel object backing it, for another */
};

struct ep_kmap {
	bool live;
	vaddr_t min, max;
	unsigned n;
	struct ep_kment e[EP_MAX_KENTS]; /* ascending */
};

/* A resident object page, with the flags the record expects it to have. */
struct ep_opage {
	uvmlab_pfn_t pfn;
	uvmlab_obj_t obj;
	uint64_t pgoff;
	uint32_t flags;
	bool mapped; /* a kernel object's page mapped at its address */
};

struct ep_win {
	vaddr_t kva;
	uint32_t npages;
	bool read;
	uvmlab_pfn_t pfns[UVMLAB_PAGER_VA_PAGES];
};

/* A pool page of a pool: its items given out (bit i: item i). */
struct ep_pool_page {
	vaddr_t va;
	uint32_t nused;
	uint64_t used[PAGE_SIZE / UVMLAB_POOL_ITEM_MIN / 64];
};

/* A pool (pools never die), its pages in the order it got them. */
struct ep_pool {
	uint32_t itemsize, per_page;
	unsigned npages;
	struct ep_pool_page pages[EP_MAX_POOL_PAGES];
};

/* The harness's own record of the machine, kept from call results. */
struct ep_state {
	struct uvm_machine *m;
	struct uvmlab_params params;
	unsigned nsegs;
	struct ep_seg segs[UVMLAB_PHYSSEG_MAX]; /* ascending start */
	uint64_t nfree, nallocated;
	uint64_t bucket_free[UVMLAB_FREELIST_MAX][UVMLAB_BUCKET_MAX];
	unsigned nlists;
	struct ep_list lists[EP_MAX_LISTS]; /* the live ones */
	uvmlab_pfn_t recent[EP_RECENT];	    /* pfns lately handed out */
	unsigned nrecent;
	uint64_t ncalls; /* calls made on the machine, for the event ring */
	uint64_t fail_next; /* the next call's host allocation failure
			       (uvmlab_fail_allocation), or UVMLAB_FAIL_NEVER */
	uint64_t armed;	    /* the n armed for the call under way, or UVMLAB_FAIL_NEVER */
	bool pending;	    /* armed, and not yet read back (ep_call_made) */
	uint64_t left;	    /* read back after its core call: the allocations it
			       still lets through, or UVMLAB_FAIL_NEVER: spent */
	bool seed_flaws;    /* the strategy keeps the seeds' flaws */
	struct ep_obj objs[EP_MAX_OBJS];
	unsigned nopages;
	struct ep_opage opages[EP_MAX_OPAGES]; /* in allocation order: each
						  object's memq */
	unsigned nwins;
	struct ep_win wins[EP_MAX_WINS];
	bool km;			 /* the kernel memory layer exists */
	uvmlab_obj_t kernel_object;	 /* its objects, once it does */
	uvmlab_obj_t kmem_object;
	unsigned nkmaps;
	struct ep_kmap kmaps[EP_MAX_KMAPS]; /* [0]: the kernel map */
	unsigned nubcs;
	struct {
		vaddr_t va;
		uint64_t len; /* its pages' bytes */
	} ubcs[EP_MAX_UBCS];
	uint64_t memlimit, memused; /* the limit, and the pool pages' bytes
				       counted against it */
	unsigned npools, drain_next;
	struct ep_pool pools[UVMLAB_POOLS_MAX];
	unsigned nloose;
	struct {
		uvmlab_map_t map;
		vaddr_t va;
	} loose[EP_MAX_LOOSE];
};

/* What the specification requires of one call. */
struct ep_verdict {
	int error;	/* the error required, 0: the call is valid */
	bool enomem_ok; /* valid, and ENOMEM is an allowed answer */
	bool replayed;	/* valid, and any answer allowed here: the call
			   replays the seed's steps on the record and
			   requires the replay's answer (ep_pool.c) */
};

/* The verdicts the specifications share (ep_state.c): valid; valid, and
 * ENOMEM allowed; EINVAL, EBUSY or ENOMEM required; valid, and its
 * answer the replay's, which the call checks (ep_pool.c). */
extern const struct ep_verdict VALID, VALID_OR_ENOMEM, REJECT_EINVAL, REJECT_EBUSY, NO_ROOM,
    REPLAYED;

/* ep_call.flags */
#define EP_READ_ONLY 1		    /* never changes the machine it is given */
#define EP_LOGGED 2		    /* recorded in the machine's event ring */
#define EP_ENOMEM_CHANGES_NOTHING 4 /* an ENOMEM leaves the machine as it was
				       (not so where a failed search may move
				       hints) */

struct ep_call {
	const char *name;
	const char *arg_names[EP_ARGS]; /* NULL past the last argument */
	unsigned flags;
	void (*args)(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS]);
	struct ep_verdict (*spec)(const struct ep_state *st, const uint64_t a[EP_ARGS]);
	/* make the call; a success is checked against st and recorded in
	 * it; a contradiction sets why[] (left empty otherwise).  Returns
	 * the call's error, or EP_SKIPPED for a call not made (a valid
	 * segment too large to be worth its host memory) */
	int (*call)(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len);
};

/* ep_calls[code]: the entry point of each code, NULL for a free code. */
extern const struct ep_call *const ep_calls[EP_CODES];

/* ep_state.c: the record, its queries and the argument generators. */
int ep_state_init(struct ep_state *st, struct uvm_machine *m, const struct scenario *sc);
void ep_state_fini(struct ep_state *st);
/* ep_arm: before a call, arm the host allocation failure that the last
 * uvmlab_fail_allocation entry point asked for (st->fail_next), for
 * that call alone (ep_fail_allocation). */
void ep_arm(struct ep_state *st);
/* ep_call_made: the core call under test has returned: read back what
 * is left of the host allocation failure armed for it (st->left), and
 * disarm it, so that the checks an entry point makes after its call
 * allocate freely.  The runner calls it after each entry point; one
 * that calls the core again to check the answer calls it first. */
void ep_call_made(struct ep_state *st);
/* ep_injected: did the failure armed for the call happen in it? */
bool ep_injected(const struct ep_state *st);
/* ep_state_add_seg: record a segment the core loaded */
int ep_state_add_seg(struct ep_state *st, const struct seg_spec *s);
struct ep_seg *ep_seg_of(const struct ep_state *st, uint64_t pfn);
/* ep_owner: EP_FREE, EP_SINGLE, a handle, or UINT32_MAX - 2 (absent or
 * unmanaged) */
#define EP_NOT_MANAGED (UINT32_MAX - 2)
uint32_t ep_owner(const struct ep_state *st, uint64_t pfn);
void ep_set_owner(struct ep_state *st, uvmlab_pfn_t pfn, uint32_t owner);
struct ep_list *ep_list_find(const struct ep_state *st, uint64_t handle);
uvmlab_pfn_t ep_top(const struct ep_state *st);

/* ep_pick: a limit give or take one, 0, 1, max, or raw bytes (masked to
 * max, a power of two minus one) */
uint64_t ep_pick(struct producer *p, const uint64_t *limits, unsigned n, uint64_t max);
/* ep_pick_pow2: 2^k, give or take one, or 0 */
uint64_t ep_pick_pow2(struct producer *p);
/* ep_pick_pfn: a pfn near every segment's bounds, recent pfns, the pfn
 * limit */
uint64_t ep_pick_pfn(struct producer *p, const struct ep_state *st);
/* ep_valid_but_one: a becomes the n arguments of a valid call, except
 * argument `moved` (if below n), which is taken from pick (its value at
 * a limit): an off-by-one in one argument's check shows only when the
 * others are valid. */
void ep_valid_but_one(uint64_t a[EP_ARGS], const uint64_t *valid, const uint64_t *pick,
		      unsigned n, unsigned moved);
/* ep_compose: one call in two, every argument at a limit (pick[]);
 * otherwise the valid call valid[] with at most one argument moved to
 * its pick (ep_valid_but_one).  Reads one byte. */
void ep_compose(struct producer *p, uint64_t a[EP_ARGS], const uint64_t *valid,
		const uint64_t *pick, unsigned n);
/* ep_list_args: a[0] a list handle (live ones, the next one), a[1] a
 * count of slots (0, 64, the type's max) */
void ep_list_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS]);

/* uvm_pagealloc's answer for the record: how many pages may be given
 * with `flags`, each bucket down to its reserve (freelist.c's rule). */
uint64_t ep_allocatable(const struct ep_state *st, int flags);
/* bucket_gives: may bucket (fl, b) give a page with `flags`? */
bool ep_bucket_gives(const struct ep_state *st, unsigned fl, unsigned b, int flags);

/* ep_objects_state.c: the object layer's record. */
uvmlab_obj_t ep_obj_next(const struct ep_state *st); /* uao_create's handle */
/* ep_obj_find: a live anonymous object, or NULL; ep_obj_any: any live one */
const struct ep_obj *ep_obj_find(const struct ep_state *st, uint64_t obj);
const struct ep_obj *ep_obj_any(const struct ep_state *st, uint64_t obj);
struct ep_opage *ep_opage_at(const struct ep_state *st, uint64_t obj, uint64_t pgoff);
struct ep_opage *ep_opage_of(const struct ep_state *st, uint64_t pfn);
/* ep_opage_add: a page the core gave obj at pgoff, checked to have been
 * free and in a bucket that could give it (uvm_pagealloc with
 * UVM_PGA_ZERO); false, with why[], otherwise */
bool ep_opage_add(struct ep_state *st, uvmlab_pfn_t pfn, uvmlab_obj_t obj, uint64_t pgoff,
		  char *why, size_t len);
void ep_opage_free(struct ep_state *st, struct ep_opage *op);
/* ep_missing: obj's pages in [first, first + n) that are not resident;
 * ep_busy_in: whether any that is, is busy */
uint64_t ep_missing(const struct ep_state *st, uint64_t obj, uint64_t first, uint64_t n);
bool ep_busy_in(const struct ep_state *st, uint64_t obj, uint64_t first, uint64_t n);
/* ep_win_at: the window holding va; ep_win_maps: one that maps pfn */
struct ep_win *ep_win_at(const struct ep_state *st, uint64_t va);
bool ep_win_maps(const struct ep_state *st, uvmlab_pfn_t pfn);
/* ep_win_space: the lowest address of npages free window pages, or 0 */
vaddr_t ep_win_space(const struct ep_state *st, uint64_t npages);
/* argument generators: a handle (live ones, the next, the record's
 * limit), a pfn (object pages first, then ep_pick_pfn's), an address
 * (each window's bounds, the window space's bounds) */
uint64_t ep_pick_obj(struct producer *p, const struct ep_state *st);
uint64_t ep_pick_opfn(struct producer *p, const struct ep_state *st);
uint64_t ep_pick_va(struct producer *p, const struct ep_state *st);
/* ep_nth_opage: the record's sel-th object page (busy ones only, if
 * busy), or UVMLAB_NO_PAGE; ep_nth_obj: the sel-th live object, or the
 * next handle when none is live; ep_nth_win: the sel-th window, or NULL */
uvmlab_pfn_t ep_nth_opage(const struct ep_state *st, unsigned sel, bool busy);
uvmlab_obj_t ep_nth_obj(const struct ep_state *st, unsigned sel);
const struct ep_win *ep_nth_win(const struct ep_state *st, unsigned sel);
/* the size in pages of live object obj, or 1 */
uint64_t ep_obj_size(const struct ep_state *st, uint64_t obj);

/* ep_km.c: the kernel map's record.  ep_round_size: round_page, 0 when
 * it wraps; ep_kmap: the map a call names (the kernel map before the
 * layer too), or NULL; ep_lowest_fit: of size bytes at or after hint,
 * or 0; ep_layer_made: the first call that succeeds made the layer and
 * its two objects; ep_add_range: a range into km's, in order;
 * ep_km_room: room in the record for a call's range (and map);
 * ep_pick_map: the kernel map or the next map; ep_range_at: the leaf
 * range holding va, or NULL. */
vsize_t ep_round_size(uint64_t size);
const struct ep_kmap *ep_kmap(const struct ep_state *st, uint64_t map);
vaddr_t ep_lowest_fit(const struct ep_kmap *km, vaddr_t hint, vsize_t size);
void ep_layer_made(struct ep_state *st);
/* ep_obj_room: room in the record's objects for what a call makes: the
 * layer's two if it is not made yet, and `more` (handles are the lowest
 * free ones, so holes count). */
bool ep_obj_room(const struct ep_state *st, unsigned more);
void ep_add_range(struct ep_kmap *km, vaddr_t start, vsize_t size, unsigned sub, uvmlab_obj_t obj);
bool ep_km_room(const struct ep_state *st, uint64_t map, bool new_map);
uint64_t ep_pick_map(struct producer *p, const struct ep_state *st);
const struct ep_kment *ep_range_at(const struct ep_state *st, uint64_t va);
/* ep_kmem.c: ep_kernel_obj: is obj one of the kernel's objects (km.h)?
 * ep_pick_kobj: a kernel object: the kernel's, kmem's, an anonymous
 * one, or none. */
bool ep_kernel_obj(const struct ep_state *st, uint64_t obj);
uint64_t ep_pick_kobj(struct producer *p, const struct ep_state *st);
/* ep_first_resident: the first page of kernel object obj resident in
 * [va, va + pages), as an index into the range, or `pages` if none. */
uint64_t ep_first_resident(const struct ep_state *st, uvmlab_obj_t obj, vaddr_t va,
			   uint64_t pages);

/* ep_km_unmapped: the record of [start, end) of map after uvm_unmap:
 * the ranges cut, each range's object's pages there removed
 * (uvm_km_pgremove: a busy one released and unmapped, any other freed). */
void ep_km_unmapped(struct ep_state *st, uint64_t map, vaddr_t start, vaddr_t end);

/* ep_pool.c: the pools' record.  ep_drainable: would the page daemon
 * reclaim something?  A call that would wait for pages then (alloc1,
 * touch, kmemalloc, an unlocked uvm_km_get) is not specified outside
 * ep_pool.c, and not made (EP_SKIPPED); the op-stream targets' shadow
 * replays those.  ep_pageout: one pass of the page daemon replayed on
 * the record; whether it reclaimed. */
bool ep_drainable(const struct ep_state *st);
bool ep_pageout(struct ep_state *st);
/* ep_wait_fails: the verdict on a call that waits for pages and finds
 * none: with no pool, ENOMEM, nothing changed; with pools (none
 * drainable: see above), the one fruitless pass of the page daemon still
 * moves its next pool on, so the call is replayed (ep_waited: the pass
 * on the record, and ENOMEM required). */
struct ep_verdict ep_wait_fails(const struct ep_state *st);
void ep_waited(struct ep_state *st, int error, char *why, size_t len);
/* ep_pool_page_in: does [start, end) hold a pool page (uvm_km_free's
 * EINVAL)? */
bool ep_pool_page_in(const struct ep_state *st, vaddr_t start, vaddr_t end);

/* ep_always_valid: the specification of a call with no invalid form;
 * ep_as_int: a picked value as the int argument it becomes, sign
 * extended (so the record prints what the call gets) */
struct ep_verdict ep_always_valid(const struct ep_state *st, const uint64_t a[EP_ARGS]);
uint64_t ep_as_int(uint64_t v);

#define EP_FAIL(why, len, ...) snprintf(why, len, __VA_ARGS__)

#endif /* UVMLAB_ENTRY_POINTS_H */
