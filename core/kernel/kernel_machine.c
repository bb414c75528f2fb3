/* The machine backed by a real uvm_pglist.c; see kernel_machine.h. */
#include <stdlib.h>
#include <string.h>

#include "kernel_machine.h"
#include "shim_impl.h"

/* The page lists made by kernel_pglistalloc, by number.  Each head has
 * its own allocation: the first page's link points at it, so it must
 * not move when the table grows. */
struct made_list {
	struct pglist q;
	bool live;
};

static struct {
	struct made_list **lists;
	unsigned nlists, cap;
} made;

void
kernel_machine_fini(void)
{
	for (unsigned i = 0; i < shim.nsegs; i++)
		free(shim.segs[i].pgs);
	for (int fl = 0; fl < SHIM_FREELIST_MAX; fl++) {
		for (unsigned b = 0; b < SHIM_BUCKET_MAX; b++)
			free(uvm.page_free[fl].pgfl_buckets[b]);
	}
	for (unsigned i = 0; i < made.nlists; i++)
		free(made.lists[i]);
	free(made.lists);
	memset(&made, 0, sizeof(made));
	memset(&uvm, 0, sizeof(uvm));
	memset(&shim, 0, sizeof(shim));
	memset(&shim_absent_page, 0, sizeof(shim_absent_page));
}

/* Load a segment at its place in address order, every page busy. */
static int
load(const struct kernel_seg *s)
{
	struct vm_page *pgs = calloc(s->end - s->start, sizeof(*pgs));
	unsigned pos = shim.nsegs;

	if (pgs == NULL)
		return ENOMEM;
	while (pos > 0 && shim.segs[pos - 1].start > s->start) {
		shim.segs[pos] = shim.segs[pos - 1];
		pos--;
	}
	shim.nsegs++;
	shim.segs[pos] = (struct shim_seg){
		.start = s->start,
		.end = s->end,
		.avail_start = s->avail_start,
		.avail_end = s->avail_end,
		.freelist = (int)s->freelist,
		.bucket = s->bucket,
		.pgs = pgs,
	};
	for (uint64_t i = 0; i < s->end - s->start; i++) {
		pgs[i].phys_addr = ptoa(s->start + i);
		pgs[i].freelist = s->freelist;
		pgs[i].bucket = s->bucket;
	}
	return 0;
}

/* NetBSD's boot frees the available pages bank by bank in address
 * order, each in ascending order, as the model's set-up does. */
static void
free_available(void)
{
	for (unsigned i = 0; i < shim.nsegs; i++) {
		const struct shim_seg *seg = &shim.segs[i];
		for (paddr_t pfn = seg->avail_start; pfn < seg->avail_end; pfn++)
			uvm_pagefree(&seg->pgs[pfn - seg->start]);
	}
}

const char *
kernel_source(void)
{
#ifdef UVMLAB_KERNEL_SOURCE
	return UVMLAB_KERNEL_SOURCE;
#else
	return NULL;
#endif
}

int
kernel_machine_init(const struct kernel_params *p, const struct kernel_seg *segs,
		    unsigned nsegs)
{
	kernel_machine_fini();
	if (kernel_source() == NULL)
		return ENOSYS;
	if (nsegs > SHIM_PHYSSEG_MAX || p->nfreelists > SHIM_FREELIST_MAX ||
	    p->nbuckets > SHIM_BUCKET_MAX)
		return EINVAL;
	uvmlab_shim_nfreelists = (int)p->nfreelists;
	uvmexp.colormask = p->ncolors - 1;
	uvmexp.reserve_pagedaemon = (int)p->reserve_pagedaemon;
	uvmexp.reserve_kernel = (int)p->reserve_kernel;
	shim.nbuckets = p->nbuckets;
	shim.ncolors = p->ncolors;
	for (unsigned fl = 0; fl < p->nfreelists; fl++) {
		for (unsigned b = 0; b < p->nbuckets; b++) {
			struct pgflbucket *pgb =
				calloc(1, sizeof(*pgb) + p->ncolors * sizeof(pgb->pgb_colors[0]));
			if (pgb == NULL)
				goto nomem;
			for (unsigned c = 0; c < p->ncolors; c++)
				LIST_INIT(&pgb->pgb_colors[c]);
			uvm.page_free[fl].pgfl_buckets[b] = pgb;
		}
	}
	for (unsigned i = 0; i < nsegs; i++) {
		if (load(&segs[i]) != 0)
			goto nomem;
	}
	free_available();
	uvm_pglistalloc_init();
	return 0;
nomem:
	kernel_machine_fini();
	return ENOMEM;
}

