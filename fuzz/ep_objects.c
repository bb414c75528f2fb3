/*
 * bad_input's entry points of the anonymous objects and their pager
 * (entry_points.h): uao_create, uao_detach, ao_get, ao_put,
 * uvm_page_unbusy and uvm_vnp_zerorange.  Each specification is
 * object.h's contract with its precedence: EINVAL (malformed arguments),
 * then EBUSY (a page someone holds), then ENOMEM (pages), each exact.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>

#include "entry_points.h"

#define UNBUSY_PFNS 5 /* uvm_page_unbusy's array: a[2..6] */


/* ---- uao_create(size, flags, null) ---- */

static void
uao_create_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	uint8_t sel = (uint8_t)producer_u64(p, 1);
	const uint64_t sizes[] = {PAGE_SIZE, ptoa(UVMLAB_OBJ_PAGES_MAX),
				  ptoa(UVMLAB_OBJ_PAGES_MAX + 1)};
	const uint64_t flags[] = {1, (uint64_t)INT_MIN};
	const uint64_t pick[3] = {ep_pick(p, sizes, ARRAY_LEN(sizes), UINT64_MAX),
				  ep_as_int(ep_pick(p, flags, ARRAY_LEN(flags), UINT32_MAX)), 1};
	const uint64_t valid[3] = {ptoa(1 + sel % 64), 0, 0};

	(void)st;
	ep_compose(p, a, valid, pick, 3);
}

static struct ep_verdict
uao_create_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	(void)st;
	if (a[2] != 0 || (int)a[1] != 0 || a[0] == 0 || a[0] % PAGE_SIZE != 0 ||
	    atop(a[0]) > UVMLAB_OBJ_PAGES_MAX)
		return REJECT_EINVAL;
	return VALID;
}

static int
uao_create_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uvmlab_obj_t obj = UINT32_MAX, want = ep_obj_next(st);

	if (uao_create_spec(st, a).error == 0 && want == EP_MAX_OBJS)
		return EP_SKIPPED;
	int error = uao_create(st->m, a[0], (int)a[1], a[2] ? NULL : &obj);
	if (error != 0)
		return error;
	if (obj != want)
		EP_FAIL(why, len, "the new object is %" PRIu32 ", the lowest free handle is %" PRIu32,
			obj, want);
	else
		st->objs[obj] = (struct ep_obj){true, atop(a[0]), false};
	return error;
}

/* ---- uao_detach(obj) ---- */

static void
obj_arg(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	const uint64_t valid[1] = {ep_nth_obj(st, (unsigned)producer_u64(p, 1))};
	const uint64_t pick[1] = {ep_pick_obj(p, st)};

	ep_compose(p, a, valid, pick, 1);
}

static struct ep_verdict
uao_detach_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	if (ep_obj_find(st, a[0]) == NULL)
		return REJECT_EINVAL;
	return ep_busy_in(st, a[0], 0, ep_obj_size(st, a[0])) ? REJECT_EBUSY : VALID;
}

/* Frees obj's pages the record holds; busy ones only if `busy_too`,
 * else they are marked PG_RELEASED. */
static void
free_obj_pages(struct ep_state *st, uint64_t obj, bool busy_too)
{
	for (unsigned i = 0; i < st->nopages;) {
		struct ep_opage *op = &st->opages[i];
		if (op->obj != obj) {
			i++;
		} else if ((op->flags & PG_BUSY) && !busy_too) {
			op->flags |= PG_RELEASED;
			i++;
		} else {
			ep_opage_free(st, op);
		}
	}
}

static int
uao_detach_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	int error = uao_detach(st->m, (uvmlab_obj_t)a[0]);

	if (error != 0)
		return error;
	free_obj_pages(st, a[0], true);
	st->objs[a[0]].live = false;
	if (uvmlab_obj_live(st->m, (uvmlab_obj_t)a[0]))
		EP_FAIL(why, len, "object %" PRIu64 " is still live after its detach", a[0]);
	return error;
}

/* ---- ao_get(obj, off, npages, null) ---- */

/* A valid range (one call in two) with at most one argument moved to a
 * limit, or every argument at a limit. */
