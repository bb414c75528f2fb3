/*
 * Making and unmaking machines, and the read-only accessors harnesses
 * use.  A machine is one calloc for itself and its colour queues, plus
 * one per segment for the page descriptors.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "strategy.h"
#include "uvmlab/km.h"

void
uvmlab_params_default(struct uvmlab_params *p)
{
	memset(p, 0, sizeof(*p));
	p->strategy = UVMLAB_STRAT_FIXED;
	p->nfreelists = 4;
	p->ncolors = 1;
	p->nbuckets = 1;
	p->reserve_pagedaemon = 1;
	p->reserve_kernel = 5;
	p->kva_pages = 256;
	p->memlimit = UINT64_MAX;
}

static bool
params_valid(const struct uvmlab_params *p)
{
	return (unsigned)p->strategy < UVMLAB_STRAT_COUNT && p->nfreelists >= 1 &&
	       p->nfreelists <= UVMLAB_FREELIST_MAX && p->ncolors >= 1 &&
	       p->ncolors <= UVMLAB_COLOR_MAX && (p->ncolors & (p->ncolors - 1)) == 0 &&
	       p->nbuckets >= 1 && p->nbuckets <= UVMLAB_BUCKET_MAX &&
	       /* uvmexp's reserves are ints, and pglist adds them */
	       (uint64_t)p->reserve_pagedaemon + p->reserve_kernel <= INT_MAX &&
	       p->kva_pages >= 1 && p->kva_pages <= UVMLAB_KVA_PAGES_MAX && p->memlimit != 0;
}

int
uvmlab_machine_create(const struct uvmlab_params *p, struct uvm_machine **mp)
{
	if (p == NULL || mp == NULL || !params_valid(p))
		return EINVAL;
	size_t nq = (size_t)p->nfreelists * p->nbuckets * p->ncolors;
	struct uvm_machine *m = uvmlab_host_calloc(1, sizeof(*m) + nq * sizeof(struct pgqueue));
	if (m == NULL)
		return ENOMEM;
	m->params = *p;
	m->memlimit = p->memlimit;
	m->colormask = p->ncolors - 1;
	m->colorq = (struct pgqueue *)(m + 1);
	*mp = m;
	return 0;
}

void
uvmlab_machine_destroy(struct uvm_machine *m)
{
	if (m == NULL)
		return;
	for (unsigned i = 0; i < m->nsegs; i++) {
		uvmlab_index_destroy(m, &m->segs[i]);
		free(m->segs[i].pgs);
	}
	free(m->lists);
	uvmlab_obj_layer_free(m->ol);
	uvmlab_km_layer_free(m->km);
	free(m);
}

int
uvmlab_seg_set_hint(struct uvm_machine *m, unsigned idx, uint32_t hint)
{
	if (idx >= m->nsegs || hint > m->segs[idx].avail_end - m->segs[idx].avail_start)
		return EINVAL;
	m->segs[idx].start_hint = hint;
	return 0;
}

const struct uvmlab_params *
uvmlab_machine_params(const struct uvm_machine *m)
{
	return &m->params;
}

uint64_t
uvmlab_free_pages(const struct uvm_machine *m)
{
	return m->nfree;
}

uint64_t
uvmlab_bucket_free(const struct uvm_machine *m, unsigned fl, unsigned b)
{
	if (fl >= m->params.nfreelists || b >= m->params.nbuckets)
		return 0;
	return m->bucket_nfree[fl][b];
}

unsigned
uvmlab_nsegs(const struct uvm_machine *m)
{
	return m->nsegs;
}

int
uvmlab_seginfo(const struct uvm_machine *m, unsigned idx, struct uvmlab_seginfo *out)
{
	if (idx >= m->nsegs)
		return EINVAL;
	const struct vm_physseg *seg = &m->segs[idx];
	*out = (struct uvmlab_seginfo){
		.start = seg->start,
		.end = seg->end,
		.avail_start = seg->avail_start,
		.avail_end = seg->avail_end,
		.freelist = seg->freelist,
		.bucket = seg->bucket,
		.start_hint = seg->start_hint,
	};
	return 0;
}

/* The clone's page for the original's page pointer (NULL stays NULL):
 * the page records its segment, so no search is needed. */
static struct vm_page *
translate(struct uvm_machine *to, const struct vm_page *pg)
{
	if (pg == NULL)
		return NULL;
	struct vm_physseg *seg = &to->segs[pg->seg];
	return &seg->pgs[pg->pfn - seg->start];
}

static void
translate_queue(struct uvm_machine *to, struct pgqueue *q)
{
	q->first = translate(to, q->first);
	q->last = translate(to, q->last);
}

/* After c's pages, queues and lists were copied from another machine of
 * the same layout, their links still point into it: move them to c's. */
static void
relink(struct uvm_machine *c)
{
	size_t nq = (size_t)c->params.nfreelists * c->params.nbuckets * c->params.ncolors;

	for (unsigned i = 0; i < c->nsegs; i++) {
		for (uvmlab_pfn_t k = 0; k < c->segs[i].end - c->segs[i].start; k++) {
			struct vm_page *pg = &c->segs[i].pgs[k];
			pg->next = translate(c, pg->next);
			pg->prev = translate(c, pg->prev);
		}
	}
	for (size_t q = 0; q < nq; q++)
		translate_queue(c, &c->colorq[q]);
	for (uint32_t h = 0; h < c->nlists; h++)
		translate_queue(c, &c->lists[h].q);
}

