/*
 * bad_input's entry points of wired kernel memory and the km pager
 * (entry_points.h): uvm_km_kmemalloc, uvm_km_get and uvm_km_pgremove,
 * over the record of the maps' ranges (each with its object) and the
 * kernel objects' pages (each with its flags, and whether it is mapped).
 * A wait for memory with no pool to drain is ENOMEM, undone; one with
 * a pool to drain is not made (ep_daemon_helps, ep_pool.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>

#include "entry_points.h"

static const struct ep_verdict WAITED = {EBUSY, false, false};

bool
ep_kernel_obj(const struct ep_state *st, uint64_t obj)
{
	const struct ep_obj *o = ep_obj_any(st, obj);
	return o != NULL && o->kernel;
}

uint64_t
ep_pick_kobj(struct producer *p, const struct ep_state *st)
{
	const uint64_t objs[] = {st->km ? st->kernel_object : 0, st->km ? st->kmem_object : 1,
				 ep_nth_obj(st, 0)};
	return ep_pick(p, objs, ARRAY_LEN(objs), UINT32_MAX);
}

/* ---- uvm_km_kmemalloc(map, obj, size, flags, null) ---- */

static void
kmemalloc_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	const uint64_t sizes[] = {PAGE_SIZE, ptoa(st->params.kva_pages), UINT64_MAX - (PAGE_SIZE - 1)};
	const uint64_t flags[] = {UVM_KMF_ALL};
	const uint64_t pick[5] = {ep_pick_map(p, st), ep_pick_kobj(p, st),
				  ep_pick(p, sizes, ARRAY_LEN(sizes), UINT64_MAX),
				  ep_pick(p, flags, ARRAY_LEN(flags), UINT32_MAX), 1};
	uint8_t sel = (uint8_t)producer_u64(p, 1);
	const uint64_t valid[5] = {0, sel & 1 ? st->kmem_object : st->kernel_object,
				   1 + producer_u64(p, 2) % ptoa(6), (sel >> 1) & UVM_KMF_ALL, 0};

	ep_compose(p, a, valid, pick, 5);
}

/*
 * EINVAL for no map, an object not the kernel's, a size of 0 or one
 * that wraps, unknown flags, no result; ENOMEM for no room; valloc:
 * valid.  EBUSY when the object holds a page in the range (the model's
 * answer where rev 1.13 would double it); else ENOMEM when more pages
 * are asked than may be given (NOWAIT, or no pool to drain).  A
 * NOWAIT call that wires some pages first is not a rejection: its
 * rollback frees them through uvm_unmap (or, with the seeds' flaw,
 * leaves some), so the machine changes; it is valid with ENOMEM its
 * only answer (nowait_fails, checked by the call).
 */
static struct ep_verdict
kmemalloc_spec(const struct ep_state *st, const uint64_t a[EP_ARGS]);

/* Does a NOWAIT call run out of pages after wiring some? */
static bool
nowait_fails(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	uint64_t k = ep_allocatable(st, UVM_PGA_ZERO);
	return (a[3] & UVM_KMF_NOWAIT) && !(a[3] & UVM_KMF_VALLOC) && k > 0 &&
	       atop(ep_round_size(a[2])) > k;
}

static struct ep_verdict
kmemalloc_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	const struct ep_kmap *km = ep_kmap(st, a[0]);
	vsize_t size = ep_round_size(a[2]);

	if (km == NULL || !ep_kernel_obj(st, a[1]) || a[4] != 0 || size == 0 ||
	    (a[3] & ~(uint64_t)UVM_KMF_ALL) != 0)
		return REJECT_EINVAL;
	vaddr_t va = ep_lowest_fit(km, km->min, size);
	if (va == 0)
		return NO_ROOM;
	if (a[3] & UVM_KMF_VALLOC)
		return VALID;
	if (ep_first_resident(st, (uvmlab_obj_t)a[1], va, atop(size)) < atop(size))
		return WAITED;
	if (nowait_fails(st, a))
		return VALID_OR_ENOMEM;
	if (atop(size) <= ep_allocatable(st, UVM_PGA_ZERO))
		return VALID;
	return a[3] & UVM_KMF_NOWAIT ? NO_ROOM : ep_wait_fails(st);
}

