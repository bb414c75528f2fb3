/*
 * bad_input's entry points of pool pages, pools, the page daemon and
 * further kernel objects (entry_points.h): uvm_km_alloc_poolpage1,
 * uvm_km_free_poolpage1, uvmlab_pool_init, pool_get, pool_put,
 * uvm_pageout and uvmlab_km_object_create, specified from pool.h's
 * contract.  The record keeps each pool's pages and items, the pool
 * pages of no pool, the limit and the bytes counted against it, and the
 * page daemon's next pool; a call that may wait is replayed on it step
 * by step (the limit first, then a NOWAIT kmemalloc of one page, a pass
 * of the page daemon between tries while it reclaims), and its answer,
 * address, page and count must be the replay's.
 *
 * Not made (EP_SKIPPED): a valid call the record has no room for, and
 * one that would reach uvm_km_kmemalloc with a host allocation failure
 * armed, where the seed's own steps change the machine before the
 * failure (the page daemon's drains, rump_hypermalloc's count) and log
 * a varying number of events; test_pool covers those failures.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "entry_points.h"


/* ---- the record's pools and the page daemon ---- */

static bool
item_used(const struct ep_pool_page *pg, uint32_t i)
{
	return (pg->used[i / 64] >> (i % 64)) & 1;
}

static void
set_item(struct ep_pool_page *pg, uint32_t i, bool used)
{
	if (used)
		pg->used[i / 64] |= (uint64_t)1 << (i % 64);
	else
		pg->used[i / 64] &= ~((uint64_t)1 << (i % 64));
	pg->nused += used ? 1 : -1;
}

/* The first free item of the pool (pages in the order it got them, the
 * lowest address first), as page k and item i; false if every page is full. */
static bool
free_item(const struct ep_pool *pl, unsigned *kp, uint32_t *ip)
{
	for (unsigned k = 0; k < pl->npages; k++) {
		for (uint32_t i = 0; pl->pages[k].nused < pl->per_page && i < pl->per_page; i++) {
			if (!item_used(&pl->pages[k], i)) {
				*kp = k;
				*ip = i;
				return true;
			}
		}
	}
	return false;
}

bool
ep_drainable(const struct ep_state *st)
{
	for (unsigned p = 0; p < st->npools; p++) {
		for (unsigned k = 0; k < st->pools[p].npages; k++) {
			if (st->pools[p].pages[k].nused == 0)
				return true;
		}
	}
	return false;
}

/* rump_hyperfree and uvm_km_free of a pool page at va in map. */
static void
poolpage_freed(struct ep_state *st, uint64_t map, vaddr_t va)
{
	st->memused -= PAGE_SIZE;
	ep_km_unmapped(st, map, va, va + PAGE_SIZE);
}

/* pool_reclaim: every empty page of pool p freed; whether any was. */
static bool
reclaim(struct ep_state *st, unsigned p)
{
	struct ep_pool *pl = &st->pools[p];
	bool any = false;

	for (unsigned k = 0; k < pl->npages;) {
		if (pl->pages[k].nused != 0) {
			k++;
			continue;
		}
		poolpage_freed(st, UVMLAB_KERNEL_MAP, pl->pages[k].va);
		memmove(&pl->pages[k], &pl->pages[k + 1], (pl->npages - k - 1) * sizeof(pl->pages[0]));
		pl->npages--;
		any = true;
	}
	return any;
}

/* One pass, as pool.h says: from the pool after the one drained last,
 * round the pools once, draining the first with empty pages; with none,
 * the next pool is still one further on. */
bool
ep_pageout(struct ep_state *st)
{
	for (unsigned k = 0; k < st->npools; k++) {
		unsigned p = (st->drain_next + k) % st->npools;
		if (reclaim(st, p)) {
			st->drain_next = (p + 1) % st->npools;
			return true;
		}
	}
	if (st->npools > 0)
		st->drain_next = (st->drain_next + 1) % st->npools;
	return false;
}

struct ep_verdict
ep_wait_fails(const struct ep_state *st)
{
	return st->npools == 0 ? NO_ROOM : REPLAYED;
}

