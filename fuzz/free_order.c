/* The shadow's free-queue order and the fallback's replay; see free_order.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "free_order.h"
#include "rounding.h"

static unsigned
queue_of(const struct free_order *fo, unsigned fl, unsigned b, unsigned color)
{
	return (fl * fo->params.nbuckets + b) * fo->params.ncolors + color;
}

/* The arrays' slot of pfn, one of [base, top). */
static size_t
at(const struct free_order *fo, uvmlab_pfn_t pfn)
{
	return pfn - fo->base;
}

static const struct uvmlab_seginfo *
seg_of(const struct free_order *fo, uvmlab_pfn_t pfn)
{
	return &fo->segs[fo->seg[at(fo, pfn)]];
}

static unsigned
queue_of_pfn(const struct free_order *fo, uvmlab_pfn_t pfn)
{
	const struct uvmlab_seginfo *s = seg_of(fo, pfn);

	return queue_of(fo, s->freelist, s->bucket, pfn & (fo->params.ncolors - 1));
}

static size_t
nqueues(const struct free_order *fo)
{
	return (size_t)fo->params.nfreelists * fo->params.nbuckets * fo->params.ncolors;
}

/* fo's arrays, for its base, top and queues: 0 or ENOMEM (none made). */
static int
alloc_arrays(struct free_order *fo)
{
	size_t span = fo->top - fo->base + 1; /* one spare: never empty */

	fo->seg = malloc(span);
	fo->next = malloc(span * sizeof(*fo->next));
	fo->prev = malloc(span * sizeof(*fo->prev));
	fo->head = malloc(nqueues(fo) * sizeof(*fo->head));
	if (fo->seg == NULL || fo->next == NULL || fo->prev == NULL || fo->head == NULL) {
		free_order_fini(fo);
		return ENOMEM;
	}
	return 0;
}

int
free_order_init(struct free_order *fo, const struct uvm_machine *m, uvmlab_pfn_t base,
		uvmlab_pfn_t top)
{
	memset(fo, 0, sizeof(*fo));
	fo->base = base;
	fo->top = top;
	fo->params = *uvmlab_machine_params(m);
	fo->nsegs = uvmlab_nsegs(m);
	if (alloc_arrays(fo) != 0)
		return ENOMEM;
	for (size_t q = 0; q < nqueues(fo); q++)
		fo->head[q] = FREE_ORDER_NONE;
	/* boot frees each segment's avail pages in ascending order, segments
	 * in address order (uvmlab_seginfo's) */
	for (unsigned i = 0; i < fo->nsegs; i++) {
		uvmlab_seginfo(m, i, &fo->segs[i]);
		for (uvmlab_pfn_t p = fo->segs[i].start; p < fo->segs[i].end; p++)
			fo->seg[at(fo, p)] = (uint8_t)i;
		for (uvmlab_pfn_t p = fo->segs[i].avail_start; p < fo->segs[i].avail_end; p++)
			free_order_push(fo, p);
	}
	fo->dirty.any = false;
	return 0;
}

/* dst's arrays take src's n slots from `from`; the rest of dst is src's. */
static void
copy_over(struct free_order *dst, const struct free_order *src, size_t from, size_t n)
{
	uint8_t *seg = dst->seg;
	uint32_t *next = dst->next, *prev = dst->prev, *head = dst->head;

	*dst = *src;
	dst->seg = seg;
	dst->next = next;
	dst->prev = prev;
	dst->head = head;
	dst->dirty.any = false;
	memcpy(seg + from, src->seg + from, n);
	memcpy(next + from, src->next + from, n * sizeof(*next));
	memcpy(prev + from, src->prev + from, n * sizeof(*prev));
	memcpy(head, src->head, nqueues(src) * sizeof(*head));
}

int
free_order_copy(struct free_order *dst, const struct free_order *src)
{
	if (dst->seg == NULL) {
		dst->base = src->base;
		dst->top = src->top;
		dst->params = src->params;
		if (alloc_arrays(dst) != 0)
			return ENOMEM;
	}
	copy_over(dst, src, 0, src->top - src->base + 1);
	return 0;
}

void
free_order_restore(struct free_order *dst, const struct free_order *src)
{
	struct pfn_range d = dst->dirty;

	copy_over(dst, src, d.any ? at(src, d.first) : 0, d.any ? d.last - d.first + 1 : 0);
}

void
free_order_fini(struct free_order *fo)
{
	free(fo->seg);
	free(fo->next);
	free(fo->prev);
	free(fo->head);
	fo->seg = NULL;
	fo->next = fo->prev = fo->head = NULL;
}