static void
get_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	uint8_t sel = (uint8_t)producer_u64(p, 1), count = (uint8_t)producer_u64(p, 1);
	uvmlab_obj_t obj = ep_nth_obj(st, sel);
	uint64_t size = ep_obj_size(st, obj), first = sel % size;
	uint64_t room = size - first < UVMLAB_GET_PAGES_MAX ? size - first : UVMLAB_GET_PAGES_MAX;
	const uint64_t offs[] = {ptoa(size), ptoa(size - 1), ptoa(first)};
	const uint64_t counts[] = {UVMLAB_GET_PAGES_MAX, size - first};
	uint64_t pick[4] = {ep_pick_obj(p, st), ep_pick(p, offs, ARRAY_LEN(offs), UINT64_MAX),
			    ep_as_int(ep_pick(p, counts, ARRAY_LEN(counts), UINT32_MAX)), 1};
	const uint64_t valid[4] = {obj, ptoa(first) + (count & 1 ? PAGE_SIZE - 1 : 0),
				   1 + (count >> 1) % room, 0};

	ep_compose(p, a, valid, pick, 4);
}

static struct ep_verdict
get_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	const struct ep_obj *o = ep_obj_find(st, a[0]);
	uint64_t first = atop(a[1]);
	int n = (int)a[2];

	if (o == NULL || a[3] != 0 || n < 1 || n > UVMLAB_GET_PAGES_MAX || first >= o->npages ||
	    (uint64_t)n > o->npages - first)
		return REJECT_EINVAL;
	if (ep_busy_in(st, a[0], first, (uint64_t)n))
		return REJECT_EBUSY;
	if (ep_missing(st, a[0], first, (uint64_t)n) > ep_allocatable(st, UVM_PGA_ZERO))
		return NO_ROOM;
	return VALID;
}

static int
get_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uvmlab_pfn_t pgs[UVMLAB_GET_PAGES_MAX];
	uint64_t first = atop(a[1]);

	if (get_spec(st, a).error == 0 &&
	    st->nopages + ep_missing(st, a[0], first, a[2]) > EP_MAX_OPAGES)
		return EP_SKIPPED;
	int error = ao_get(st->m, (uvmlab_obj_t)a[0], a[1], (int)a[2], a[3] ? NULL : pgs);
	for (int i = 0; error == 0 && i < (int)a[2]; i++) {
		struct ep_opage *op = ep_opage_at(st, a[0], first + (uint64_t)i);
		if (op == NULL && !ep_opage_add(st, pgs[i], (uvmlab_obj_t)a[0], first + (uint64_t)i,
						why, len))
			break;
		if (op != NULL && op->pfn != pgs[i]) {
			EP_FAIL(why, len, "page %d is %" PRIu32 ", the resident page is %" PRIu32, i,
				pgs[i], op->pfn);
			break;
		}
		if (op != NULL)
			op->flags |= PG_BUSY;
	}
	return error;
}

/* ---- ao_put(obj, start, stop, flags) ---- */

static void
put_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	const uint64_t flags[] = {PGO_FREE | PGO_ALLPAGES, PGO_ALL_FLAGS, PGO_ALL_FLAGS + 1};

	uint8_t sel = (uint8_t)producer_u64(p, 1);
	const uint64_t pick[4] = {ep_pick_obj(p, st), producer_u64(p, 2), producer_u64(p, 2),
				  ep_as_int(ep_pick(p, flags, ARRAY_LEN(flags), UINT32_MAX))};
	const uint64_t valid[4] = {ep_nth_obj(st, sel), pick[1], pick[2], PGO_FREE | PGO_ALLPAGES};

	ep_compose(p, a, valid, pick, 4);
}

static struct ep_verdict
put_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	return ep_obj_find(st, a[0]) == NULL || ((int)a[3] & ~PGO_ALL_FLAGS) != 0 ? REJECT_EINVAL
										: VALID;
}

static int
put_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	int error = ao_put(st->m, (uvmlab_obj_t)a[0], a[1], a[2], (int)a[3]);

	(void)why;
	(void)len;
	if (error == 0 && ((int)a[3] & (PGO_FREE | PGO_ALLPAGES)) == (PGO_FREE | PGO_ALLPAGES))
		free_obj_pages(st, a[0], false);
	return error;
}

/* ---- uvm_page_unbusy(npgs, null, pfn0..pfn4) ---- */

/* npgs counts the five pfns that follow; a count past them is taken as
 * -1, a negative count. */
static void
unbusy_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	const uint64_t counts[] = {0, UNBUSY_PFNS};
	uint64_t n = ep_pick(p, counts, ARRAY_LEN(counts), 7);
	uint64_t pick[EP_ARGS] = {n <= UNBUSY_PFNS ? n : ep_as_int((uint64_t)-1), 1};
	uint64_t valid[EP_ARGS] = {1 + n % UNBUSY_PFNS, 0};

	for (unsigned i = 0; i < UNBUSY_PFNS; i++) {
		pick[2 + i] = ep_pick_opfn(p, st);
		valid[2 + i] = ep_nth_opage(st, (unsigned)producer_u64(p, 1), true);
	}
	ep_compose(p, a, valid, pick, EP_ARGS);
}