void
ep_waited(struct ep_state *st, int error, char *why, size_t len)
{
	if (st->npools == 0)
		return; /* the judge required the ENOMEM */
	if (error != ENOMEM)
		EP_FAIL(why, len, "a wait for pages with nothing to drain returned %s, not ENOMEM",
			uvmlab_errno_name(error));
	else
		(void)ep_pageout(st);
}

/* ---- a pool page: the limit, then a NOWAIT kmemalloc of one page ---- */

enum page_now { PAGE_OK, OVER_LIMIT, NO_ADDRESS, NO_PAGE, RESIDENT };

/* What one try gives now, and the address it would take. */
static enum page_now
page_now(const struct ep_state *st, uint64_t map, uint64_t obj, vaddr_t *vap)
{
	const struct ep_kmap *km = ep_kmap(st, map);

	if (st->memlimit != UVMLAB_MEMLIMIT_NONE && st->memused + PAGE_SIZE > st->memlimit)
		return OVER_LIMIT;
	if ((*vap = ep_lowest_fit(km, km->min, PAGE_SIZE)) == 0)
		return NO_ADDRESS;
	if (ep_first_resident(st, (uvmlab_obj_t)obj, *vap, 1) == 0)
		return RESIDENT; /* a released page, still busy: kmemalloc's EBUSY */
	return ep_allocatable(st, UVM_PGA_ZERO) == 0 ? NO_PAGE : PAGE_OK;
}

/* Does a call that may not wait fail without changing anything? */
static bool
nowait_refused(const struct ep_state *st, enum page_now r)
{
	/* with the seeds' flaw, a failed kmemalloc under a limit leaves its
	 * bytes counted: a change */
	return r == OVER_LIMIT ||
	       (r != PAGE_OK && !(st->seed_flaws && st->memlimit != UVMLAB_MEMLIMIT_NONE));
}

static int
page_error(enum page_now r)
{
	return r == PAGE_OK ? 0 : r == RESIDENT ? EBUSY : ENOMEM;
}

/* The specification of a call that needs a new pool page. */
static struct ep_verdict
page_spec(const struct ep_state *st, uint64_t map, uint64_t obj, bool waitok)
{
	vaddr_t va;
	enum page_now r = page_now(st, map, obj, &va);

	if (r == PAGE_OK)
		return VALID;
	if ((!waitok && nowait_refused(st, r)) || (waitok && r == RESIDENT))
		return (struct ep_verdict){page_error(r), false, false};
	return REPLAYED;
}

/* The pool page's steps replayed on the record; *tries counts the
 * kmemalloc calls (each logged).  The answer, and where 0 the address. */
static int
replay_page(struct ep_state *st, uint64_t map, uint64_t obj, bool waitok, vaddr_t *vap,
	    uint64_t *tries)
{
	enum page_now r;

	*tries = 0;
	while ((r = page_now(st, map, obj, vap)) == OVER_LIMIT) {
		if (!waitok || !ep_pageout(st))
			return ENOMEM;
	}
	for (;;) {
		r = page_now(st, map, obj, vap); /* a drain only lowers the count */
		++*tries;
		if ((r != NO_ADDRESS && r != NO_PAGE) || !waitok || !ep_pageout(st))
			break;
	}
	if (r != PAGE_OK && !waitok && st->seed_flaws && st->memlimit != UVMLAB_MEMLIMIT_NONE)
		st->memused += PAGE_SIZE;
	return page_error(r);
}

/* The page the core mapped at va: a page that was free, of obj at va's
 * offset, un-busied, mapped; counted against the limit. */
static bool
page_made(struct ep_state *st, uint64_t map, uint64_t obj, vaddr_t va, char *why, size_t len)
{
	uint64_t pgoff = atop(va - UVMLAB_KVA_START);

	ep_add_range(&st->kmaps[map], va, PAGE_SIZE, 0, (uvmlab_obj_t)obj);
	st->memused += PAGE_SIZE;
	if (!ep_opage_add(st, uvmlab_km_extract(st->m, va), (uvmlab_obj_t)obj, pgoff, why, len))
		return false;
	ep_opage_at(st, obj, pgoff)->flags = PG_CLEAN | PG_FAKE;
	ep_opage_at(st, obj, pgoff)->mapped = true;
	return true;
}