/* The short unmap of a NOWAIT failure under the seeds' flaws: of T
 * pages k were wired, and [va, va + T - k) unmapped; the pages from
 * T - k to k stay mapped, and [va + T - k, va + T) stays a range. */
static void
short_unmap(struct ep_state *st, uint64_t map, uvmlab_obj_t obj, vaddr_t va, vsize_t size,
	    char *why, size_t len)
{
	uint64_t total = atop(size), k = ep_allocatable(st, UVM_PGA_ZERO), left = total - k;

	if (k == 0)
		return;
	ep_add_range(&st->kmaps[map], va + ptoa(left), ptoa(k), 0, obj);
	for (uint64_t j = left; j < k && why[0] == '\0'; j++) {
		uvmlab_pfn_t pfn = uvmlab_km_extract(st->m, va + ptoa(j));
		uint64_t pgoff = atop(va - UVMLAB_KVA_START) + j;
		if (ep_opage_add(st, pfn, obj, pgoff, why, len)) {
			ep_opage_at(st, obj, pgoff)->flags = PG_CLEAN | PG_FAKE;
			ep_opage_at(st, obj, pgoff)->mapped = true;
		}
	}
	for (uint64_t j = 0; j < total && why[0] == '\0'; j++) {
		bool mapped = uvmlab_km_extract(st->m, va + ptoa(j)) != UVMLAB_NO_PAGE;
		if (mapped != (j >= left && j < k))
			EP_FAIL(why, len, "page %" PRIu64 " of the range is %s after the short unmap",
				j, mapped ? "mapped" : "unmapped");
	}
}

static int
kmemalloc_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	const struct ep_kmap *km = ep_kmap(st, a[0]);
	vsize_t size = ep_round_size(a[2]);
	struct ep_verdict v = kmemalloc_spec(st, a);
	vaddr_t va = 0, want = v.error == 0 || v.error == ENOMEM || v.error == EBUSY
				       ? ep_lowest_fit(km, km->min, size)
				       : 0;
	bool fails = v.error == 0 && nowait_fails(st, a);

	if (v.error == 0 && (!ep_km_room(st, a[0], false) || st->nopages + atop(size) > EP_MAX_OPAGES))
		return EP_SKIPPED;
	if (v.replayed && ep_drainable(st))
		return EP_SKIPPED; /* it would wait with a pool to drain */
	int error = uvm_km_kmemalloc(st->m, (uvmlab_map_t)a[0], (uvmlab_obj_t)a[1], a[2], (int)a[3],
				     a[4] ? NULL : &va);
	ep_call_made(st);
	if (v.replayed && !ep_injected(st))
		ep_waited(st, error, why, len);
	if (fails && error == 0)
		EP_FAIL(why, len, "a NOWAIT call of more pages than may be given succeeded");
	if (fails && error == ENOMEM && st->seed_flaws && !ep_injected(st))
		short_unmap(st, a[0], (uvmlab_obj_t)a[1], want, size, why, len);
	if (error != 0 || fails)
		return error;
	if (va != want) {
		EP_FAIL(why, len, "the range is at %#" PRIx64 ", the lowest fit is %#" PRIx64, va, want);
		return error;
	}
	ep_add_range(&st->kmaps[a[0]], va, size, 0, (uvmlab_obj_t)a[1]);
	for (vaddr_t at = va; !(a[3] & UVM_KMF_VALLOC) && at < va + size && why[0] == '\0';
	     at += PAGE_SIZE) {
		uvmlab_pfn_t pfn = uvmlab_km_extract(st->m, at);
		uint64_t pgoff = atop(at - UVMLAB_KVA_START);
		if (!ep_opage_add(st, pfn, (uvmlab_obj_t)a[1], pgoff, why, len))
			break;
		/* un-busied, mapped; the junk of a page not zeroed */
		ep_opage_at(st, a[1], pgoff)->flags = PG_CLEAN | PG_FAKE;
		ep_opage_at(st, a[1], pgoff)->mapped = true;
		const uint8_t *bytes = uvmlab_page_bytes(st->m, pfn);
		if (bytes == NULL || bytes[0] != UVMLAB_JUNK || bytes[PAGE_SIZE - 1] != UVMLAB_JUNK)
			EP_FAIL(why, len, "page %#" PRIx64 " does not hold the junk of a page not zeroed",
				at);
	}
	return error;
}

