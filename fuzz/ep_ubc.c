/*
 * bad_input's entry points of UBC windows and the memory limit's
 * setters (entry_points.h): ubc_alloc, ubc_release, ubc_uiomove,
 * uvmlab_memlimit_set and uvmlab_memlimit_parse.  ubc_uiomove is
 * specified byte for byte: which pages 1.29's copy gets (one short for
 * an unaligned page-multiple length under the seeds' flaws), the pager's
 * error, the bytes that reach the pages or the buffer, and every page's
 * flags after.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "entry_points.h"
#include "uvmlab/pool.h"

#define UIO_MAX ptoa(UVMLAB_GET_PAGES_MAX + 1) /* a buffer past the pager's limit */


/* ---- ubc_alloc(obj, off, len, flags, null) and ubc_release(va) ---- */

static uint64_t
len_pages(uint64_t len)
{
	return atop(len) + (len % PAGE_SIZE != 0);
}

/* Is va in no window: its bytes (`whole_pages` false: as ubc_release
 * searches), or its pages (as the space is taken)? */
static bool
ubc_free_at(const struct ep_state *st, vaddr_t va, bool whole_pages)
{
	for (unsigned i = 0; i < st->nubcs; i++) {
		uint64_t span = whole_pages ? ptoa(len_pages(st->ubcs[i].len)) : st->ubcs[i].len;
		if (va >= st->ubcs[i].va && va - st->ubcs[i].va < span)
			return false;
	}
	return true;
}

/* The lowest address of `pages` free pages of the UBC space, or 0. */
static vaddr_t
ubc_space(const struct ep_state *st, uint64_t pages)
{
	uint64_t run = 0;

	for (uint64_t pg = 0; pg < UVMLAB_UBC_VA_PAGES; pg++) {
		run = ubc_free_at(st, UVMLAB_UBC_VA_START + ptoa(pg), true) ? run + 1 : 0;
		if (run == pages)
			return UVMLAB_UBC_VA_START + ptoa(pg + 1 - pages);
	}
	return 0;
}

static void
ubc_alloc_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	uint8_t sel = (uint8_t)producer_u64(p, 1);
	const uint64_t lens[] = {PAGE_SIZE, ptoa(UVMLAB_UBC_VA_PAGES), ptoa(UVMLAB_UBC_VA_PAGES) / 2};
	const uint64_t flags[] = {UBC_READ | UBC_WRITE};
	const uint64_t pick[5] = {ep_pick_obj(p, st), producer_u64(p, 2),
				  ep_pick(p, lens, ARRAY_LEN(lens), UINT64_MAX),
				  ep_pick(p, flags, ARRAY_LEN(flags), 7), 1};
	const uint64_t valid[5] = {ep_nth_obj(st, sel), pick[1], 1 + producer_u64(p, 2) % ptoa(8),
				   sel % 4, 0};

	ep_compose(p, a, valid, pick, 5);
}

static struct ep_verdict
ubc_alloc_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	if (ep_obj_find(st, a[0]) == NULL || a[2] == 0 || (a[3] & ~(uint64_t)3) != 0 || a[4] != 0)
		return REJECT_EINVAL;
	if (len_pages(a[2]) > UVMLAB_UBC_VA_PAGES || ubc_space(st, len_pages(a[2])) == 0)
		return NO_ROOM;
	return VALID;
}

static int
ubc_alloc_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uint64_t n = a[2];
	vaddr_t va = 0, want = ubc_alloc_spec(st, a).error == 0 ? ubc_space(st, len_pages(a[2])) : 0;

	if (want != 0 && st->nubcs == EP_MAX_UBCS)
		return EP_SKIPPED;
	int error = ubc_alloc(st->m, (uvmlab_obj_t)a[0], a[1], &n, 0, (int)a[3], a[4] ? NULL : &va);
	if (error != 0)
		return error;
	if (va != want || n != a[2])
		EP_FAIL(why, len, "the window is at %#" PRIx64 " (length %#" PRIx64 "), the lowest free "
				  "one is %#" PRIx64, va, n, want);
	st->ubcs[st->nubcs].va = va;
	st->ubcs[st->nubcs++].len = a[2];
	return error;
}

static void
ubc_release_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	uint64_t vas[3 * EP_MAX_UBCS + 2];
	unsigned n = 0;

	for (unsigned i = 0; i < st->nubcs; i++) {
		vas[n++] = st->ubcs[i].va;
		vas[n++] = st->ubcs[i].va + st->ubcs[i].len; /* its last byte, and the one past */
		vas[n++] = st->ubcs[i].va + ptoa(len_pages(st->ubcs[i].len));
	}
	vas[n++] = UVMLAB_UBC_VA_START;
	vas[n++] = UVMLAB_UBC_VA_START + ptoa(UVMLAB_UBC_VA_PAGES);
	a[0] = ep_pick(p, vas, n, UINT64_MAX);
}

static struct ep_verdict
ubc_release_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	return ubc_free_at(st, a[0], false) ? REJECT_EINVAL : VALID;
}