void
free_order_push(struct free_order *fo, uvmlab_pfn_t pfn)
{
	unsigned q = queue_of_pfn(fo, pfn);
	const struct uvmlab_seginfo *s = seg_of(fo, pfn);

	fo->prev[at(fo, pfn)] = FREE_ORDER_NONE;
	fo->next[at(fo, pfn)] = fo->head[q];
	pfn_range_mark(&fo->dirty, pfn);
	if (fo->head[q] != FREE_ORDER_NONE) {
		fo->prev[at(fo, fo->head[q])] = pfn;
		pfn_range_mark(&fo->dirty, fo->head[q]);
	}
	fo->head[q] = pfn;
	fo->bucket_free[s->freelist][s->bucket]++;
}

void
free_order_unlink(struct free_order *fo, uvmlab_pfn_t pfn)
{
	unsigned q = queue_of_pfn(fo, pfn);
	const struct uvmlab_seginfo *s = seg_of(fo, pfn);
	uint32_t prev = fo->prev[at(fo, pfn)], next = fo->next[at(fo, pfn)];

	if (prev != FREE_ORDER_NONE) {
		fo->next[at(fo, prev)] = next;
		pfn_range_mark(&fo->dirty, prev);
	} else {
		fo->head[q] = next;
	}
	if (next != FREE_ORDER_NONE) {
		fo->prev[at(fo, next)] = prev;
		pfn_range_mark(&fo->dirty, next);
	}
	fo->bucket_free[s->freelist][s->bucket]--;
}

void
free_order_taken_single(struct free_order *fo, uvmlab_pfn_t pfn)
{
	fo->next_color = (pfn + 1) & (fo->params.ncolors - 1);
}

/*
 * uvm_pagealloc's choice over queue heads `head` (the live ones, or the
 * replay's cursors) and bucket counts `count`: free lists in index
 * order, buckets from 0, a bucket at or below reserve_kernel skipped,
 * colours from `color` round.  The queue chosen, or FREE_ORDER_NONE.
 */
static unsigned
choose_queue(const struct free_order *fo, const uint32_t *head,
	     const uint64_t count[UVMLAB_FREELIST_MAX][UVMLAB_BUCKET_MAX], unsigned fl_first,
	     unsigned fl_end, unsigned color)
{
	const unsigned nc = fo->params.ncolors;

	for (unsigned fl = fl_first; fl < fl_end; fl++) {
		for (unsigned b = 0; b < fo->params.nbuckets; b++) {
			if (count[fl][b] <= fo->params.reserve_kernel)
				continue;
			for (unsigned k = 0; k < nc; k++) {
				unsigned q = queue_of(fo, fl, b, (color + k) & (nc - 1));
				if (head[q] != FREE_ORDER_NONE)
					return q;
			}
		}
	}
	return FREE_ORDER_NONE;
}

bool
free_order_pagealloc(const struct free_order *fo, unsigned fl_first, unsigned fl_end,
		     uvmlab_pfn_t *pfn)
{
	unsigned q = choose_queue(fo, fo->head, fo->bucket_free, fl_first, fl_end, fo->next_color);

	if (q == FREE_ORDER_NONE)
		return false;
	*pfn = fo->head[q];
	return true;
}

uint64_t
free_order_allocatable(const struct free_order *fo)
{
	uint64_t n = 0;

	for (unsigned fl = 0; fl < fo->params.nfreelists; fl++) {
		for (unsigned b = 0; b < fo->params.nbuckets; b++) {
			uint64_t bf = fo->bucket_free[fl][b];
			n += bf > fo->params.reserve_kernel ? bf - fo->params.reserve_kernel : 0;
		}
	}
	return n;
}

/* ---- the fallback's replay ---- */

static uint64_t
max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static uint64_t
min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/*
 * rev 1.89's test after taking page p of segment s, in pfns.  The run
 * may start no lower than lb, the highest of: avail_start and lo rounded
 * up to the alignment, p - (num - 1) rounded up, and the start of the
 * boundary block of g (p rounded down to the alignment).  It must end by
 * ub, the lowest of avail_end, high and the end of p's boundary block.
 * Its start is g, lowered by whole aligned groups that are all marked
 * while it stays above lb; where lb is above g, it stays at g.  When
 * ub - lb is under num pages there is no run; otherwise the run from
 * that start is the answer if it ends by ub and every page of it is
 * marked (a pfn in no segment is unmarked).
 *
 * Kept from rev 1.89 (README, flaws): p - (num - 1) is computed in
 * unsigned bytes.  Below num - 1 pages it wraps; rounded up it is then 0
 * (no bound) or, once the wrap passes an alignment, an address above
 * everything, so that the run may start only at g.
 */