/*
 * dst takes src's state in its own memory: colour queues, page arrays of
 * src's segments and room for src->nlists lists, which it keeps, as it
 * keeps its strategy, its indexes and its object layer (the callers
 * bring those up to date).  Everything else, counters and event ring included, is src's.
 */
static void
copy_state(struct uvm_machine *dst, const struct uvm_machine *src)
{
	struct uvm_machine own = *dst;
	size_t nq = (size_t)src->params.nfreelists * src->params.nbuckets * src->params.ncolors;

	*dst = *src;
	dst->params.strategy = own.params.strategy;
	dst->colorq = own.colorq;
	dst->lists = own.lists;
	dst->lists_cap = own.lists_cap;
	dst->ol = own.ol;
	dst->km = own.km;
	memcpy(dst->colorq, src->colorq, nq * sizeof(*dst->colorq));
	if (src->nlists > 0)
		memcpy(dst->lists, src->lists, src->nlists * sizeof(*dst->lists));
	for (unsigned i = 0; i < src->nsegs; i++) {
		struct vm_physseg *seg = &dst->segs[i];
		seg->pgs = own.segs[i].pgs;
		seg->index = own.segs[i].index;
		memcpy(seg->pgs, src->segs[i].pgs,
		       (size_t)(seg->end - seg->start) * sizeof(struct vm_page));
	}
	relink(dst);
}

int
uvmlab_machine_clone(const struct uvm_machine *m, enum uvmlab_strategy strategy,
		     struct uvm_machine **out)
{
	struct uvmlab_params p = m->params;
	struct uvm_machine *c;
	int error;

	p.strategy = strategy;
	if ((error = uvmlab_machine_create(&p, &c)) != 0)
		return error;
	/* c's own memory, shaped as m's; the segments count as they come,
	 * so that uvmlab_machine_destroy frees what there is */
	for (unsigned i = 0; i < m->nsegs; i++) {
		size_t n = m->segs[i].end - m->segs[i].start;
		if ((c->segs[i].pgs = uvmlab_host_malloc(n * sizeof(struct vm_page))) == NULL)
			goto nomem;
		c->nsegs++;
	}
	if (m->lists_cap > 0) {
		if ((c->lists = uvmlab_host_malloc(m->lists_cap * sizeof(*c->lists))) == NULL)
			goto nomem;
		c->lists_cap = m->lists_cap;
	}
	if (uvmlab_obj_layer_copy(&c->ol, m->ol) != 0 ||
	    uvmlab_km_layer_copy(&c->km, m->km, m->params.kva_pages) != 0)
		goto nomem;
	copy_state(c, m);
	for (unsigned i = 0; i < c->nsegs; i++) {
		if (uvmlab_index_copy(c, &c->segs[i], m, &m->segs[i]) != 0)
			goto nomem;
	}
	*out = c;
	return 0;
nomem:
	uvmlab_machine_destroy(c);
	return ENOMEM;
}

/* Same parameters, strategy included, and the same segments. */
static bool
same_layout(const struct uvm_machine *a, const struct uvm_machine *b)
{
	const struct uvmlab_params *p = &a->params, *q = &b->params;

	if (p->strategy != q->strategy || p->nfreelists != q->nfreelists ||
	    p->ncolors != q->ncolors || p->nbuckets != q->nbuckets ||
	    p->reserve_pagedaemon != q->reserve_pagedaemon ||
	    p->reserve_kernel != q->reserve_kernel || p->kva_pages != q->kva_pages ||
	    p->memlimit != q->memlimit ||
	    a->nsegs != b->nsegs)
		return false;
	for (unsigned i = 0; i < a->nsegs; i++) {
		const struct vm_physseg *s = &a->segs[i], *t = &b->segs[i];
		if (s->start != t->start || s->end != t->end || s->avail_start != t->avail_start ||
		    s->avail_end != t->avail_end || s->freelist != t->freelist ||
		    s->bucket != t->bucket)
			return false;
	}
	return true;
}

int
uvmlab_machine_assign(struct uvm_machine *dst, const struct uvm_machine *src)
{
	if (dst == src)
		return 0;
	if (!same_layout(dst, src))
		return EINVAL;
	if (src->nlists > dst->lists_cap) {
		struct pglist_slot *n = uvmlab_host_realloc(dst->lists, src->lists_cap * sizeof(*n));
		if (n == NULL)
			return ENOMEM;
		dst->lists = n;
		dst->lists_cap = src->lists_cap;
	}
	const struct strategy_ops *ops = uvmlab_strategy_ops(src->params.strategy);
	struct obj_layer *ol;
	struct km_layer *km;

	if (uvmlab_obj_layer_copy(&ol, src->ol) != 0)
		return ENOMEM;
	if (uvmlab_km_layer_copy(&km, src->km, src->params.kva_pages) != 0) {
		uvmlab_obj_layer_free(ol);
		return ENOMEM;
	}
	uvmlab_obj_layer_free(dst->ol);
	uvmlab_km_layer_free(dst->km);
	dst->ol = ol;
	dst->km = km;
	copy_state(dst, src);
	for (unsigned i = 0; i < src->nsegs; i++) {
		if (dst->segs[i].index != NULL)
			ops->index_assign(&dst->segs[i], &src->segs[i]);
	}
	return 0;
}