static int
ubc_release_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	int error = ubc_release(st->m, a[0], 0);

	for (unsigned i = 0; error == 0 && i < st->nubcs; i++) {
		if (a[0] >= st->ubcs[i].va && a[0] - st->ubcs[i].va < st->ubcs[i].len) {
			st->ubcs[i] = st->ubcs[--st->nubcs];
			break;
		}
	}
	if (uvmlab_ubc_windows_live(st->m) != st->nubcs)
		EP_FAIL(why, len, "%zu UBC windows live, the record %u",
			uvmlab_ubc_windows_live(st->m), st->nubcs);
	return error;
}

/* ---- ubc_uiomove(obj, off, len, rw, null, byte) ---- */

static void
uiomove_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	uint8_t sel = (uint8_t)producer_u64(p, 1), at = (uint8_t)producer_u64(p, 1);
	uvmlab_obj_t obj = ep_nth_obj(st, sel);
	uint64_t end = ptoa(ep_obj_size(st, obj));
	const uint64_t inpage[] = {0, 1, 100, PAGE_SIZE - 1};
	uint64_t off = ptoa(sel % atop(end)) + inpage[at % 4];
	/* page multiples from an unaligned offset are where 1.29 is short */
	const uint64_t lens[] = {PAGE_SIZE, 3 * PAGE_SIZE, end - off, UIO_MAX};
	const uint64_t pick[6] = {ep_pick_obj(p, st), ep_pick(p, (const uint64_t[]){end}, 1, UINT64_MAX),
				  ep_pick(p, lens, ARRAY_LEN(lens), UINT64_MAX), 2, 1,
				  producer_u64(p, 1)};
	uint64_t len = pick[2] == 0 || pick[2] > UIO_MAX ? PAGE_SIZE : pick[2];
	const uint64_t valid[6] = {obj, off, len, (at >> 2) & 1, 0, pick[5]};

	ep_compose(p, a, valid, pick, 6);
}

/* The pages 1.29's copy gets: len2npages, one short for an unaligned
 * page-multiple length under the seeds' flaws (ubc.h). */
static uint64_t
copy_pages(const struct ep_state *st, uint64_t off, uint64_t len)
{
	uint64_t spanned = atop(off + len - 1) - atop(off) + 1;

	return st->seed_flaws && off % PAGE_SIZE != 0 && len % PAGE_SIZE == 0 ? spanned - 1
									      : spanned;
}

/* The pager's answer for the copy's pages, as ao_get's specification
 * (ep_objects.c) gives it: EINVAL, EBUSY, ENOMEM or 0. */
static int
pager_answer(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	const struct ep_obj *o = ep_obj_find(st, a[0]);
	uint64_t first = atop(a[1]), n = copy_pages(st, a[1], a[2]);

	if (n > UVMLAB_GET_PAGES_MAX || first >= o->npages || n > o->npages - first)
		return EINVAL;
	if (ep_busy_in(st, a[0], first, n))
		return EBUSY;
	return ep_missing(st, a[0], first, n) > ep_allocatable(st, UVM_PGA_ZERO) ? ENOMEM : 0;
}

static struct ep_verdict
uiomove_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	if (ep_obj_find(st, a[0]) == NULL || a[4] != 0 || a[2] == 0 || a[1] > UINT64_MAX - a[2] ||
	    a[3] > UIO_WRITE)
		return REJECT_EINVAL;
	return (struct ep_verdict){pager_answer(st, a), false, false};
}

/* After a copy: each page got holds its bytes from the buffer (a write)
 * or gave them (a read); the record's pages and flags follow. */
static void
uiomove_check(struct ep_state *st, const uint64_t a[EP_ARGS], const uint8_t *buf, char *why,
	      size_t len)
{
	uint64_t first = atop(a[1]), n = copy_pages(st, a[1], a[2]), at = a[1], done = 0;

	for (uint64_t pg = first; pg < first + n && why[0] == '\0'; pg++) {
		struct ep_opage *op = ep_opage_at(st, a[0], pg);
		uvmlab_pfn_t pfn;
		if (op == NULL && (uvm_pagelookup(st->m, (uvmlab_obj_t)a[0], ptoa(pg), &pfn) != 0 ||
				   !ep_opage_add(st, pfn, (uvmlab_obj_t)a[0], pg, why, len)))
			return;
		op = ep_opage_at(st, a[0], pg);
		uint64_t pageoff = at % PAGE_SIZE, x = a[2] - done;
		x = x < PAGE_SIZE - pageoff ? x : PAGE_SIZE - pageoff;
		const uint8_t *bytes = uvmlab_page_bytes(st->m, op->pfn);
		if (bytes == NULL || memcmp(bytes + pageoff, buf + done, x) != 0)
			EP_FAIL(why, len, "page %" PRIu64 " of object %" PRIu64 " and the buffer differ "
					  "in the %" PRIu64 " bytes the copy moved", pg, a[0], x);
		op->flags = (op->flags | PG_BUSY) & ~(uint32_t)(a[3] == UIO_WRITE ? PG_CLEAN : 0);
		op->flags &= ~(uint32_t)(PG_BUSY | PG_WANTED);
		at += x;
		done += x;
	}
}

