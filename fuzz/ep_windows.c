/*
 * bad_input's entry points of the pager map-in windows (entry_points.h):
 * uvm_pagermapin, uvm_pagermapout, uvm_pageratop and the window byte
 * accessors.  Besides each error, the bytes are specified: a new window
 * holds its pages' bytes, and map-out puts a read window's bytes into
 * its pages and leaves any other window's pages as they were.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "entry_points.h"

#define MAPIN_PFNS 4 /* uvm_pagermapin's explicit pfns: a[3..6] */
#define VA_BYTES ptoa(UVMLAB_PAGER_VA_PAGES)


/* ---- uvm_pagermapin(npages, flags, null, pfn0..pfn3) ---- */

/* The pages a call maps: the explicit pfns first, then the record's
 * other busy pages in its order, then pfn0 again (a repeat) for as long
 * as it takes: so a count one past the busy pages is the first invalid
 * one.  Returns the count, 0 outside 1..UVMLAB_PAGER_VA_PAGES. */
static int
mapin_pages(const struct ep_state *st, const uint64_t a[EP_ARGS], uvmlab_pfn_t *pgs)
{
	int n = (int)a[0], k = 0;

	if (n < 1 || n > UVMLAB_PAGER_VA_PAGES)
		return 0;
	for (; k < n && k < MAPIN_PFNS; k++)
		pgs[k] = (uvmlab_pfn_t)a[3 + k];
	for (unsigned i = 0; i < st->nopages && k < n; i++) {
		bool named = false;
		for (int j = 0; j < MAPIN_PFNS && j < (int)a[0]; j++)
			named |= a[3 + j] == st->opages[i].pfn;
		if ((st->opages[i].flags & PG_BUSY) && !named)
			pgs[k++] = st->opages[i].pfn;
	}
	while (k < n)
		pgs[k++] = (uvmlab_pfn_t)a[3];
	return n;
}

static unsigned
busy_pages(const struct ep_state *st, uint64_t *pfns)
{
	unsigned n = 0;

	for (unsigned i = 0; i < st->nopages; i++) {
		if (st->opages[i].flags & PG_BUSY)
			pfns[n++] = st->opages[i].pfn;
	}
	return n;
}

/* Distinct busy pages with a valid count and flags (one call in two),
 * with at most one argument moved to a limit; or every one at a limit. */
static void
mapin_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	uint64_t busy[EP_MAX_OPAGES];
	unsigned nbusy = busy_pages(st, busy);
	uint8_t sel = (uint8_t)producer_u64(p, 1), fl = (uint8_t)producer_u64(p, 1);
	const uint64_t counts[] = {nbusy, UVMLAB_PAGER_VA_PAGES};
	const uint64_t flags[] = {UVMPAGER_MAPIN_READ | UVMPAGER_MAPIN_WAITOK, (uint64_t)INT_MIN};
	uint64_t pick[EP_ARGS] = {ep_as_int(ep_pick(p, counts, ARRAY_LEN(counts), 511)),
				  ep_as_int(ep_pick(p, flags, ARRAY_LEN(flags), UINT32_MAX)),
				  1 + (sel & 1)};
	uint64_t valid[EP_ARGS] = {nbusy == 0 ? 1 : 1 + sel % nbusy, fl & 3, 0};

	for (unsigned i = 0; i < MAPIN_PFNS; i++) {
		pick[3 + i] = ep_pick_opfn(p, st);
		valid[3 + i] = i < nbusy ? busy[(sel + i) % nbusy] : pick[3 + i];
	}
	ep_compose(p, a, valid, pick, EP_ARGS);
}

static struct ep_verdict
mapin_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	uvmlab_pfn_t pgs[UVMLAB_PAGER_VA_PAGES];
	int n = mapin_pages(st, a, pgs);

	if (a[2] != 0 || n == 0 ||
	    ((int)a[1] & ~(UVMPAGER_MAPIN_WAITOK | UVMPAGER_MAPIN_READ)) != 0)
		return REJECT_EINVAL;
	for (int i = 0; i < n; i++) {
		const struct ep_opage *op = ep_opage_of(st, pgs[i]);
		if (op == NULL || !(op->flags & PG_BUSY))
			return REJECT_EINVAL;
		for (int j = 0; j < i; j++) {
			if (pgs[j] == pgs[i])
				return REJECT_EINVAL;
		}
	}
	if (ep_win_space(st, (uint64_t)n) == 0)
		return NO_ROOM;
	return VALID;
}

