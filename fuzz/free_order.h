/*
 * The shadow's own model of the free queues' order and of the next
 * colour, written from NetBSD's rules (uvm_page.c 1.248) and not from
 * the core's queues: every (free list, bucket, colour) queue is LIFO, a
 * freed page goes to its head, uvm_pagealloc takes heads with the colour
 * taken round robin, and boot frees pages in ascending address order.
 * The queues are index links over pfns, kept beside the owner array,
 * for the pfns [base, top) that some segment's span covers the ends of.
 *
 * From it the judge names the exact page uvm_pagealloc must give, and
 * replays the waitok fallback (rev 1.89's
 * uvm_pglistalloc_contig_aggressive) page by page to name its exact
 * answer and every page it took and gave back.
 */
#ifndef UVMLAB_FREE_ORDER_H
#define UVMLAB_FREE_ORDER_H

#include <stdbool.h>
#include <stdint.h>

#include "pfn_range.h"
#include "uvmlab/uvm.h"

#define FREE_ORDER_NONE UINT32_MAX

struct free_order {
	struct uvmlab_params params;
	unsigned nsegs;
	struct uvmlab_seginfo segs[UVMLAB_PHYSSEG_MAX];
	uvmlab_pfn_t base, top; /* the lowest pfn of any segment; one past the highest */
	uint8_t *seg;	       /* [pfn - base]: index into segs of the pfn's segment */
	uint32_t *next, *prev; /* [pfn - base]: a free page's neighbours, head to tail */
	uint32_t *head;	       /* [queues]: the page uvm_pagealloc takes first */
	struct pfn_range dirty; /* the pfns whose links changed since the last copy */
	uint64_t bucket_free[UVMLAB_FREELIST_MAX][UVMLAB_BUCKET_MAX];
	unsigned next_color;
};

/* free_order_init: m's segments, every avail page queued as boot frees
 * them; base and top as in the shadow.  Returns 0 or ENOMEM. */
int free_order_init(struct free_order *fo, const struct uvm_machine *m, uvmlab_pfn_t base,
		    uvmlab_pfn_t top);
void free_order_fini(struct free_order *fo);
/* free_order_copy: dst, zeroed or a copy of a model of src's layout,
 * becomes a copy of src (its arrays are made on first use).  0 or
 * ENOMEM. */
int free_order_copy(struct free_order *dst, const struct free_order *src);
/* free_order_restore: dst, a copy of src changed since, becomes src's
 * copy again; only the links it changed are copied back. */
void free_order_restore(struct free_order *dst, const struct free_order *src);

/* A page joins the head of its queue (freed), or leaves it (taken). */
void free_order_push(struct free_order *fo, uvmlab_pfn_t pfn);
void free_order_unlink(struct free_order *fo, uvmlab_pfn_t pfn);

/* free_order_taken_single: uvm_pagealloc took pfn; the next colour
 * follows its colour. */
void free_order_taken_single(struct free_order *fo, uvmlab_pfn_t pfn);

/*
 * free_order_pagealloc: the page uvm_pagealloc without USERESERVE must
 * take from free lists [fl_first, fl_end): in each, buckets from 0; the
 * first bucket above reserve_kernel gives the head of its first
 * non-empty queue from the next colour on.  False: none (ENOMEM).
 */
bool free_order_pagealloc(const struct free_order *fo, unsigned fl_first, unsigned fl_end,
			  uvmlab_pfn_t *pfn);

/* free_order_allocatable: how many pages uvm_pagealloc without
 * USERESERVE may take one after another from every free list: in each
 * bucket, those above reserve_kernel. */
uint64_t free_order_allocatable(const struct free_order *fo);

/* A contiguous request as the fallback receives it: pages, alignment and
 * boundary in pages, the aligned low pfn, and high in bytes, clamped to
 * the top of memory. */
struct fallback_request {
	uint64_t num, align, boundary, lo, high;
};

/* The fallback's answer: the run found (or none: ENOMEM), the pages it
 * took and freed again in the order freed, and the colour after. */
struct fallback_answer {
	bool found;
	uvmlab_pfn_t start;
	uvmlab_pfn_t *returned;
	size_t nreturned;
	unsigned next_color;
};

/*
 * fallback_replay: take pages one by one as uvm_pagealloc would, mark
 * each, and after each taken in [lo, high) ask whether a marked run of
 * num pages now fits; the first that does is the answer.  Returns 0, or
 * ENOMEM when host memory runs out (no answer).  fallback_answer_fini
 * frees a->returned.
 */
int fallback_replay(const struct free_order *fo, const struct fallback_request *q,
		    struct fallback_answer *a);
void fallback_answer_fini(struct fallback_answer *a);

#endif /* UVMLAB_FREE_ORDER_H */