/* The call's answer against the replay's, then the count against the
 * core's. */
static void
check_answer(const struct ep_state *st, int error, int want, vaddr_t va, vaddr_t want_va,
	     char *why, size_t len)
{
	if (why[0] != '\0')
		return;
	if (error != want)
		EP_FAIL(why, len, "returned %s, the replay of its steps %s", uvmlab_errno_name(error),
			uvmlab_errno_name(want));
	else if (error == 0 && va != want_va)
		EP_FAIL(why, len, "the page is at %#" PRIx64 ", the lowest fit is %#" PRIx64, va,
			want_va);
	else if (uvmlab_memlimit_used(st->m) != st->memused)
		EP_FAIL(why, len, "the limit counts %" PRIu64 " bytes, the record %" PRIu64,
			uvmlab_memlimit_used(st->m), st->memused);
}

/* Room in the record for one more pool page of map, and no armed host
 * allocation failure for a call that may reach kmemalloc (file
 * comment). */
static bool
page_room(const struct ep_state *st, uint64_t map, uint64_t obj, bool waitok)
{
	vaddr_t va;

	return ep_km_room(st, map, false) && st->nopages < EP_MAX_OPAGES &&
	       (st->armed == UVMLAB_FAIL_NEVER ||
		(page_now(st, map, obj, &va) == OVER_LIMIT && (!waitok || !ep_drainable(st))));
}


/* ---- uvm_km_alloc_poolpage1(map, obj, waitok, null) ---- */

static void
alloc_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	uint8_t sel = (uint8_t)producer_u64(p, 1);
	const uint64_t pick[4] = {ep_pick_map(p, st), ep_pick_kobj(p, st), sel & 1, 1};
	const uint64_t valid[4] = {st->km ? sel % st->nkmaps : 0,
				   sel & 2 ? st->kmem_object : st->kernel_object, (sel >> 2) & 1, 0};

	ep_compose(p, a, valid, pick, 4);
}

static struct ep_verdict
alloc_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	if (!st->km || ep_kmap(st, a[0]) == NULL || !ep_kernel_obj(st, a[1]) || a[3] != 0)
		return REJECT_EINVAL;
	return page_spec(st, a[0], a[1], a[2] != 0);
}

static int
alloc_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	struct ep_verdict v = alloc_spec(st, a);
	bool valid = v.error == 0;
	vaddr_t va = 0, want_va = 0;
	uint64_t tries;

	if (valid && (st->nloose == EP_MAX_LOOSE || !page_room(st, a[0], a[1], a[2] != 0)))
		return EP_SKIPPED;
	int error = uvm_km_alloc_poolpage1(st->m, (uvmlab_map_t)a[0], (uvmlab_obj_t)a[1], a[2] != 0,
					   a[3] ? NULL : &va);
	ep_call_made(st);
	if (ep_injected(st) || v.error == EINVAL)
		return error;
	int want = replay_page(st, a[0], a[1], a[2] != 0, &want_va, &tries);
	st->ncalls += tries;
	if (error == 0 && want == 0 && va == want_va &&
	    page_made(st, a[0], a[1], va, why, len)) {
		st->loose[st->nloose].map = (uvmlab_map_t)a[0];
		st->loose[st->nloose++].va = va;
	}
	check_answer(st, error, want, va, want_va, why, len);
	return error;
}

/* ---- uvm_km_free_poolpage1(map, addr) ---- */

/* The pool page at va: -1 if none, else the pool holding it or
 * UVMLAB_POOLS_MAX for one of no pool (*loosep its index). */
static int
page_owner(const struct ep_state *st, vaddr_t va, unsigned *loosep)
{
	for (unsigned i = 0; i < st->nloose; i++) {
		if (st->loose[i].va == va) {
			*loosep = i;
			return UVMLAB_POOLS_MAX;
		}
	}
	for (unsigned p = 0; p < st->npools; p++) {
		for (unsigned k = 0; k < st->pools[p].npages; k++) {
			if (st->pools[p].pages[k].va == va)
				return (int)p;
		}
	}
	return -1;
}