/* After a call, unwound or not: no lock held, no pause, no wait. */
static void
call_end(void)
{
	shim.unwind = NULL;
	shim.pgfl_locked = false;
	shim.cache_pauses = 0;
	shim.waited = false;
}

/* A call that did not unwind must leave the shim's locks as it found
 * them, and the absent page (shim.c) untouched: else it is a finding,
 * as an unwound assertion is. */
static int
call_left_changed(void)
{
	static const struct vm_page absent;
	const char *what = shim.pgfl_locked	   ? "returned with the free list lock held"
			   : shim.cache_pauses != 0 ? "returned with the free page cache paused"
			   : memcmp(&shim_absent_page, &absent, sizeof(absent)) != 0
				   ? "changed the page of a pfn in no segment (NetBSD's NULL)"
				   : NULL;

	if (what == NULL)
		return 0;
	snprintf(shim.assert_msg, sizeof(shim.assert_msg), "%s", what);
	return KERNEL_ASSERTED;
}

/* The source's uvm_pglistfree of q, unwound should it assert. */
static int
guarded_free(struct pglist *q)
{
	jmp_buf env;
	volatile int error = 0;

	shim.unwind = &env;
	if (setjmp(env) == 0) {
		uvm_pglistfree(q);
		error = call_left_changed();
	} else {
		error = KERNEL_ASSERTED;
	}
	call_end();
	return error;
}

int
kernel_pglistalloc(uint64_t size, uint64_t low, uint64_t high, uint64_t alignment,
		   uint64_t boundary, int nsegs, bool waitok, unsigned *listp)
{
	if (atop(alignment) >= (paddr_t)1 << 31)
		return KERNEL_NOT_MADE;
	paddr_t top = shim.nsegs == 0 ? 0 : ptoa(shim.segs[shim.nsegs - 1].end);
	if (high > top)
		high = top;
	if (made.nlists == made.cap) {
		unsigned cap = made.cap == 0 ? 16 : 2 * made.cap;
		struct made_list **n = realloc(made.lists, cap * sizeof(*n));
		if (n == NULL)
			return ENOMEM;
		made.lists = n;
		made.cap = cap;
	}
	struct made_list *l = calloc(1, sizeof(*l));
	if (l == NULL)
		return ENOMEM;
	made.lists[made.nlists] = l;
	TAILQ_INIT(&l->q);

	jmp_buf env;
	volatile int error = 0;

	shim.unwind = &env;
	switch (setjmp(env)) {
	case 0:
		error = uvm_pglistalloc(size, low, high, alignment, boundary, &l->q, nsegs,
					waitok);
		if (error == 0)
			error = call_left_changed();
		break;
	case SHIM_UNWIND_RETRY:
		/* the wait found nothing: the partial list goes back, as
		 * without waitok, and the call fails */
		call_end();
		error = guarded_free(&l->q);
		if (error == 0)
			error = ENOMEM;
		break;
	default:
		error = KERNEL_ASSERTED;
		break;
	}
	call_end();
	if (error == 0) {
		l->live = true;
		*listp = made.nlists++;
	} else {
		free(l);
	}
	return error;
}

int
kernel_pglistfree(unsigned list)
{
	if (list >= made.nlists || !made.lists[list]->live)
		return EINVAL;
	made.lists[list]->live = false;
	return guarded_free(&made.lists[list]->q);
}

size_t
kernel_list_pfns(unsigned list, uint32_t *pfns, size_t max)
{
	size_t n = 0;
	struct vm_page *pg;

	if (list >= made.nlists)
		return 0;
	TAILQ_FOREACH(pg, &made.lists[list]->q, pageq.queue) {
		if (n < max)
			pfns[n] = (uint32_t)atop(pg->phys_addr);
		n++;
	}
	return n;
}

