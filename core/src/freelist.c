/*
 * Free lists and single pages: uvm_page.c 1.248's uvm_pagealloc_strat,
 * uvm_pagealloc_pgfl/pgb and uvm_pagefree for pages with no owner.
 *
 * Each free list has nbuckets buckets, each bucket ncolors LIFO queues:
 * a freed page goes to the head, an allocation takes the head.  The
 * model has one CPU whose bucket is 0 and which has no per-CPU page
 * cache (NetBSD enables that cache only when ncpu != bucketcount).
 */
#include <errno.h>

#include "strategy.h"

/* The queue of free list fl, bucket b, colour c. */
static inline struct pgqueue *
colorq(struct uvm_machine *m, unsigned fl, unsigned b, unsigned c)
{
	const struct uvmlab_params *p = &m->params;

	return &m->colorq[((size_t)fl * p->nbuckets + b) * p->ncolors + c];
}

/* The one function that puts a page on a free list (and tells the
 * strategy's index). */
void
uvmlab_freelist_add(struct uvm_machine *m, struct vm_page *pg)
{
	UVMLAB_ASSERT(!page_is_free(pg));
	pg->flags = PG_FREE;
	pg->owner = OWNER_NONE;
	pgqueue_insert_head(colorq(m, pg->freelist, pg->bucket, pg->pfn & m->colormask),
			    pg);
	m->bucket_nfree[pg->freelist][pg->bucket]++;
	m->fl_nfree[pg->freelist]++;
	m->nfree++;
	uvmlab_index_page_freed(m, pg);
}

/* Takes a page off its free list and leaves the strategy's index to the
 * caller, who tells it of the whole run at once; the caller sets the
 * page's new flags and owner. */
void
uvmlab_freelist_unlink(struct uvm_machine *m, struct vm_page *pg)
{
	UVMLAB_ASSERT(page_is_free(pg));
	UVMLAB_ASSERT(m->bucket_nfree[pg->freelist][pg->bucket] > 0);
	pgqueue_remove(colorq(m, pg->freelist, pg->bucket, pg->pfn & m->colormask), pg);
	pg->flags &= ~PG_FREE;
	m->bucket_nfree[pg->freelist][pg->bucket]--;
	m->fl_nfree[pg->freelist]--;
	m->nfree--;
}

/* The one function that takes a single page off a free list and tells
 * the index; the caller sets the page's new flags and owner. */
void
uvmlab_freelist_remove(struct uvm_machine *m, struct vm_page *pg)
{
	uvmlab_freelist_unlink(m, pg);
	uvmlab_index_page_allocated(m, pg);
}

/* uvm_pagealloc_pgb: one bucket, every colour from *colorp on. */
static struct vm_page *
pagealloc_bucket(struct uvm_machine *m, unsigned fl, unsigned b, unsigned *colorp, int flags)
{
	uint64_t nfree = m->bucket_nfree[fl][b];

	if (nfree == 0)
		return NULL;
	/* The reserves are judged per bucket; the model has no page daemon
	 * thread, so the pagedaemon reserve is never open. */
	if (nfree <= m->params.reserve_kernel &&
	    ((flags & UVM_PGA_USERESERVE) == 0 || nfree <= m->params.reserve_pagedaemon))
		return NULL;

	unsigned c = *colorp;
	do {
		struct vm_page *pg = colorq(m, fl, b, c)->first;
		if (pg != NULL) {
			uvmlab_freelist_remove(m, pg);
			pg->flags = PG_BUSY | PG_CLEAN | PG_FAKE;
			*colorp = c;
			return pg;
		}
		c = (c + 1) & m->colormask;
	} while (c != *colorp);
	return NULL;
}

/* uvm_pagealloc_pgfl: the CPU's bucket (0) first, then the others. */
static struct vm_page *
pagealloc_freelist(struct uvm_machine *m, unsigned fl, unsigned *colorp, int flags)
{
	for (unsigned b = 0; b < m->params.nbuckets; b++) {
		struct vm_page *pg = pagealloc_bucket(m, fl, b, colorp, flags);
		if (pg != NULL)
			return pg;
	}
	return NULL;
}

struct vm_page *
uvmlab_pagealloc_internal(struct uvm_machine *m, int flags, int strat, unsigned freelist)
{
	unsigned color = m->pgflcolor;
	struct vm_page *pg = NULL;

	if (strat != UVM_PGA_STRAT_NORMAL) {
		pg = pagealloc_freelist(m, freelist, &color, flags);
		/* FALLBACK then tries every list, `freelist` included again. */
		if (pg == NULL && strat == UVM_PGA_STRAT_ONLY)
			return NULL;
	}
	for (unsigned fl = 0; pg == NULL && fl < m->params.nfreelists; fl++)
		pg = pagealloc_freelist(m, fl, &color, flags);
	if (pg == NULL)
		return NULL;
	m->pgflcolor = (color + 1) & m->colormask;
	pg->owner = OWNER_SINGLE;
	return pg;
}

int
uvm_pagealloc_strat(struct uvm_machine *m, int flags, int strat, unsigned freelist,
		    uvmlab_pfn_t *pfnp)
{
	int error = 0;

	if ((flags & ~(UVM_PGA_USERESERVE | UVM_PGA_ZERO)) != 0 || strat < UVM_PGA_STRAT_NORMAL ||
	    strat > UVM_PGA_STRAT_FALLBACK ||
	    (strat != UVM_PGA_STRAT_NORMAL && freelist >= m->params.nfreelists)) {
		error = EINVAL;
		goto out;
	}
	struct vm_page *pg = uvmlab_pagealloc_internal(m, flags, strat, freelist);
	if (pg == NULL) {
		STAT_INCR(m, pagealloc_fail);
		error = ENOMEM;
		goto out;
	}
	/* UVM_PGA_ZERO zeroes the page; only an owned page would become
	 * dirty, so an ownerless one keeps PG_CLEAN.  The model has no
	 * page contents to clear. */
	STAT_INCR(m, pagealloc);
	*pfnp = pg->pfn;
out:
	uvmlab_event_log(m, UVMLAB_EV_PAGEALLOC, error, (uint64_t)flags, (uint64_t)strat, freelist,
			 error == 0 ? *pfnp : 0, 0, 0);
	return error;
}

int
uvm_pagealloc(struct uvm_machine *m, int flags, uvmlab_pfn_t *pfnp)
{
	return uvm_pagealloc_strat(m, flags, UVM_PGA_STRAT_NORMAL, 0, pfnp);
}

void
uvmlab_pagefree_internal(struct uvm_machine *m, struct vm_page *pg)
{
	uvmlab_freelist_add(m, pg);
	STAT_INCR(m, pagefree);
}

int
uvm_pagefree(struct uvm_machine *m, uvmlab_pfn_t pfn)
{
	struct vm_page *pg = uvmlab_phys_to_page(m, pfn);
	int error = 0;

	if (pg == NULL || pg->owner != OWNER_SINGLE)
		error = EINVAL;
	else
		uvmlab_pagefree_internal(m, pg);
	uvmlab_event_log(m, UVMLAB_EV_PAGEFREE, error, pfn, 0, 0, 0, 0, 0);
	return error;
}
