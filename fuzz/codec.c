/*
 * The binary codec; the format is described in codec.h.  Decoding and
 * encoding walk the same operation table, one codec per field, so the
 * two cannot disagree about which bytes mean what.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "codec.h"

static const unsigned codec_bytes[] = {
	[FC_HOLDER_NEW] = 1,	[FC_HOLDER_LIVE] = 1, [FC_HOLDER_OBJECT] = 1, [FC_HOLDER_WINDOW] = 1,
	[FC_PAGES] = 1,		[FC_PFN_ADDR] = 2,    [FC_PFN_OR_NONE] = 2,   [FC_ALIGN] = 1,
	[FC_BOUNDARY] = 1,	[FC_BYTE] = 1,	      [FC_BIT] = 1,	      [FC_FREELIST] = 1,
	[FC_ALLOCATED] = 3,	[FC_COUNT] = 1,	      [FC_OBJ_PAGES] = 1,
	[FC_PGO] = 1,		[FC_PAGE_BYTE] = 2,   [FC_WORD] = 2,	      [FC_OBJ_PAGE] = 1,
	[FC_FEW] = 1,		[FC_OWN_OR_BYTE] = 1, [FC_WIN_BYTE] = 2,
	[FC_HOLDER_KOBJ] = 1,	[FC_HOLDER_KVA] = 1,  [FC_HOLDER_POOL] = 1,   [FC_HOLDER_ITEM] = 1,
	[FC_HOLDER_UBC] = 1,	[FC_KM_PAGES] = 1,    [FC_MAP] = 1,	      [FC_RANGE_PAGE] = 1,
	[FC_KERNEL_PAGE] = 2,	[FC_ITEM_SIZE] = 1,   [FC_MEMLIMIT] = 1,      [FC_SPAN] = 2,
};

/* The resident pages' offsets (in pages) of object h, in memq order,
 * up to 128; returns how many. */
static size_t
object_offsets(const struct holder *h, const struct session *s, uint64_t out[128])
{
	uvmlab_pfn_t pfns[128];
	size_t n = h == NULL ? 0 : uvmlab_obj_pages(s->m, h->obj, pfns, 128);

	n = n < 128 ? n : 128;
	for (size_t k = 0; k < n; k++) {
		voff_t off;
		uvmlab_page_object(s->m, pfns[k], NULL, &off);
		out[k] = atop(off);
	}
	return n;
}

/* The holder kind a live-holder codec picks from. */
static enum holder_kind
live_kind(enum field_codec c)
{
	switch (c) {
	case FC_HOLDER_OBJECT:
		return HOLDER_OBJECT;
	case FC_HOLDER_WINDOW:
		return HOLDER_WINDOW;
	case FC_HOLDER_KVA:
		return HOLDER_KVA;
	case FC_HOLDER_POOL:
		return HOLDER_POOL;
	case FC_HOLDER_ITEM:
		return HOLDER_ITEM;
	case FC_HOLDER_UBC:
		return HOLDER_UBC;
	default:
		return HOLDER_LIST;
	}
}

/* The holder named by the op's field with codec c (FC_HOLDER_OBJECT or
 * FC_HOLDER_WINDOW), if it holds that kind of thing; else NULL. */
static const struct holder *
op_holder(const struct op *op, const struct session *s, enum field_codec c)
{
	const struct op_desc *d = op_table[op->code];

	for (unsigned i = 0; i < d->nfields; i++) {
		if (d->fields[i].codec == c) {
			const struct holder *h = session_find(s, op_name_const(op, &d->fields[i]));
			return h != NULL && h->kind == live_kind(c) ? h : NULL;
		}
	}
	return NULL;
}

/* The names a binary input gives, then the kernel's objects' (picked,
 * once they exist, as objects, after a-h). */
static const char *const holder_names[CODEC_NAMES + 2] = {"a", "b", "c", "d", "e", "f",
							  "g", "h", HOLDER_KERNEL, HOLDER_KMEM};