bool
ep_pool_page_in(const struct ep_state *st, vaddr_t start, vaddr_t end)
{
	for (vaddr_t va = start; va < end; va += PAGE_SIZE) {
		unsigned i;
		if (page_owner(st, va, &i) >= 0)
			return true;
	}
	return false;
}

static void
free_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	uint8_t sel = (uint8_t)producer_u64(p, 1);
	const struct ep_pool *pl = st->npools ? &st->pools[sel % st->npools] : NULL;
	vaddr_t pooled = pl && pl->npages ? pl->pages[0].va : UVMLAB_KVA_START;
	const uint64_t vas[] = {st->nloose ? st->loose[0].va : UVMLAB_KVA_START, pooled};
	const uint64_t pick[2] = {ep_pick_map(p, st), ep_pick(p, vas, ARRAY_LEN(vas), UINT64_MAX)};
	const uint64_t valid[2] = {st->nloose ? st->loose[(sel >> 2) % st->nloose].map : 0,
				   st->nloose ? st->loose[(sel >> 2) % st->nloose].va : pooled};

	ep_compose(p, a, valid, pick, 2);
}

static struct ep_verdict
free_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	unsigned i = 0;
	int owner = page_owner(st, a[1], &i);

	if (owner < 0 || (owner == UVMLAB_POOLS_MAX ? st->loose[i].map != a[0]
						     : a[0] != UVMLAB_KERNEL_MAP))
		return REJECT_EINVAL;
	return owner == UVMLAB_POOLS_MAX ? VALID : REJECT_EBUSY;
}

static int
free_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	unsigned i = 0;
	bool valid = free_spec(st, a).error == 0 && page_owner(st, a[1], &i) == UVMLAB_POOLS_MAX;
	int error = uvm_km_free_poolpage1(st->m, (uvmlab_map_t)a[0], a[1]);

	if (error != 0 || !valid)
		return error;
	poolpage_freed(st, a[0], a[1]);
	st->loose[i] = st->loose[--st->nloose];
	if (uvmlab_km_extract(st->m, a[1]) != UVMLAB_NO_PAGE)
		EP_FAIL(why, len, "%#" PRIx64 " is still mapped after its free", a[1]);
	check_answer(st, error, 0, 0, 0, why, len);
	return error;
}

/* ---- uvmlab_pool_init(itemsize, null) ---- */

static void
init_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	const uint64_t sizes[] = {UVMLAB_POOL_ITEM_MIN, PAGE_SIZE};
	const uint64_t pick[2] = {ep_pick(p, sizes, ARRAY_LEN(sizes), UINT64_MAX), 1};
	const uint64_t valid[2] = {(uint64_t)UVMLAB_POOL_ITEM_MIN << (producer_u64(p, 1) % 9), 0};

	(void)st;
	ep_compose(p, a, valid, pick, 2);
}

static struct ep_verdict
init_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	if (a[1] != 0 || a[0] < UVMLAB_POOL_ITEM_MIN || a[0] > PAGE_SIZE)
		return REJECT_EINVAL;
	return st->npools == UVMLAB_POOLS_MAX ? NO_ROOM : VALID;
}

static int
init_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uvmlab_pool_t pool = UINT32_MAX;

	if (init_spec(st, a).error == 0 && !ep_obj_room(st, 0))
		return EP_SKIPPED;
	int error = uvmlab_pool_init(st->m, a[0], a[1] ? NULL : &pool);
	if (error != 0)
		return error;
	ep_layer_made(st);
	if (pool != st->npools) {
		EP_FAIL(why, len, "the new pool is %" PRIu32 ", the lowest free handle is %u", pool,
			st->npools);
		return error;
	}
	st->pools[st->npools++] = (struct ep_pool){(uint32_t)a[0], (uint32_t)(PAGE_SIZE / a[0]), 0,
						   {{0}}};
	return error;
}

/* ---- pool_get(pool, flags, null), pool_put(pool, item) ---- */