/* Was pfn taken so far?  A pfn in no segment never is. */
static bool
is_marked(const struct free_order *fo, const uint8_t *marked, uint64_t pfn)
{
	return pfn >= fo->base && pfn < fo->top && marked[at(fo, (uvmlab_pfn_t)pfn)];
}

static bool
run_fits(const struct free_order *fo, const struct fallback_request *q, const uint8_t *marked,
	 uvmlab_pfn_t p, uint64_t *start)
{
	const struct uvmlab_seginfo *s = seg_of(fo, p);
	const uint64_t n = q->num, a = q->align, b = q->boundary;
	const uint64_t g = round_down(p, a);
	uint64_t ub = min64((uint64_t)s->avail_end * PAGE_SIZE, q->high); /* bytes */
	uint64_t st = g;

	if (b != 0)
		ub = min64(ub, (round_down(p, b) + b) * PAGE_SIZE);
	if (!(p < n - 1 && n - 1 - p >= a)) {
		uint64_t lb = max64(round_up(s->avail_start, a), q->lo);
		if (p >= n - 1)
			lb = max64(lb, round_up(p - (n - 1), a));
		if (b != 0)
			lb = max64(lb, round_down(g, b));
		if (ub >= lb * PAGE_SIZE && ub - lb * PAGE_SIZE < n * PAGE_SIZE)
			return false;
		uint64_t below = 0; /* marked pages just below g */
		while (lb < g && below < g - lb && is_marked(fo, marked, g - 1 - below))
			below++;
		if (lb < g)
			st = max64(lb, round_up(g - below, a));
	}
	if (st + n > ub / PAGE_SIZE)
		return false;
	for (uint64_t k = 0; k < n; k++) {
		if (!is_marked(fo, marked, st + k))
			return false;
	}
	*start = st;
	return true;
}

int
fallback_replay(const struct free_order *fo, const struct fallback_request *q,
		struct fallback_answer *a)
{
	size_t nq = (size_t)fo->params.nfreelists * fo->params.nbuckets * fo->params.ncolors;
	uint64_t count[UVMLAB_FREELIST_MAX][UVMLAB_BUCKET_MAX];
	uint64_t nfree = 0;

	memset(a, 0, sizeof(*a));
	memcpy(count, fo->bucket_free, sizeof(count));
	for (unsigned f = 0; f < fo->params.nfreelists; f++) {
		for (unsigned b = 0; b < fo->params.nbuckets; b++)
			nfree += count[f][b];
	}
	uint32_t *cursor = malloc(nq * sizeof(*cursor));
	uint8_t *marked = calloc(fo->top - fo->base + 1, 1);
	uvmlab_pfn_t *taken = malloc((nfree + 1) * sizeof(*taken));
	a->returned = malloc((nfree + 1) * sizeof(*a->returned));
	if (cursor == NULL || marked == NULL || taken == NULL || a->returned == NULL) {
		free(cursor);
		free(marked);
		free(taken);
		fallback_answer_fini(a);
		return ENOMEM;
	}
	memcpy(cursor, fo->head, nq * sizeof(*cursor));

	size_t ntaken = 0;
	unsigned color = fo->next_color;
	uint64_t start = 0;
	for (;;) {
		unsigned qi = choose_queue(fo, cursor, count, 0, fo->params.nfreelists, color);
		if (qi == FREE_ORDER_NONE)
			break;
		uvmlab_pfn_t p = cursor[qi];
		const struct uvmlab_seginfo *s = seg_of(fo, p);
		cursor[qi] = fo->next[at(fo, p)];
		count[s->freelist][s->bucket]--;
		color = (p + 1) & (fo->params.ncolors - 1);
		marked[at(fo, p)] = 1;
		taken[ntaken++] = p;
		if (p >= q->lo && (uint64_t)p * PAGE_SIZE < q->high && run_fits(fo, q, marked, p, &start)) {
			a->found = true;
			a->start = (uvmlab_pfn_t)start;
			break;
		}
	}
	a->next_color = color;
	/* the pages not in the run go back, the most recently taken first */
	for (size_t i = ntaken; i-- > 0;) {
		uvmlab_pfn_t p = taken[i];
		if (!a->found || p < a->start || p >= a->start + q->num)
			a->returned[a->nreturned++] = p;
	}
	free(taken);
	free(cursor);
	free(marked);
	return 0;
}

void
fallback_answer_fini(struct fallback_answer *a)
{
	free(a->returned);
	a->returned = NULL;
}