/* The holder of the op's kernel map range (FC_HOLDER_KVA), or NULL. */
static const struct holder *
op_range(const struct op *op, const struct session *s)
{
	return op_holder(op, s, FC_HOLDER_KVA);
}

/* The kernel object's page offset of the k-th page of the live ranges
 * (holders a-h in order); *n their pages in all.  UINT64_MAX past them. */
static uint64_t
range_page(const struct session *s, uint64_t k, uint64_t *n)
{
	uint64_t off = UINT64_MAX;

	*n = 0;
	for (unsigned i = 0; i < CODEC_NAMES; i++) {
		const struct holder *h = session_find(s, holder_names[i]);
		if (h == NULL || h->kind != HOLDER_KVA)
			continue;
		if (k >= *n && k < *n + h->npages)
			off = atop(h->kva - UVMLAB_KVA_START) + (k - *n);
		*n += h->npages;
	}
	return off;
}

/* The bytes of the op's window, or 0. */
static uint64_t
op_window_bytes(const struct op *op, const struct session *s)
{
	const struct holder *h = op_holder(op, s, FC_HOLDER_WINDOW);
	return h != NULL ? ptoa(h->npages) : 0;
}


const char *
codec_holder_name(unsigned i)
{
	return holder_names[i % CODEC_NAMES];
}

static int
holder_index(const char *name)
{
	for (int i = 0; i < CODEC_NAMES; i++) {
		if (strcmp(name, holder_names[i]) == 0)
			return i;
	}
	return -1;
}

/* A large segment's length byte: a mantissa of 1-32 (low 5 bits) times
 * 2 << exponent (high 3 bits), so lengths up to 8 Ki pages are spread
 * evenly on a log scale and most large inputs stay cheap. */
static uvmlab_pfn_t
large_length(uint8_t b)
{
	return ((uvmlab_pfn_t)(b & 31) + 1) << (1 + (b >> 5));
}

/* The length byte of a large segment of len pages, or -1 if none. */
static int
large_length_byte(uint64_t len)
{
	for (unsigned e = 0; e < 8; e++) {
		uint64_t unit = (uint64_t)2 << e;
		if (len % unit == 0 && len / unit >= 1 && len / unit <= 32)
			return (int)((e << 5) | (len / unit - 1));
	}
	return -1;
}

bool
codec_decode_header(struct producer *p, struct scenario *sc)
{
	uint8_t h[CODEC_HEADER_BYTES];
	struct uvmlab_params *pr = &sc->params;

	producer_take(p, h, sizeof(h));
	if (h[0] != CODEC_VERSION)
		return false;
	unsigned code = h[1] & 7;
	pr->strategy = code < UVMLAB_STRAT_COUNT ? (enum uvmlab_strategy)code : UVMLAB_STRAT_FIXED;
	sc->nsegs = 1 + ((h[1] >> 3) & 3);
	bool large = (h[1] >> 5) == 7;
	pr->reserve_pagedaemon = h[2] & 3;
	pr->reserve_kernel = (h[2] >> 2) & 7;
	pr->ncolors = 1u << (h[3] & 3);
	pr->nbuckets = 1 + ((h[3] >> 2) & 1);
	pr->nfreelists = 1 + ((h[3] >> 3) & 3);

	uvmlab_pfn_t end = 0;
	for (unsigned i = 0; i < sc->nsegs; i++) {
		const uint8_t *s = &h[4 + 4 * i];
		bool big = large && i == 0;
		uvmlab_pfn_t start = end + s[0] * (big ? CODEC_LARGE_GAP_UNIT : 1);
		uvmlab_pfn_t len = big ? large_length(s[1]) : (uvmlab_pfn_t)s[1] + 1;
		uvmlab_pfn_t lo = s[2] & 15, hi = s[2] >> 4;
		if (lo + hi >= len)
			lo = hi = 0;
		end = start + len;
		sc->segs[i] = (struct seg_spec){start,
						end,
						start + lo,
						end - hi,
						(s[3] & 15) % pr->nfreelists,
						(unsigned)(s[3] >> 4) % pr->nbuckets,
						0};
	}
	if (h[20] != 0)
		pr->kva_pages = h[20];
	pr->memlimit = h[21] == 0 ? UVMLAB_MEMLIMIT_NONE : ptoa(h[21]);
	return true;
}