/* The buffer's fill: a pattern, so that a byte in the wrong place shows. */
static uint8_t
fill(const uint64_t a[EP_ARGS], uint64_t i)
{
	return (uint8_t)(a[5] + 13 * i);
}

/* The bytes the copy moves: each page got gives or takes what is left,
 * up to its end. */
static uint64_t
moved_bytes(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	uint64_t moved = 0, at = a[1];

	for (uint64_t k = 0; k < copy_pages(st, a[1], a[2]); k++) {
		uint64_t x = a[2] - moved, room = PAGE_SIZE - at % PAGE_SIZE;
		x = x < room ? x : room;
		moved += x;
		at += x;
	}
	return moved;
}

/* A call valid by its arguments gets a buffer of len bytes (at most 64
 * pages' worth, the pager's limit); a longer len is rejected before the
 * buffer is read, and a core that read it would run past it, for the
 * sanitizers to see. */
static int
uiomove_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uint64_t n = a[2] == 0 ? 1 : a[2] < UIO_MAX ? a[2] : UIO_MAX;
	uint8_t *buf = malloc(n);
	int pager = uiomove_spec(st, a).error == 0 ? 0 : EINVAL;

	if (buf == NULL)
		return EP_SKIPPED;
	if (pager == 0 &&
	    st->nopages + ep_missing(st, a[0], atop(a[1]), copy_pages(st, a[1], a[2])) > EP_MAX_OPAGES) {
		free(buf);
		return EP_SKIPPED;
	}
	for (uint64_t i = 0; i < n; i++)
		buf[i] = fill(a, i);
	int error = ubc_uiomove(st->m, (uvmlab_obj_t)a[0], a[1], a[4] ? NULL : buf, (size_t)a[2],
				(int)a[3]);
	if (error == 0 && pager == 0) {
		uint64_t moved = moved_bytes(st, a);
		uiomove_check(st, a, buf, why, len);
		/* a read leaves the bytes past what its pages gave as they were */
		if (why[0] == '\0' && a[3] == UIO_READ && moved < n && buf[moved] != fill(a, moved))
			EP_FAIL(why, len, "a read wrote past the %" PRIu64 " bytes its pages hold", moved);
	}
	free(buf);
	return error;
}

/* ---- uvmlab_memlimit_set(bytes), uvmlab_memlimit_parse(text) ---- */

static void
limit_arg(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	const uint64_t limits[] = {PAGE_SIZE, st->memused, st->memused + PAGE_SIZE,
				   UVMLAB_MEMLIMIT_NONE};

	a[0] = ep_pick(p, limits, ARRAY_LEN(limits), UINT64_MAX);
}

static struct ep_verdict
limit_set_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	if (a[0] == 0)
		return REJECT_EINVAL;
	return a[0] < st->memused ? REJECT_EBUSY : VALID;
}

static int
limit_set_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	int error = uvmlab_memlimit_set(st->m, a[0]);

	(void)why;
	(void)len;
	if (error == 0)
		st->memlimit = a[0];
	return error;
}

/* RUMP_MEMLIMIT texts around the limits strtoll reads */
static const char *const limit_texts[] = {
	"0", "1", "4096", "-4096", " +8192", "12k", "k12", "", "9223372036854775807",
	"9223372036854775808", "-0", "0x1000",
};

static void
text_arg(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	(void)st;
	a[0] = producer_u64(p, 1) % ARRAY_LEN(limit_texts);
}

static struct ep_verdict
text_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	(void)st;
	/* the contract: what strtoll(text, NULL, 10) reads, into an unsigned
	 * long as the seed stores it, unless 0 */
	return strtoll(limit_texts[a[0]], NULL, 10) != 0 ? VALID : REJECT_EINVAL;
}

static int
text_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uint64_t v = 0;
	int error = uvmlab_memlimit_parse(limit_texts[a[0]], &v);

	(void)st;
	if (error == 0 && v != (uint64_t)strtoll(limit_texts[a[0]], NULL, 10))
		EP_FAIL(why, len, "\"%s\" reads as %" PRIu64, limit_texts[a[0]], v);
	return error;
}

const struct ep_call ep_ubc_alloc = {"ubc_alloc", {"obj", "off", "len", "flags", "null"},
				     EP_LOGGED | EP_ENOMEM_CHANGES_NOTHING, ubc_alloc_args,
				     ubc_alloc_spec, ubc_alloc_call};
const struct ep_call ep_ubc_release = {"ubc_release", {"va"}, EP_LOGGED, ubc_release_args,
				       ubc_release_spec, ubc_release_call};
const struct ep_call ep_ubc_uiomove = {"ubc_uiomove",
				       {"obj", "off", "len", "rw", "null", "byte"},
				       EP_LOGGED | EP_ENOMEM_CHANGES_NOTHING, uiomove_args,
				       uiomove_spec, uiomove_call};
const struct ep_call ep_memlimit_set = {"uvmlab_memlimit_set", {"bytes"}, 0, limit_arg,
					limit_set_spec, limit_set_call};
const struct ep_call ep_memlimit_parse = {"uvmlab_memlimit_parse", {"text"}, EP_READ_ONLY,
					  text_arg, text_spec, text_call};
