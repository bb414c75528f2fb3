/*
 * bad_input's entry points of object pages' bytes and the object
 * layer's queries (entry_points.h): uvmlab_page_write, uvmlab_page_read,
 * uvm_pagelookup, uvmlab_obj_pages with the live counts, and
 * uvmlab_page_object.  Each answer is compared with the record.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "entry_points.h"


/* ---- uvmlab_page_write(pfn, off, len, null, byte), uvmlab_page_read(pfn, off, len, null) ---- */

static void
page_io_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	const uint64_t offs[] = {PAGE_SIZE, PAGE_SIZE / 2};
	uint8_t sel = (uint8_t)producer_u64(p, 1);
	uint64_t pick[5] = {ep_pick_opfn(p, st), ep_pick(p, offs, ARRAY_LEN(offs), UINT64_MAX)};
	const uint64_t lens[] = {PAGE_SIZE - pick[1], PAGE_SIZE};
	pick[2] = ep_pick(p, lens, ARRAY_LEN(lens), UINT64_MAX);
	pick[3] = 1;
	pick[4] = producer_u64(p, 1);
	uint64_t off = producer_u64(p, 2) % (PAGE_SIZE + 1);
	const uint64_t valid[5] = {ep_nth_opage(st, sel, true), off,
				   sel & 0x80 ? PAGE_SIZE - off : (PAGE_SIZE - off) / 2, 0, pick[4]};

	ep_compose(p, a, valid, pick, 5);
}

/* EINVAL for a pfn that is not an object page (busy, to write), a range
 * past PAGE_SIZE, or no buffer for a length. */
static struct ep_verdict
page_io_verdict(const struct ep_state *st, const uint64_t a[EP_ARGS], bool write)
{
	const struct ep_opage *op = ep_opage_of(st, a[0]);

	if (op == NULL || (write && !(op->flags & PG_BUSY)) || a[1] > PAGE_SIZE ||
	    a[2] > PAGE_SIZE - a[1] || (a[2] > 0 && a[3] != 0))
		return REJECT_EINVAL;
	return VALID;
}

static struct ep_verdict
page_write_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	return page_io_verdict(st, a, true);
}

static struct ep_verdict
page_read_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	return page_io_verdict(st, a, false);
}

/* A correct core reads or writes at most PAGE_SIZE bytes of buf; one that
 * took a longer length would run past it, for the sanitizers to see. */
static int
page_write_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uint8_t buf[PAGE_SIZE];

	memset(buf, (int)(uint8_t)a[4], sizeof(buf));
	int error = uvmlab_page_write(st->m, (uvmlab_pfn_t)a[0], (size_t)a[1], a[3] ? NULL : buf,
				      (size_t)a[2]);
	if (error != 0)
		return error;
	ep_opage_of(st, a[0])->flags &= ~(uint32_t)PG_CLEAN;
	const uint8_t *bytes = uvmlab_page_bytes(st->m, (uvmlab_pfn_t)a[0]);
	if (bytes == NULL || memcmp(bytes + a[1], buf, (size_t)a[2]) != 0)
		EP_FAIL(why, len, "page %" PRIu64 " does not hold the bytes written", a[0]);
	return error;
}

static int
page_read_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uint8_t buf[PAGE_SIZE];
	int error = uvmlab_page_read(st->m, (uvmlab_pfn_t)a[0], (size_t)a[1], a[3] ? NULL : buf,
				     (size_t)a[2]);
	const uint8_t *bytes = uvmlab_page_bytes(st->m, (uvmlab_pfn_t)a[0]);

	if (error == 0 && (bytes == NULL || memcmp(bytes + a[1], buf, (size_t)a[2]) != 0))
		EP_FAIL(why, len, "the bytes read are not page %" PRIu64 "'s", a[0]);
	return error;
}

/* ---- uvm_pagelookup(obj, off, null) ---- */

static void
lookup_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	uint64_t offs[EP_MAX_OPAGES + 1];
	unsigned n = 0;
	uvmlab_obj_t obj = ep_nth_obj(st, (unsigned)producer_u64(p, 1));

	for (unsigned i = 0; i < st->nopages; i++) {
		if (st->opages[i].obj == obj)
			offs[n++] = ptoa(st->opages[i].pgoff);
	}
	offs[n++] = ptoa(ep_obj_size(st, obj));
	const uint64_t pick[3] = {ep_pick_obj(p, st), ep_pick(p, offs, n, UINT64_MAX), 1};
	const uint64_t valid[3] = {obj, offs[producer_u64(p, 1) % n] & ~(uint64_t)(PAGE_SIZE - 1),
				   0};

	ep_compose(p, a, valid, pick, 3);
}

static struct ep_verdict
lookup_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	return ep_obj_any(st, a[0]) == NULL || a[1] % PAGE_SIZE != 0 || a[2] != 0 ? REJECT_EINVAL
										  : VALID;
}