/* ---- uvm_km_get(obj, offset, npages, centeridx, flags, null) ---- */

/* A page of a live range: (sel % n)-th page of the kernel map's ranges. */
static uint64_t
range_page(const struct ep_state *st, unsigned sel)
{
	uint64_t n = 0;

	for (unsigned i = 0; st->km && i < st->kmaps[0].n; i++)
		n += atop(st->kmaps[0].e[i].end - st->kmaps[0].e[i].start);
	for (unsigned i = 0; st->km && n > 0 && i < st->kmaps[0].n; i++) {
		uint64_t pages = atop(st->kmaps[0].e[i].end - st->kmaps[0].e[i].start);
		if (sel % n < pages)
			return atop(st->kmaps[0].e[i].start - UVMLAB_KVA_START) + sel % n;
		sel -= (unsigned)pages;
	}
	return 0;
}

static void
get_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	const uint64_t offs[] = {0, ptoa(st->params.kva_pages)};
	const uint64_t counts[] = {UVMLAB_GET_PAGES_MAX};
	const uint64_t flags[] = {PGO_LOCKED | PGO_ALLPAGES};
	const uint64_t pick[6] = {ep_pick_kobj(p, st), ep_pick(p, offs, ARRAY_LEN(offs), UINT64_MAX),
				  ep_pick(p, counts, ARRAY_LEN(counts), UINT32_MAX),
				  ep_pick(p, counts, ARRAY_LEN(counts), UINT32_MAX),
				  ep_pick(p, flags, ARRAY_LEN(flags), UINT32_MAX), 1};
	uint8_t sel = (uint8_t)producer_u64(p, 1);
	uint64_t n = 1 + (sel & 1 ? producer_u64(p, 1) % 3 : 0);
	uvmlab_obj_t obj = ep_range_at(st, UVMLAB_KVA_START + ptoa(range_page(st, sel)))
			       ? ep_range_at(st, UVMLAB_KVA_START + ptoa(range_page(st, sel)))->obj
			       : 0;
	const uint64_t valid[6] = {obj, ptoa(range_page(st, sel)), n, (sel >> 1) % n,
				   (sel & 8 ? PGO_LOCKED : 0) | (sel & 16 ? PGO_ALLPAGES : 0), 0};

	ep_compose(p, a, valid, pick, 6);
}

/* The int arguments as the call gets them: npages and centeridx. */
static int64_t
as_int(uint64_t v)
{
	return (int32_t)(uint32_t)v;
}

/* Would the pager give page i (the center, or all)? */
static bool
needed(const uint64_t a[EP_ARGS], uint64_t i)
{
	return (int64_t)i == as_int(a[3]) || (a[4] & PGO_ALLPAGES);
}

/*
 * EINVAL for an object not the kernel's, no result, a count outside
 * 1..64, a center outside them, an unaligned offset, a range past the
 * object, unknown flags, or a page no range of this object holds.  The
 * locked path never fails; the unlocked one waits (EBUSY) at a needed
 * page resident and busy or released, and needs a page for each needed
 * one missing (ENOMEM; both undone).
 */