static int
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int
log2_exact(uint64_t v)
{
	if (v == 0 || (v & (v - 1)) != 0)
		return -1;
	return __builtin_ctzll(v);
}

int
codec_encode_header(const struct scenario *sc, uint8_t out[CODEC_HEADER_BYTES], char *err,
		    size_t errlen)
{
	const struct uvmlab_params *p = &sc->params;
	int lc = log2_exact(p->ncolors);

	memset(out, 0, CODEC_HEADER_BYTES);
	if (sc->nsegs < 1 || sc->nsegs > CODEC_MAX_SEGS || p->reserve_pagedaemon > 3 ||
	    p->reserve_kernel > 7 || lc < 0 || lc > 3 || p->nbuckets > 2 || p->nfreelists > 4)
		return fail(err, errlen,
			    "layout has no binary form: 1-4 segments, reserves <= 3 and 7, "
			    "colours <= 8, buckets <= 2, free lists <= 4");
	struct uvmlab_params dflt;
	uvmlab_params_default(&dflt);
	if ((p->kva_pages != dflt.kva_pages && p->kva_pages > 255) ||
	    (p->memlimit != UVMLAB_MEMLIMIT_NONE &&
	     (p->memlimit % PAGE_SIZE != 0 || atop(p->memlimit) > 255)))
		return fail(err, errlen,
			    "layout has no binary form: kernel pages the default or 1-255, a "
			    "memory limit none or 1-255 pages");
	out[0] = CODEC_VERSION;
	out[1] = (uint8_t)(p->strategy | ((sc->nsegs - 1) << 3));
	out[20] = p->kva_pages == dflt.kva_pages ? 0 : (uint8_t)p->kva_pages;
	out[21] = p->memlimit == UVMLAB_MEMLIMIT_NONE ? 0 : (uint8_t)atop(p->memlimit);
	out[2] = (uint8_t)(p->reserve_pagedaemon | (p->reserve_kernel << 2));
	out[3] = (uint8_t)(lc | ((p->nbuckets - 1) << 2) | ((p->nfreelists - 1) << 3));

	/* the header lists segments by address: take them in that order */
	uvmlab_pfn_t end = 0;
	bool used[SCENARIO_MAX_SEGS] = {false};
	for (unsigned i = 0; i < sc->nsegs; i++) {
		unsigned best = 0;
		bool found = false;
		for (unsigned j = 0; j < sc->nsegs; j++) {
			if (!used[j] && (!found || sc->segs[j].start < sc->segs[best].start)) {
				best = j;
				found = true;
			}
		}
		used[best] = true;
		const struct seg_spec *s = &sc->segs[best];
		uint64_t len = (uint64_t)s->end - s->start, lo = s->avail_start - s->start,
			 hi = s->end - s->avail_end, gap = s->start - end;
		int len_byte = (int)len - 1;
		/* the first segment is large when it cannot be small */
		if (i == 0 && s->start >= end && (gap > 255 || len > 256)) {
			out[1] |= 7 << 5;
			len_byte = large_length_byte(len);
			if (gap % CODEC_LARGE_GAP_UNIT != 0 || len_byte < 0)
				return fail(err, errlen,
					    "line %u: a large segment starts at a multiple of %d "
					    "pages and spans 1-32 times 2 << 0-7 pages",
					    s->line, CODEC_LARGE_GAP_UNIT);
			gap /= CODEC_LARGE_GAP_UNIT;
		}
		if (s->start < end || gap > 255 || s->end <= s->start || len_byte > 255 ||
		    s->avail_start < s->start || s->avail_end > s->end || lo > 15 || hi > 15 ||
		    (lo + hi >= (uint64_t)s->end - s->start && lo + hi > 0) || s->freelist > 15 || s->bucket > 15)
			return fail(err, errlen,
				    "line %u: segment has no binary form: at most 255 pfns after "
				    "the previous one, 1-256 pages (the lowest segment: or up to "
				    "8 Ki), avail trimmed by at most 15",
				    s->line);
		uint8_t *b = &out[4 + 4 * i];
		b[0] = (uint8_t)gap;
		b[1] = (uint8_t)len_byte;
		b[2] = (uint8_t)(lo | (hi << 4));
		b[3] = (uint8_t)(s->freelist | (s->bucket << 4));
		end = s->end;
	}
	return 0;
}