int
kernel_pagealloc(uint32_t freelist, uint64_t *pfnp)
{
	if (freelist != KERNEL_ANY_FREELIST && freelist >= (uint32_t)uvmlab_shim_nfreelists)
		return EINVAL;
	struct vm_page *pg =
		shim_pagealloc_from(freelist == KERNEL_ANY_FREELIST ? -1 : (int)freelist, 0);
	if (pg == NULL)
		return ENOMEM;
	pg->single = true;
	*pfnp = atop(pg->phys_addr);
	return 0;
}

int
kernel_pagefree(uint64_t pfn)
{
	/* not PHYS_TO_VM_PAGE: its absent page and count are the source's */
	paddr_t off;
	uvm_physseg_t psi = uvm_physseg_find(pfn, &off);

	struct vm_page *pg = psi == UVM_PHYSSEG_TYPE_INVALID ? NULL : &shim.segs[psi].pgs[off];

	if (pg == NULL || !pg->single)
		return EINVAL;
	pg->single = false;
	uvm_pagefree(pg);
	return 0;
}

/* Every queued page of bucket (fl, b) is free, of that bucket and of
 * its colour, and marked; the count is the queues' length.  The free
 * pages counted here are added to *nqueued. */
static bool
check_bucket(unsigned fl, unsigned b, uint64_t *nqueued, char *why, size_t len)
{
	const struct pgflbucket *pgb = uvm.page_free[fl].pgfl_buckets[b];
	uint64_t n = 0;

	for (unsigned c = 0; c < shim.ncolors; c++) {
		const struct vm_page *pg;
		LIST_FOREACH(pg, &pgb->pgb_colors[c], pageq.list) {
			if (!VM_PAGE_IS_FREE(pg) || pg->freelist != fl || pg->bucket != b ||
			    VM_PGCOLOR(pg) != c || n > (uint64_t)shim.freepages) {
				snprintf(why, len, "page %#" PRIx64 " on free list %u/%u/%u",
					 atop(pg->phys_addr), fl, b, c);
				return false;
			}
			n++;
		}
	}
	if (n != pgb->pgb_nfree) {
		snprintf(why, len, "free list %u/%u counts %ju pages and holds %ju", fl, b,
			 (uintmax_t)pgb->pgb_nfree, (uintmax_t)n);
		return false;
	}
	*nqueued += n;
	return true;
}

bool
kernel_machine_check(char *why, size_t len)
{
	uint64_t queued = 0, marked = 0;

	for (unsigned fl = 0; fl < (unsigned)uvmlab_shim_nfreelists; fl++) {
		for (unsigned b = 0; b < shim.nbuckets; b++) {
			if (!check_bucket(fl, b, &queued, why, len))
				return false;
		}
	}
	for (unsigned i = 0; i < shim.nsegs; i++) {
		for (paddr_t k = 0; k < shim.segs[i].end - shim.segs[i].start; k++)
			marked += VM_PAGE_IS_FREE(&shim.segs[i].pgs[k]);
	}
	if (queued != marked || queued != (uint64_t)shim.freepages) {
		snprintf(why, len, "%ju pages marked free, %ju queued, %jd counted",
			 (uintmax_t)marked, (uintmax_t)queued, (intmax_t)shim.freepages);
		return false;
	}
	return true;
}

unsigned
kernel_nsegs(void)
{
	return shim.nsegs;
}

uint32_t
kernel_seg_hint(unsigned seg)
{
	return seg < shim.nsegs ? shim.segs[seg].start_hint : 0;
}

uint64_t
kernel_free_pages(void)
{
	return (uint64_t)shim.freepages;
}

uint64_t
kernel_bucket_free(unsigned freelist, unsigned bucket)
{
	if (freelist >= (unsigned)uvmlab_shim_nfreelists || bucket >= shim.nbuckets)
		return 0;
	return uvm.page_free[freelist].pgfl_buckets[bucket]->pgb_nfree;
}

const char *
kernel_assert_message(void)
{
	return shim.assert_msg;
}

uint64_t
kernel_waits(void)
{
	return shim.waits;
}

uint64_t
kernel_absent_reads(void)
{
	return shim.absent_reads;
}