static struct ep_verdict
get_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	const struct ep_obj *o = ep_obj_any(st, a[0]);
	int64_t count = as_int(a[2]), center = as_int(a[3]);
	uint64_t first = atop(a[1]), n = (uint64_t)count, missing = 0;

	if (!ep_kernel_obj(st, a[0]) || a[5] != 0 || count < 1 || count > UVMLAB_GET_PAGES_MAX ||
	    center < 0 || center >= count || a[1] % PAGE_SIZE != 0 || first >= o->npages ||
	    n > o->npages - first ||
	    (a[4] & ~(uint64_t)(PGO_LOCKED | PGO_ALLPAGES)) != 0)
		return REJECT_EINVAL;
	for (uint64_t i = 0; i < n; i++) {
		const struct ep_kment *e = ep_range_at(st, UVMLAB_KVA_START + ptoa(first + i));
		if (e == NULL || e->obj != a[0])
			return REJECT_EINVAL;
	}
	if (a[4] & PGO_LOCKED)
		return VALID;
	for (uint64_t i = 0; i < n; i++) {
		const struct ep_opage *op = ep_opage_at(st, a[0], first + i);
		if (!needed(a, i))
			continue;
		if (op != NULL && (op->flags & (PG_BUSY | PG_RELEASED)))
			return missing > ep_allocatable(st, UVM_PGA_ZERO) ? ep_wait_fails(st) : WAITED;
		missing += op == NULL;
	}
	return missing > ep_allocatable(st, UVM_PGA_ZERO) ? ep_wait_fails(st) : VALID;
}

/* The page the call gave slot i: a resident one busied, a new one
 * recorded (zeroed: neither clean nor fake; busy). */
static bool
given(struct ep_state *st, const uint64_t a[EP_ARGS], uint64_t i, uvmlab_pfn_t pfn, char *why,
      size_t len)
{
	uint64_t pgoff = atop(a[1]) + i;
	struct ep_opage *op = ep_opage_at(st, a[0], pgoff);

	if (op != NULL && op->pfn != pfn) {
		EP_FAIL(why, len, "slot %" PRIu64 " is pfn %" PRIu32 ", the page there is %" PRIu32, i,
			pfn, op->pfn);
		return false;
	}
	if (op != NULL) {
		op->flags |= PG_BUSY;
		return true;
	}
	if (!ep_opage_add(st, pfn, (uvmlab_obj_t)a[0], pgoff, why, len))
		return false;
	ep_opage_at(st, a[0], pgoff)->flags = PG_BUSY;
	return true;
}

/* Which slots must get a page: unlocked, the needed ones; locked, each
 * resident one not busy or released, and each missing one while pages
 * may be had.  Returns whether the call must say it is done. */
static bool
slots_given(const struct ep_state *st, const uint64_t a[EP_ARGS], uint64_t n, bool *want)
{
	uint64_t avail = ep_allocatable(st, UVM_PGA_ZERO);
	bool done = true;

	for (uint64_t i = 0; i < n; i++) {
		const struct ep_opage *op = ep_opage_at(st, a[0], atop(a[1]) + i);
		if (!(a[4] & PGO_LOCKED))
			want[i] = needed(a, i);
		else if (op != NULL)
			want[i] = !(op->flags & (PG_BUSY | PG_RELEASED));
		else if ((want[i] = avail > 0))
			avail--;
		done &= want[i] || !needed(a, i);
	}
	return done;
}