static int
lookup_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uvmlab_pfn_t pfn;
	int error = uvm_pagelookup(st->m, (uvmlab_obj_t)a[0], a[1], a[2] ? NULL : &pfn);
	const struct ep_opage *op = ep_opage_at(st, a[0], atop(a[1]));
	uvmlab_pfn_t want = op != NULL ? op->pfn : UVMLAB_NO_PAGE;

	if (error == 0 && pfn != want)
		EP_FAIL(why, len, "offset %#" PRIx64 " of object %" PRIu64 " is page %" PRIu32
			", the record says %" PRIu32, a[1], a[0], pfn, want);
	return error;
}

/* ---- uvmlab_obj_pages(obj, cap), uvmlab_obj_live, uvmlab_objs_live,
 * uvmlab_windows_live ---- */

static void
obj_pages_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	const uint64_t caps[] = {EP_MAX_OPAGES};

	a[0] = ep_pick_obj(p, st);
	a[1] = ep_pick(p, caps, ARRAY_LEN(caps), 511) % (EP_MAX_OPAGES + 1);
}

static int
obj_pages_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uvmlab_pfn_t pfns[EP_MAX_OPAGES + 1];
	size_t cap = (size_t)a[1], objs = 0, k = 0;

	pfns[cap] = 0xdeadbeef;
	size_t n = uvmlab_obj_pages(st->m, (uvmlab_obj_t)a[0], pfns, cap);
	for (unsigned i = 0; i < EP_MAX_OBJS; i++)
		objs += st->objs[i].live;
	for (unsigned i = 0; i < st->nopages; i++) {
		const struct ep_opage *op = &st->opages[i];
		if (op->obj != a[0])
			continue;
		if (k < cap && k < n && pfns[k] != op->pfn) {
			EP_FAIL(why, len, "object %" PRIu64 "'s page %zu in memq order is %" PRIu32
				", the record says %" PRIu32, a[0], k, pfns[k], op->pfn);
			return 0;
		}
		k++;
	}
	if (n != k || pfns[cap] != 0xdeadbeef)
		EP_FAIL(why, len, "object %" PRIu64 " has %zu pages (%s), the record %zu", a[0], n,
			pfns[cap] != 0xdeadbeef ? "written past the cap" : "within the cap", k);
	else if (uvmlab_obj_live(st->m, (uvmlab_obj_t)a[0]) != (ep_obj_any(st, a[0]) != NULL))
		EP_FAIL(why, len, "object %" PRIu64 " is%s live, the record says otherwise", a[0],
			ep_obj_any(st, a[0]) != NULL ? " not" : "");
	else if (uvmlab_objs_live(st->m) != objs || uvmlab_windows_live(st->m) != st->nwins)
		EP_FAIL(why, len, "%zu objects and %zu windows live, the record %zu and %u",
			uvmlab_objs_live(st->m), uvmlab_windows_live(st->m), objs, st->nwins);
	return 0;
}

/* ---- uvmlab_page_object(pfn) ---- */

static void
opfn_arg(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	a[0] = ep_pick_opfn(p, st);
}

static int
page_object_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	const struct ep_opage *op = ep_opage_of(st, a[0]);
	uvmlab_obj_t obj = UINT32_MAX;
	voff_t off = UINT64_MAX;
	bool is = uvmlab_page_object(st->m, (uvmlab_pfn_t)a[0], &obj, &off);

	if (is != (op != NULL) || (op != NULL && (obj != op->obj || off != ptoa(op->pgoff))))
		EP_FAIL(why, len, "pfn %" PRIu64 " reads as %s (object %" PRIu32 " offset %#" PRIx64
			"), the record says otherwise", a[0], is ? "an object page" : "no object page",
			obj, off);
	return 0;
}

const struct ep_call ep_page_write = {"uvmlab_page_write", {"pfn", "off", "len", "null", "byte"},
				      0, page_io_args, page_write_spec, page_write_call};
const struct ep_call ep_page_read = {"uvmlab_page_read", {"pfn", "off", "len", "null"},
				     EP_READ_ONLY, page_io_args, page_read_spec, page_read_call};
const struct ep_call ep_pagelookup = {"uvm_pagelookup", {"obj", "off", "null"}, EP_READ_ONLY,
				      lookup_args, lookup_spec, lookup_call};
const struct ep_call ep_obj_pages = {"uvmlab_obj_pages+obj_live+objs_live+windows_live",
				     {"obj", "cap"}, EP_READ_ONLY,
				     obj_pages_args, ep_always_valid, obj_pages_call};
const struct ep_call ep_page_object = {"uvmlab_page_object", {"pfn"}, EP_READ_ONLY,
				       opfn_arg, ep_always_valid, page_object_call};