static int
mapin_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	uvmlab_pfn_t pgs[UVMLAB_PAGER_VA_PAGES];
	int n = mapin_pages(st, a, pgs);
	vaddr_t kva = 0, want = ep_win_space(st, (uint64_t)n);

	if (mapin_spec(st, a).error == 0 && st->nwins == EP_MAX_WINS)
		return EP_SKIPPED;
	int error = uvm_pagermapin(st->m, (a[2] & 1) ? NULL : pgs, (int)a[0], (int)a[1],
				   (a[2] & 2) ? NULL : &kva);
	if (error != 0)
		return error;
	const uint8_t *bytes = uvmlab_window_bytes(st->m, kva);
	if (kva != want || bytes == NULL) {
		EP_FAIL(why, len, "the window is at %#" PRIx64 ", the lowest free one is %#" PRIx64,
			kva, want);
		return error;
	}
	struct ep_win *w = &st->wins[st->nwins++];
	*w = (struct ep_win){kva, (uint32_t)n, ((int)a[1] & UVMPAGER_MAPIN_READ) != 0, {0}};
	for (int i = 0; i < n; i++) {
		w->pfns[i] = pgs[i];
		if (memcmp(bytes + ptoa(i), uvmlab_page_bytes(st->m, pgs[i]), PAGE_SIZE) != 0) {
			EP_FAIL(why, len, "window page %d does not hold the bytes of page %" PRIu32, i,
				pgs[i]);
			break;
		}
	}
	return error;
}

/* ---- uvm_pagermapout(kva, npages) ---- */

static void
mapout_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	const struct ep_win *w = ep_nth_win(st, (unsigned)producer_u64(p, 1));
	const uint64_t counts[] = {w ? w->npages : 1, UVMLAB_PAGER_VA_PAGES};
	const uint64_t pick[2] = {ep_pick_va(p, st),
				  ep_as_int(ep_pick(p, counts, ARRAY_LEN(counts), UINT32_MAX))};
	const uint64_t valid[2] = {w ? w->kva : pick[0], w ? w->npages : pick[1]};

	ep_compose(p, a, valid, pick, 2);
}

static struct ep_verdict
mapout_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	const struct ep_win *w = ep_win_at(st, a[0]);

	return w == NULL || w->kva != a[0] || (int)a[1] != (int)w->npages ? REJECT_EINVAL : VALID;
}

/* What map-out must leave in window w's pages: the window's bytes if it
 * was mapped for reading, else the pages' own.  NULL without memory. */
static uint8_t *
mapout_expected(const struct ep_state *st, const struct ep_win *w)
{
	uint8_t *want = malloc(ptoa(w->npages));
	const uint8_t *bytes = uvmlab_window_bytes(st->m, w->kva);

	for (uint32_t i = 0; want != NULL && i < w->npages; i++)
		memcpy(want + ptoa(i),
		       w->read && bytes ? bytes + ptoa(i) : uvmlab_page_bytes(st->m, w->pfns[i]),
		       PAGE_SIZE);
	return want;
}

static int
mapout_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	struct ep_win *w = mapout_spec(st, a).error == 0 ? ep_win_at(st, a[0]) : NULL;
	uint8_t *want = w != NULL ? mapout_expected(st, w) : NULL;

	if (w != NULL && want == NULL)
		return EP_SKIPPED;
	int error = uvm_pagermapout(st->m, a[0], (int)a[1]);
	for (uint32_t i = 0; error == 0 && w != NULL && i < w->npages; i++) {
		if (memcmp(uvmlab_page_bytes(st->m, w->pfns[i]), want + ptoa(i), PAGE_SIZE) != 0) {
			EP_FAIL(why, len, "after map-out of a %s window, page %" PRIu32 " does not "
					  "hold %s", w->read ? "read" : "write", w->pfns[i],
				w->read ? "the window's bytes" : "its own bytes");
			break;
		}
	}
	if (error == 0 && w != NULL)
		*w = st->wins[--st->nwins];
	free(want);
	return error;
}

/* ---- uvm_pageratop(va) ---- */

static void
address_arg(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	a[0] = ep_pick_va(p, st);
}

static int
ratop_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	const struct ep_win *w = ep_win_at(st, a[0]);
	uvmlab_pfn_t pfn, want = w ? w->pfns[atop(a[0] - w->kva)] : UVMLAB_NO_PAGE;

	uvm_pageratop(st->m, a[0], &pfn);
	if (pfn != want)
		EP_FAIL(why, len, "address %#" PRIx64 " is page %" PRIu32 ", the record says %" PRIu32,
			a[0], pfn, want);
	return 0;
}