static struct ep_verdict
unbusy_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	int n = (int)a[0];
	const uint64_t *pgs = &a[2];

	if (n < 0 || (n > 0 && a[1]))
		return REJECT_EINVAL;
	for (int i = 0; i < n; i++) {
		const struct ep_opage *op = ep_opage_of(st, pgs[i]);
		if (pgs[i] == UVMLAB_NO_PAGE)
			continue;
		if (op == NULL || !(op->flags & PG_BUSY))
			return REJECT_EINVAL;
		if (ep_win_maps(st, (uvmlab_pfn_t)pgs[i]))
			return REJECT_EBUSY;
		for (int j = 0; j < i; j++) {
			if (pgs[j] == pgs[i])
				return REJECT_EINVAL;
		}
	}
	return VALID;
}

static int
unbusy_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uvmlab_pfn_t pgs[UNBUSY_PFNS];

	(void)why;
	(void)len;
	for (unsigned i = 0; i < UNBUSY_PFNS; i++)
		pgs[i] = (uvmlab_pfn_t)a[2 + i];
	int error = uvm_page_unbusy(st->m, a[1] ? NULL : pgs, (int)a[0]);
	for (int i = 0; error == 0 && i < (int)a[0]; i++) {
		struct ep_opage *op = ep_opage_of(st, pgs[i]);
		if (op != NULL && (op->flags & PG_RELEASED))
			ep_opage_free(st, op);
		else if (op != NULL)
			op->flags &= ~(uint32_t)(PG_BUSY | PG_WANTED);
	}
	return error;
}

/* ---- uvm_vnp_zerorange(obj, off, len) ---- */

static void
zerorange_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	uint8_t sel = (uint8_t)producer_u64(p, 1), at = (uint8_t)producer_u64(p, 1);
	uvmlab_obj_t obj = ep_nth_obj(st, sel);
	uint64_t end = ptoa(ep_obj_size(st, obj));
	const uint64_t inpage[] = {0, 1, PAGE_SIZE / 2, PAGE_SIZE - 1};
	uint64_t off = ptoa(sel % atop(end)) + inpage[at % 4];
	const uint64_t lens[] = {end - off, PAGE_SIZE - off % PAGE_SIZE, PAGE_SIZE};
	uint64_t len = ep_pick(p, lens, ARRAY_LEN(lens), UINT64_MAX);
	const uint64_t offs[] = {end, off};
	uint64_t pick[3] = {ep_pick_obj(p, st), ep_pick(p, offs, ARRAY_LEN(offs), UINT64_MAX), len};
	const uint64_t valid[3] = {obj, off, len == 0 || len > end - off ? end - off : len};

	ep_compose(p, a, valid, pick, 3);
}

/* The pages [first, first + n) the range touches. */
static void
zerorange_pages(const uint64_t a[EP_ARGS], uint64_t *first, uint64_t *n)
{
	*first = atop(a[1]);
	*n = atop(a[1] + a[2] - 1) - *first + 1;
}

static struct ep_verdict
zerorange_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	const struct ep_obj *o = ep_obj_find(st, a[0]);
	uint64_t first, n;

	if (o == NULL || a[2] == 0 || a[1] > ptoa(o->npages) || a[2] > ptoa(o->npages) - a[1])
		return REJECT_EINVAL;
	zerorange_pages(a, &first, &n);
	if (ep_busy_in(st, a[0], first, n))
		return REJECT_EBUSY;
	/* the batches before the one that finds no page stay done
	 * (object.h): an ENOMEM that changes the machine, checked by
	 * zerorange_call */
	return ep_missing(st, a[0], first, n) > ep_allocatable(st, UVM_PGA_ZERO) ? VALID_OR_ENOMEM
										 : VALID;
}

/* One batch's pages [first, first + n) were got, zeroed, marked and
 * unbusied: the new ones are looked up (the call returns no pfn), then
 * every page's flags follow (object.h): a correct strategy clears
 * PG_CLEAN and unbusies; rev 1.29's `flags &= PG_CLEAN` keeps only
 * PG_CLEAN, so no unbusy follows. */
static bool
zerorange_batch(struct ep_state *st, uvmlab_obj_t obj, uint64_t first, uint64_t n, char *why,
		size_t len)
{
	for (uint64_t pg = first; pg < first + n; pg++) {
		struct ep_opage *op = ep_opage_at(st, obj, pg);
		uvmlab_pfn_t pfn;
		if (op == NULL) {
			if (uvm_pagelookup(st->m, obj, ptoa(pg), &pfn) != 0 ||
			    !ep_opage_add(st, pfn, obj, pg, why, len))
				return false;
			op = ep_opage_at(st, obj, pg);
		}
		uint32_t flags = op->flags | PG_BUSY;
		op->flags = st->seed_flaws ? flags & PG_CLEAN
					   : flags & ~(uint32_t)(PG_CLEAN | PG_BUSY | PG_WANTED);
	}
	return true;
}