static uint64_t
pick_pool(struct producer *p, const struct ep_state *st)
{
	const uint64_t pools[] = {0, st->npools, UVMLAB_POOLS_MAX};
	return ep_pick(p, pools, ARRAY_LEN(pools), UINT32_MAX);
}

static void
get_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	const uint64_t flags[] = {PR_WAITOK};
	uint8_t sel = (uint8_t)producer_u64(p, 1);
	const uint64_t pick[3] = {pick_pool(p, st), ep_pick(p, flags, ARRAY_LEN(flags), UINT32_MAX),
				  1};
	const uint64_t valid[3] = {st->npools ? sel % st->npools : 0,
				   sel & 0x80 ? PR_WAITOK : PR_NOWAIT, 0};

	ep_compose(p, a, valid, pick, 3);
}

static struct ep_verdict
get_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	unsigned k;
	uint32_t i;

	if (a[0] >= st->npools || a[2] != 0 || (a[1] & ~(uint64_t)PR_WAITOK) != 0)
		return REJECT_EINVAL;
	if (free_item(&st->pools[a[0]], &k, &i))
		return VALID;
	return page_spec(st, UVMLAB_KERNEL_MAP, st->kmem_object, a[1] & PR_WAITOK);
}

static int
get_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	struct ep_pool *pl = a[0] < st->npools ? &st->pools[a[0]] : NULL;
	struct ep_verdict v = get_spec(st, a);
	bool valid = v.error == 0;
	unsigned k = 0;
	uint32_t i = 0;
	bool has_free = pl != NULL && free_item(pl, &k, &i);
	vaddr_t item = 0, want_va = 0;
	uint64_t tries;

	if (valid && !has_free &&
	    (pl->npages == EP_MAX_POOL_PAGES ||
	     !page_room(st, UVMLAB_KERNEL_MAP, st->kmem_object, a[1] & PR_WAITOK)))
		return EP_SKIPPED;
	int error = pool_get(st->m, (uvmlab_pool_t)a[0], (int)a[1], a[2] ? NULL : &item);
	ep_call_made(st);
	if (ep_injected(st) || v.error == EINVAL)
		return error;
	if (has_free) {
		want_va = pl->pages[k].va + (vaddr_t)i * pl->itemsize;
		if (error == 0 && item == want_va)
			set_item(&pl->pages[k], i, true);
		check_answer(st, error, 0, item, want_va, why, len);
		return error;
	}
	int want = replay_page(st, UVMLAB_KERNEL_MAP, st->kmem_object, a[1] & PR_WAITOK, &want_va,
			       &tries);
	st->ncalls += tries;
	if (error == 0 && want == 0 && item == want_va &&
	    page_made(st, UVMLAB_KERNEL_MAP, st->kmem_object, item, why, len)) {
		pl->pages[pl->npages] = (struct ep_pool_page){item, 0, {0}};
		set_item(&pl->pages[pl->npages++], 0, true);
	}
	check_answer(st, error, want, item, want_va, why, len);
	return error;
}

/* An item given out (valid), one of another pool's page, or near one. */
static void
put_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	uint8_t sel = (uint8_t)producer_u64(p, 1);
	const struct ep_pool *pl = st->npools ? &st->pools[sel % st->npools] : NULL;
	const struct ep_pool_page *pg = pl && pl->npages ? &pl->pages[(sel >> 3) % pl->npages] : NULL;
	uint32_t used = 0;

	while (pg != NULL && used + 1 < pl->per_page && !item_used(pg, used))
		used++;
	vaddr_t item = pg ? pg->va + (vaddr_t)used * pl->itemsize : UVMLAB_KVA_START;
	const uint64_t items[] = {item, pg ? pg->va + PAGE_SIZE : UVMLAB_KVA_START};
	const uint64_t pick[2] = {pick_pool(p, st), ep_pick(p, items, ARRAY_LEN(items), UINT64_MAX)};
	const uint64_t valid[2] = {pl ? (uint64_t)(pl - st->pools) : 0, item};

	ep_compose(p, a, valid, pick, 2);
}

