/*
 * The machine digest: FNV-1a over the state that decides results.  A
 * page's links are hashed as pfns (never addresses), so a clone has the
 * same digest as its original.
 */
#include "strategy.h"

struct fnv {
	uint64_t h;
};

/* FNV-1a's step over a whole 64-bit word: the digest runs twice for
 * every bad_input call and after every op-stream operation, over every
 * page, so a word at a time (the multiply keeps each bit's effect). */
static void
mix(struct fnv *f, uint64_t v)
{
	f->h ^= v;
	f->h *= 0x100000001b3ull;
}

static void
mix_page(struct fnv *f, const struct vm_page *pg)
{
	mix(f, pg == NULL ? UINT64_MAX : pg->pfn);
}

static void
mix_queue(struct fnv *f, const struct pgqueue *q)
{
	mix_page(f, q->first);
	mix_page(f, q->last);
	mix(f, q->npages);
}

uint64_t
uvmlab_machine_digest(const struct uvm_machine *m)
{
	const struct uvmlab_params *p = &m->params;
	struct fnv f = {0xcbf29ce484222325ull};

	mix(&f, p->strategy);
	mix(&f, p->nfreelists);
	mix(&f, p->ncolors);
	mix(&f, p->nbuckets);
	mix(&f, p->reserve_pagedaemon);
	mix(&f, p->reserve_kernel);
	mix(&f, p->kva_pages);
	mix(&f, p->memlimit);
	mix(&f, m->memlimit);
	mix(&f, m->memused);
	mix(&f, m->memleaked);
	mix(&f, m->nfree);
	mix(&f, m->pgflcolor);
	for (unsigned fl = 0; fl < p->nfreelists; fl++) {
		mix(&f, m->fl_nfree[fl]);
		for (unsigned b = 0; b < p->nbuckets; b++)
			mix(&f, m->bucket_nfree[fl][b]);
	}
	mix(&f, m->nsegs);
	for (unsigned i = 0; i < m->nsegs; i++) {
		const struct vm_physseg *seg = &m->segs[i];
		mix(&f, seg->start);
		mix(&f, seg->end);
		mix(&f, seg->avail_start);
		mix(&f, seg->avail_end);
		mix(&f, seg->freelist);
		mix(&f, seg->bucket);
		mix(&f, seg->start_hint);
		for (uvmlab_pfn_t k = 0; k < seg->end - seg->start; k++) {
			const struct vm_page *pg = &seg->pgs[k];
			mix(&f, pg->flags);
			mix(&f, pg->owner);
			mix_page(&f, pg->next);
			mix_page(&f, pg->prev);
		}
		f.h = uvmlab_index_digest(m, seg, f.h);
	}
	size_t nq = (size_t)p->nfreelists * p->nbuckets * p->ncolors;
	for (size_t q = 0; q < nq; q++)
		mix_queue(&f, &m->colorq[q]);
	mix(&f, m->nlists);
	for (uint32_t h = 0; h < m->nlists; h++) {
		mix(&f, m->lists[h].live);
		if (m->lists[h].live)
			mix_queue(&f, &m->lists[h].q);
	}
	return uvmlab_km_layer_digest(m, uvmlab_obj_layer_digest(m, f.h));
}