/* The pfns the session's machine has allocated, in ascending order, are
 * counted and indexed by walking its segments. */
static bool
allocated(const struct session *s, uvmlab_pfn_t pfn)
{
	enum uvmlab_page_state st = uvmlab_page_state(s->m, pfn, NULL);
	return st == UVMLAB_PAGE_SINGLE || st == UVMLAB_PAGE_LISTED;
}

static uint64_t
live_holders(const struct session *s, enum holder_kind k, unsigned *which)
{
	uint64_t n = 0;
	for (unsigned i = 0; i < CODEC_NAMES + (k == HOLDER_OBJECT ? 2 : 0); i++) {
		if (session_holds_kind(s, holder_names[i], k))
			which[n++] = i;
	}
	return n;
}

static bool
decode_field(const struct field_desc *f, uint64_t v, const struct session *s, struct op *op)
{
	uint64_t *slot = &op->slot[f->slot];
	unsigned live[CODEC_NAMES + 2];
	uint64_t n;

	switch (f->codec) {
	case FC_HOLDER_NEW:
		for (unsigned k = 0; k < CODEC_NAMES; k++) {
			const char *name = holder_names[(v + k) % CODEC_NAMES];
			if (!session_holds(s, name)) {
				name_copy(op_name(op, f), name);
				return true;
			}
		}
		return false;
	case FC_HOLDER_LIVE:
	case FC_HOLDER_OBJECT:
	case FC_HOLDER_WINDOW:
	case FC_HOLDER_KVA:
	case FC_HOLDER_POOL:
	case FC_HOLDER_ITEM:
	case FC_HOLDER_UBC:
		if ((n = live_holders(s, live_kind(f->codec), live)) == 0)
			return false;
		name_copy(op_name(op, f), holder_names[live[v % n]]);
		return true;
	case FC_PAGES:
		*slot = ptoa(v + 1);
		return true;
	case FC_PFN_ADDR:
		*slot = ptoa(v);
		return true;
	case FC_PFN_OR_NONE:
		*slot = v == 0 ? OP_NO_HIGH : ptoa(v);
		return true;
	case FC_ALIGN:
		*slot = PAGE_SIZE << (v % 16);
		return true;
	case FC_BOUNDARY:
		*slot = v == 0 ? 0 : PAGE_SIZE << ((v - 1) % 16);
		return true;
	case FC_BYTE:
		*slot = v;
		return true;
	case FC_BIT:
		*slot = v & 1;
		return true;
	case FC_FREELIST:
		*slot = v == 0 ? OP_ANY_FREELIST
			       : (v - 1) % uvmlab_machine_params(s->m)->nfreelists;
		return true;
	case FC_ALLOCATED: {
		uvmlab_pfn_t first = 0;
		n = uvmlab_nth_allocated(s->m, UINT64_MAX, &first);
		if (n == 0)
			return false;
		uvmlab_nth_allocated(s->m, (v & 0xffff) % n, &first);
		uvmlab_pfn_t last = first;
		while (last - first < (v >> 16) % 16 && allocated(s, last + 1))
			last++;
		op->slot[f->slot] = first;
		op->slot[f->slot + 1] = last;
		return true;
	}
	case FC_OBJ_PAGE: {
		uint64_t offs[128];
		const struct holder *h = op_holder(op, s, FC_HOLDER_OBJECT);
		n = v < 128 ? object_offsets(h, s, offs) : 0;
		*slot = n > 0 ? offs[v % n] : (v & 127) % (h != NULL ? h->obj_pages + 1 : 128);
		return true;
	}
	case FC_FEW:
		*slot = v < 128 ? 1 : 1 + (v & 15);
		return true;
	case FC_OWN_OR_BYTE:
		*slot = v < 128 ? 0 : v & 127;
		return true;
	case FC_WIN_BYTE:
		*slot = v < 0x8000 ? v % (op_window_bytes(op, s) + 1) : v & 0x7fff;
		return true;
	case FC_COUNT:
		*slot = 1 + (v & 15);
		return true;
	case FC_HOLDER_KOBJ:
		name_copy(op_name(op, f), v >= 224 ? HOLDER_KMEM : HOLDER_KERNEL);
		return true;
	case FC_KM_PAGES:
		*slot = v < 224 ? 1 + (v & 15) : (uint64_t)64 << (v & 7);
		return true;
	case FC_MAP:
		*slot = v < 240 ? 0 : 1 + (v & 3);
		return true;
	case FC_RANGE_PAGE: {
		const struct holder *h = op_range(op, s);
		*slot = v % (h != NULL ? h->npages + 1 : 1);
		return true;
	}
	case FC_KERNEL_PAGE:
		range_page(s, 0, &n);
		*slot = v < 0xe000 && n > 0 ? range_page(s, v % n, &n) : v & 0x3ff;
		return true;
	case FC_ITEM_SIZE:
		*slot = v < 128 ? (uint64_t)16 << (v % 9) : (v & 127) * 32;
		return true;
	case FC_MEMLIMIT:
		*slot = v == 255 ? UVMLAB_MEMLIMIT_NONE : ptoa(v);
		return true;
	case FC_SPAN:
		*slot = v % (ptoa(4) + 1);
		return true;
	case FC_OBJ_PAGES:
		*slot = 1 + (v & 63);
		return true;
	case FC_PGO:
		*slot = v & 0x1f;
		return true;
	case FC_PAGE_BYTE:
		*slot = v % (PAGE_SIZE + 1);
		return true;
	case FC_WORD:
		*slot = v;
		return true;
	}
	return false;
}