/* Replays the seed's batches over the record (zerorange.c's loop, from
 * object.h's contract): a batch whose missing pages are more than may
 * be given is undone and ends the call with ENOMEM; the ones before it
 * stay.  Returns the error the call must have returned. */
static int
zerorange_replay(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uint64_t off = a[1], rem = a[2];
	uint64_t batch = atop(rem + PAGE_SIZE - 1) < 32 ? atop(rem + PAGE_SIZE - 1) : 32;

	while (rem > 0) {
		uint64_t want = atop(rem + PAGE_SIZE - 1), first = atop(off);
		uint64_t n = want < batch ? want : batch;
		if (ep_missing(st, a[0], first, n) > ep_allocatable(st, UVM_PGA_ZERO))
			return ENOMEM;
		if (!zerorange_batch(st, (uvmlab_obj_t)a[0], first, n, why, len))
			return 0;
		for (uint64_t i = 0; i < n; i++) {
			uint64_t chunk = PAGE_SIZE - off % PAGE_SIZE;
			chunk = chunk < rem ? chunk : rem;
			off += chunk;
			rem -= chunk;
		}
	}
	return 0;
}

/* After an ENOMEM of a host allocation armed on purpose, the batch that
 * failed is not known: the record takes obj's pages and flags from the
 * machine (each new page still checked to have been free). */
static void
zerorange_resync(struct ep_state *st, uvmlab_obj_t obj, char *why, size_t len)
{
	uvmlab_pfn_t pfns[EP_MAX_OPAGES];
	size_t n = uvmlab_obj_pages(st->m, obj, pfns, EP_MAX_OPAGES);
	uvmlab_obj_t o;
	voff_t off;

	for (size_t i = 0; i < n && i < EP_MAX_OPAGES; i++) {
		struct ep_opage *op = ep_opage_of(st, pfns[i]);
		if (op == NULL && (!uvmlab_page_object(st->m, pfns[i], &o, &off) ||
				   !ep_opage_add(st, pfns[i], obj, atop(off), why, len)))
			return;
		ep_opage_of(st, pfns[i])->flags = uvmlab_page_flags(st->m, pfns[i]);
	}
}

static int
zerorange_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uint64_t first, n, can = ep_allocatable(st, UVM_PGA_ZERO), made;

	if (zerorange_spec(st, a).error == 0) {
		zerorange_pages(a, &first, &n);
		made = ep_missing(st, a[0], first, n);
		if (st->nopages + (made < can ? made : can) > EP_MAX_OPAGES)
			return EP_SKIPPED;
	}
	int error = uvm_vnp_zerorange(st->m, (uvmlab_obj_t)a[0], a[1], (size_t)a[2]);
	ep_call_made(st);
	if (error == ENOMEM && ep_injected(st)) {
		zerorange_resync(st, (uvmlab_obj_t)a[0], why, len);
		return error;
	}
	if (error != 0 && error != ENOMEM)
		return error;
	int want = zerorange_replay(st, a, why, len);
	if (why[0] == '\0' && error != want)
		EP_FAIL(why, len, "returned %s, the seed's batches over the record give %s",
			uvmlab_errno_name(error), uvmlab_errno_name(want));
	return error;
}

const struct ep_call ep_uao_create = {"uao_create", {"size", "flags", "null"}, EP_LOGGED,
				      uao_create_args, uao_create_spec, uao_create_call};
const struct ep_call ep_uao_detach = {"uao_detach", {"obj"}, EP_LOGGED,
				      obj_arg, uao_detach_spec, uao_detach_call};
const struct ep_call ep_ao_get = {"ao_get", {"obj", "off", "npages", "null"},
				  EP_LOGGED | EP_ENOMEM_CHANGES_NOTHING, get_args, get_spec, get_call};
const struct ep_call ep_ao_put = {"ao_put", {"obj", "start", "stop", "flags"}, EP_LOGGED,
				  put_args, put_spec, put_call};
const struct ep_call ep_page_unbusy = {
	"uvm_page_unbusy", {"npgs", "null", "pfn0", "pfn1", "pfn2", "pfn3", "pfn4"}, EP_LOGGED,
	unbusy_args, unbusy_spec, unbusy_call};
const struct ep_call ep_zerorange = {"uvm_vnp_zerorange", {"obj", "off", "len"}, EP_LOGGED,
				     zerorange_args, zerorange_spec, zerorange_call};