static int
get_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uvmlab_pfn_t pps[UVMLAB_GET_PAGES_MAX];
	bool want[UVMLAB_GET_PAGES_MAX], done = false;
	struct ep_verdict v = get_spec(st, a);
	bool waits = v.replayed;
	uint64_t n = v.error == 0 ? (uint64_t)as_int(a[2]) : 0;
	int got = 0, count = 0;

	if (st->nopages + n > EP_MAX_OPAGES || (waits && ep_drainable(st)))
		return EP_SKIPPED; /* no room in the record; a wait with a pool to drain */
	bool want_done = slots_given(st, a, n, want);
	for (uint64_t i = 0; i < UVMLAB_GET_PAGES_MAX; i++)
		pps[i] = UVMLAB_NO_PAGE;
	int error = uvm_km_get(st->m, (uvmlab_obj_t)a[0], a[1], a[5] ? NULL : pps, (int)as_int(a[2]),
			       (int)as_int(a[3]), (int)a[4], &got, &done);
	ep_call_made(st);
	if (waits && !ep_injected(st))
		ep_waited(st, error, why, len);
	if (error != 0)
		return error;
	for (uint64_t i = 0; i < n && why[0] == '\0'; i++) {
		bool gives = pps[i] != UVMLAB_NO_PAGE;
		if (gives != want[i])
			EP_FAIL(why, len, "slot %" PRIu64 " %s a page", i,
				gives ? "got" : "did not get");
		else if (gives && given(st, a, i, pps[i], why, len))
			count++;
	}
	if (why[0] == '\0' && (got != count || done != want_done))
		EP_FAIL(why, len, "got %d pages (%s), the slots hold %d (%s)", got,
			done ? "done" : "not done", count, want_done ? "done" : "not done");
	return error;
}

/* ---- uvm_km_pgremove(obj, start, end) ---- */

static void
pgremove_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	const uint64_t offs[] = {0, ptoa(st->params.kva_pages)};
	uint8_t sel = (uint8_t)producer_u64(p, 1);
	uint64_t first = ptoa(range_page(st, sel)), count = ptoa(1 + (sel >> 5));
	const uint64_t pick[3] = {ep_pick_kobj(p, st), ep_pick(p, offs, ARRAY_LEN(offs), UINT64_MAX),
				  ep_pick(p, offs, ARRAY_LEN(offs), UINT64_MAX)};
	const uint64_t valid[3] = {st->km ? st->kernel_object : 0, first, first + count};

	ep_compose(p, a, valid, pick, 3);
}

/* EINVAL for an object not the kernel's, unaligned bounds, start past
 * end, an end past the object, or an address of the range still mapped
 * (by any kernel object: they share the kernel's addresses). */
static struct ep_verdict
pgremove_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	const struct ep_obj *o = ep_obj_any(st, a[0]);

	if (!ep_kernel_obj(st, a[0]) || a[1] % PAGE_SIZE != 0 || a[2] % PAGE_SIZE != 0 ||
	    a[1] > a[2] || atop(a[2]) > o->npages)
		return REJECT_EINVAL;
	for (unsigned i = 0; i < st->nopages; i++) {
		const struct ep_opage *op = &st->opages[i];
		if (op->mapped && op->pgoff >= atop(a[1]) && op->pgoff < atop(a[2]))
			return REJECT_EINVAL;
	}
	return VALID;
}

/* Each of the object's pages in the range: a busy one released, the
 * others freed. */
static int
pgremove_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	int error = uvm_km_pgremove(st->m, (uvmlab_obj_t)a[0], a[1], a[2]);

	(void)why;
	(void)len;
	if (error != 0)
		return error;
	for (unsigned i = 0; i < st->nopages;) {
		struct ep_opage *op = &st->opages[i];
		if (op->obj != a[0] || op->pgoff < atop(a[1]) || op->pgoff >= atop(a[2])) {
			i++;
		} else if (op->flags & PG_BUSY) {
			op->flags |= PG_RELEASED;
			i++;
		} else {
			ep_opage_free(st, op);
		}
	}
	return error;
}

const struct ep_call ep_km_kmemalloc = {"uvm_km_kmemalloc", {"map", "obj", "size", "flags", "null"},
					EP_LOGGED, kmemalloc_args, kmemalloc_spec, kmemalloc_call};
const struct ep_call ep_km_get = {"uvm_km_get",
				  {"obj", "offset", "npages", "centeridx", "flags", "null"},
				  EP_LOGGED | EP_ENOMEM_CHANGES_NOTHING, get_args, get_spec, get_call};
const struct ep_call ep_km_pgremove = {"uvm_km_pgremove", {"obj", "start", "end"}, EP_LOGGED,
				       pgremove_args, pgremove_spec, pgremove_call};