static uint64_t
read_le(const uint8_t *b, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)b[i] << (8 * i);
	return v;
}

/* The operation of this wire code, or OP_COUNT.  A switch, so that
 * the fuzzers' comparison tracing hands them every code. */
static enum op_code
by_wire(unsigned wire)
{
	switch (wire) {
#define OP_CASE(tail, name, code) \
	case code:                \
		return OP_##tail;
		OP_LIST(OP_CASE)
#undef OP_CASE
	}
	return OP_COUNT;
}

bool
codec_decode_op(const uint8_t rec[CODEC_RECORD_BYTES], const struct session *s, struct op *op)
{
	bool escaped = (rec[0] & 31u) == CODEC_ESCAPE;
	enum op_code code = by_wire(escaped ? CODEC_ESCAPE + 1u + rec[1] : rec[0] & 31u);
	unsigned at = escaped ? 2 : 1;

	if (code == OP_COUNT)
		return false;
	const struct op_desc *d = op_table[code];
	op_set_defaults(op, code);
	for (unsigned i = 0; i < d->nfields; i++) {
		const struct field_desc *f = &d->fields[i];
		if (!decode_field(f, read_le(rec + at, codec_bytes[f->codec]), s, op))
			return false;
		at += codec_bytes[f->codec];
	}
	return true;
}