/* ---- uvmlab_window_write(va, len, null, byte), uvmlab_window_read(va, len, null) ---- */

static void
window_io_args(struct producer *p, const struct ep_state *st, uint64_t a[EP_ARGS])
{
	const struct ep_win *w = ep_nth_win(st, (unsigned)producer_u64(p, 1));
	uint64_t size = w ? ptoa(w->npages) : PAGE_SIZE, at = producer_u64(p, 3) % size;
	uint64_t pick[4] = {ep_pick_va(p, st)};
	const struct ep_win *pw = ep_win_at(st, pick[0]);
	const uint64_t lens[] = {pw ? pw->kva + ptoa(pw->npages) - pick[0] : PAGE_SIZE, PAGE_SIZE};
	pick[1] = ep_pick(p, lens, ARRAY_LEN(lens), UINT64_MAX);
	pick[2] = 1;
	pick[3] = producer_u64(p, 1);
	uint64_t rest = size - at, len = 1 + producer_u64(p, 2) % rest;
	const uint64_t valid[4] = {w ? w->kva + at : pick[0], producer_u64(p, 1) & 1 ? rest : len,
				   0, pick[3]};

	ep_compose(p, a, valid, pick, 4);
}

static struct ep_verdict
window_io_spec(const struct ep_state *st, const uint64_t a[EP_ARGS])
{
	const struct ep_win *w = ep_win_at(st, a[0]);

	if (w == NULL || a[1] == 0 || a[1] > ptoa(w->npages) - (a[0] - w->kva) || a[2] != 0)
		return REJECT_EINVAL;
	return VALID;
}

/* A buffer for len bytes, at most the window space's (a longer len is
 * never valid, and a core that took it would read or write past the
 * buffer, for the sanitizers to see). */
static uint8_t *
io_buffer(uint64_t len, uint8_t byte)
{
	size_t n = len < VA_BYTES ? (size_t)len : VA_BYTES;
	uint8_t *buf = malloc(n ? n : 1);

	if (buf != NULL)
		memset(buf, byte, n);
	return buf;
}

/* A write (the record's byte, a[3]) or a read of the window bytes at a[0];
 * after it, the window's bytes there and the buffer must agree. */
static int
window_io(struct ep_state *st, const uint64_t a[EP_ARGS], bool write, char *why, size_t len)
{
	uint8_t *buf = io_buffer(a[1], write ? (uint8_t)a[3] : 0);
	int error;

	if (buf == NULL)
		return EP_SKIPPED;
	if (write)
		error = uvmlab_window_write(st->m, a[0], a[2] ? NULL : buf, (size_t)a[1]);
	else
		error = uvmlab_window_read(st->m, a[0], a[2] ? NULL : buf, (size_t)a[1]);
	if (error == 0) {
		const struct ep_win *w = ep_win_at(st, a[0]);
		const uint8_t *bytes = uvmlab_window_bytes(st->m, w->kva);
		if (bytes == NULL || memcmp(bytes + (a[0] - w->kva), buf, (size_t)a[1]) != 0)
			EP_FAIL(why, len, write ? "the window does not hold the bytes written"
						: "the bytes read are not the window's");
	}
	free(buf);
	return error;
}

static int
window_write_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	return window_io(st, a, true, why, len);
}

static int
window_read_call(struct ep_state *st, const uint64_t a[EP_ARGS], char *why, size_t len)
{
	return window_io(st, a, false, why, len);
}

const struct ep_call ep_pagermapin = {
	"uvm_pagermapin", {"npages", "flags", "null", "pfn0", "pfn1", "pfn2", "pfn3"},
	EP_LOGGED | EP_ENOMEM_CHANGES_NOTHING, mapin_args, mapin_spec, mapin_call};
const struct ep_call ep_pagermapout = {"uvm_pagermapout", {"kva", "npages"}, EP_LOGGED,
				       mapout_args, mapout_spec, mapout_call};
const struct ep_call ep_pageratop = {"uvm_pageratop", {"va"}, EP_READ_ONLY,
				     address_arg, ep_always_valid, ratop_call};
const struct ep_call ep_window_write = {"uvmlab_window_write", {"va", "len", "null", "byte"}, 0,
					window_io_args, window_io_spec, window_write_call};
const struct ep_call ep_window_read = {"uvmlab_window_read", {"va", "len", "null"}, EP_READ_ONLY,
				       window_io_args, window_io_spec, window_read_call};