/* The item of pool at va: page k, item i; false if va is none. */
static bool
item_at(const struct ep_state *st, uint64_t pool, vaddr_t va, unsigned *kp, uint32_t *ip)
{
	const struct ep_pool *pl = pool < st->npools ? &st->pools[pool] : NULL;

	for (unsigned k = 0; pl != NULL && k < pl->npages; k++) {
		vaddr_t base = pl->pages[k].va;
		if (va < base || va - base >= (vaddr_t)pl->per_page * pl->itemsize)
			continue;
		*kp = k;
		*ip = (uint32_t)((va - base) / pl->itemsize);
		return (va - base) % pl->itemsize == 0;
	}
	return false;
}

static struct ep_verdict
put_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	unsigned k;
	uint32_t i;

	if (!item_at(st, a[0], a[1], &k, &i) || !item_used(&st->pools[a[0]].pages[k], i))
		return REJECT_EINVAL;
	return VALID;
}

static int
put_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	unsigned k = 0;
	uint32_t i = 0;
	bool valid = put_spec(st, a).error == 0 && item_at(st, a[0], a[1], &k, &i);
	int error = pool_put(st->m, (uvmlab_pool_t)a[0], a[1]);

	(void)why;
	(void)len;
	if (error == 0 && valid)
		set_item(&st->pools[a[0]].pages[k], i, false);
	return error;
}

/* ---- uvm_pageout(null) ---- */

static void
pageout_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	(void)st;
	a[0] = (producer_u64(p, 1) & 7) == 0;
}

static int
pageout_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	bool reclaimed = false;

	uvm_pageout(st->m, a[0] ? NULL : &reclaimed);
	bool want = ep_pageout(st);
	if (a[0] == 0 && reclaimed != want)
		EP_FAIL(why, len, "the page daemon says it %s, the replay %s",
			reclaimed ? "reclaimed" : "reclaimed nothing",
			want ? "reclaims" : "reclaims nothing");
	check_answer(st, 0, 0, 0, 0, why, len);
	return 0;
}

/* ---- uvmlab_km_object_create(null) ---- */

static void
kobj_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	(void)st;
	a[0] = (producer_u64(p, 1) & 7) == 0;
}

static struct ep_verdict
kobj_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	(void)st;
	return a[0] != 0 ? REJECT_EINVAL : VALID;
}

static int
kobj_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uvmlab_obj_t obj = UINT32_MAX;

	if (a[0] == 0 && !ep_obj_room(st, 1))
		return EP_SKIPPED;
	int error = uvmlab_km_object_create(st->m, a[0] ? NULL : &obj);
	if (error != 0)
		return error;
	ep_layer_made(st);
	uvmlab_obj_t want = ep_obj_next(st);
	if (obj != want)
		EP_FAIL(why, len, "the new object is %" PRIu32 ", the lowest free handle is %" PRIu32,
			obj, want);
	else
		st->objs[obj] = (struct ep_obj){true, st->params.kva_pages, true};
	return error;
}

const struct ep_call ep_poolpage_alloc = {"uvm_km_alloc_poolpage1",
					  {"map", "obj", "waitok", "null"},
					  EP_LOGGED,
					  alloc_args,
					  alloc_spec,
					  alloc_call};
const struct ep_call ep_poolpage_free = {"uvm_km_free_poolpage1", {"map", "addr"}, EP_LOGGED,
					 free_args, free_spec, free_call};
const struct ep_call ep_pool_init = {"uvmlab_pool_init", {"itemsize", "null"},
				     EP_ENOMEM_CHANGES_NOTHING, init_args, init_spec, init_call};
const struct ep_call ep_pool_get = {"pool_get", {"pool", "flags", "null"}, 0, get_args, get_spec,
				    get_call};
const struct ep_call ep_pool_put = {"pool_put", {"pool", "item"}, 0, put_args, put_spec,
				    put_call};
const struct ep_call ep_page_daemon = {"uvm_pageout", {"null"}, 0, pageout_args, ep_always_valid,
				   pageout_call};
const struct ep_call ep_km_object_create = {"uvmlab_km_object_create", {"null"},
					    EP_ENOMEM_CHANGES_NOTHING, kobj_args, kobj_spec,
					    kobj_call};