/* The byte value that decodes to the field's value, or -1. */
static int64_t
encode_field(const struct field_desc *f, const struct op *op, const struct session *s)
{
	uint64_t x = op->slot[f->slot];
	unsigned live[CODEC_NAMES + 2];
	int k;

	switch (f->codec) {
	case FC_HOLDER_NEW:
		k = holder_index(op_name_const(op, f));
		return k < 0 || session_holds(s, op_name_const(op, f)) ? -1 : k;
	case FC_HOLDER_LIVE:
	case FC_HOLDER_OBJECT:
	case FC_HOLDER_WINDOW:
	case FC_HOLDER_KVA:
	case FC_HOLDER_POOL:
	case FC_HOLDER_ITEM:
	case FC_HOLDER_UBC:
		for (uint64_t i = 0, n = live_holders(s, live_kind(f->codec), live); i < n; i++) {
			if (strcmp(holder_names[live[i]], op_name_const(op, f)) == 0)
				return (int64_t)i;
		}
		return -1;
	case FC_PAGES:
		return x % PAGE_SIZE == 0 && x >= PAGE_SIZE && x <= ptoa(256) ? (int64_t)atop(x) - 1
									       : -1;
	case FC_PFN_ADDR:
		return x % PAGE_SIZE == 0 && atop(x) <= 0xffff ? (int64_t)atop(x) : -1;
	case FC_PFN_OR_NONE:
		if (x == OP_NO_HIGH)
			return 0;
		return x % PAGE_SIZE == 0 && x > 0 && atop(x) <= 0xffff ? (int64_t)atop(x) : -1;
	case FC_ALIGN:
		k = log2_exact(x);
		return k >= PAGE_SHIFT && k < PAGE_SHIFT + 16 ? k - PAGE_SHIFT : -1;
	case FC_BOUNDARY:
		if (x == 0)
			return 0;
		k = log2_exact(x);
		return k >= PAGE_SHIFT && k < PAGE_SHIFT + 16 ? k - PAGE_SHIFT + 1 : -1;
	case FC_BYTE:
		return x <= 255 ? (int64_t)x : -1;
	case FC_BIT:
		return x <= 1 ? (int64_t)x : -1;
	case FC_FREELIST:
		if (x == OP_ANY_FREELIST)
			return 0;
		return x < uvmlab_machine_params(s->m)->nfreelists ? (int64_t)x + 1 : -1;
	case FC_ALLOCATED: {
		uint64_t first = op->slot[f->slot], last = op->slot[f->slot + 1];
		if (first > UINT32_MAX || last < first || last - first > 15 ||
		    !allocated(s, (uvmlab_pfn_t)first))
			return -1;
		for (uint64_t p = first; p <= last; p++) {
			if (!allocated(s, (uvmlab_pfn_t)p))
				return -1;
		}
		/* its index among allocated pfns */
		uvmlab_pfn_t pfn = 0;
		uint64_t idx = 0, n = uvmlab_nth_allocated(s->m, UINT64_MAX, &pfn);
		for (; idx < n; idx++) {
			uvmlab_nth_allocated(s->m, idx, &pfn);
			if (pfn == first)
				break;
		}
		/* a longer run decodes to the same range only if it ends there */
		return idx > 0xffff ? -1 : (int64_t)(idx | ((last - first) << 16));
	}
	case FC_OBJ_PAGE: {
		uint64_t offs[128];
		const struct holder *h = op_holder(op, s, FC_HOLDER_OBJECT);
		size_t n = object_offsets(h, s, offs);
		for (size_t i = 0; i < n; i++) {
			if (offs[i] == x)
				return (int64_t)i;
		}
		uint64_t mod = h != NULL ? h->obj_pages + 1 : 128;
		return x < 128 && x < mod ? (int64_t)(0x80 | x) : -1;
	}
	case FC_FEW:
		return x == 1 ? 0 : x >= 1 && x <= 16 ? (int64_t)(0x80 | (x - 1)) : -1;
	case FC_OWN_OR_BYTE:
		return x == 0 ? 0 : x <= 127 ? (int64_t)(0x80 | x) : -1;
	case FC_WIN_BYTE:
		if (x <= op_window_bytes(op, s) && x < 0x8000)
			return (int64_t)x;
		return x < 0x8000 ? (int64_t)(0x8000 | x) : -1;
	case FC_COUNT:
		return x >= 1 && x <= 16 ? (int64_t)x - 1 : -1;
	case FC_OBJ_PAGES:
		return x >= 1 && x <= 64 ? (int64_t)x - 1 : -1;
	case FC_PGO:
		return x <= 0x1f ? (int64_t)x : -1;
	case FC_PAGE_BYTE:
		return x <= PAGE_SIZE ? (int64_t)x : -1;
	case FC_WORD:
		return x <= 0xffff ? (int64_t)x : -1;
	case FC_HOLDER_KOBJ:
		return strcmp(op_name_const(op, f), HOLDER_KERNEL) == 0 ? 0
		       : strcmp(op_name_const(op, f), HOLDER_KMEM) == 0 ? 224
									 : -1;
	case FC_KM_PAGES:
		if (x >= 1 && x <= 16)
			return (int64_t)x - 1;
		k = log2_exact(x);
		return k >= 6 && k <= 13 ? 224 + k - 6 : -1;
	case FC_MAP:
		return x == 0 ? 0 : x <= 4 ? (int64_t)(240 + x - 1) : -1;
	case FC_RANGE_PAGE: {
		const struct holder *h = op_range(op, s);
		return x <= (h != NULL ? h->npages : 0) && x <= 255 ? (int64_t)x : -1;
	}
	case FC_KERNEL_PAGE: {
		uint64_t n;
		range_page(s, 0, &n);
		for (uint64_t i = 0; i < n && i < 0xe000; i++) {
			if (range_page(s, i, &n) == x)
				return (int64_t)i;
		}
		return n == 0 && x < 0x400 ? (int64_t)x : x < 0x400 ? (int64_t)(0xe000 | x) : -1;
	}
	case FC_ITEM_SIZE:
		k = log2_exact(x);
		if (k >= 4 && k <= 12)
			return k - 4;
		return x % 32 == 0 && x / 32 <= 127 ? (int64_t)(128 | (x / 32)) : -1;
	case FC_MEMLIMIT:
		if (x == UVMLAB_MEMLIMIT_NONE)
			return 255;
		return x % PAGE_SIZE == 0 && atop(x) < 255 ? (int64_t)atop(x) : -1;
	case FC_SPAN:
		return x <= ptoa(4) ? (int64_t)x : -1;
	}
	return -1;
}

int
codec_encode_op(const struct op *op, const struct session *s, uint8_t rec[CODEC_RECORD_BYTES],
		char *err, size_t errlen)
{
	const struct op_desc *d = op_table[op->code];
	unsigned at = 1;

	memset(rec, 0, CODEC_RECORD_BYTES);
	rec[0] = op_wire[op->code];
	if (op_wire[op->code] > CODEC_ESCAPE) {
		rec[0] = CODEC_ESCAPE;
		rec[1] = (uint8_t)(op_wire[op->code] - CODEC_ESCAPE - 1);
		at = 2;
	}
	for (unsigned i = 0; i < d->nfields; i++) {
		const struct field_desc *f = &d->fields[i];
		int64_t v = encode_field(f, op, s);
		if (v < 0)
			return fail(err, errlen,
				    "line %u: %s: field %u has no binary form in this state "
				    "(names a-h, sizes 1-256 pages, pfns < 65536, a live or free "
				    "name as the operation needs, an allocated free range)",
				    op->line, d->name, i + 1);
		for (unsigned b = 0; b < codec_bytes[f->codec]; b++)
			rec[at + b] = (uint8_t)((uint64_t)v >> (8 * b));
		at += codec_bytes[f->codec];
	}
	return 0;
}
