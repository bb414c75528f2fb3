/*
 * Physical segments: uvm_page_physload and pfn lookup.  Segments are
 * kept sorted by start address, the order VM_PSTRAT_BSEARCH gives and
 * the order every search walks them in.
 */
#include <errno.h>
#include <stdlib.h>

#include "strategy.h"

int
uvmlab_physseg_find(const struct uvm_machine *m, uvmlab_pfn_t pfn)
{
	unsigned lo = 0, hi = m->nsegs;

	/* segs[0..lo) end at or before pfn; segs[hi..) start after it */
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (pfn < m->segs[mid].start)
			hi = mid;
		else if (pfn >= m->segs[mid].end)
			lo = mid + 1;
		else
			return (int)mid;
	}
	return -1;
}

const struct vm_page *
uvmlab_phys_to_page_const(const struct uvm_machine *m, uvmlab_pfn_t pfn)
{
	int i = uvmlab_physseg_find(m, pfn);

	return i < 0 ? NULL : &m->segs[i].pgs[pfn - m->segs[i].start];
}

struct vm_page *
uvmlab_phys_to_page(struct uvm_machine *m, uvmlab_pfn_t pfn)
{
	return (struct vm_page *)uvmlab_phys_to_page_const(m, pfn);
}

static bool
physload_valid(const struct uvm_machine *m, uvmlab_pfn_t start, uvmlab_pfn_t end,
	       uvmlab_pfn_t avail_start, uvmlab_pfn_t avail_end, unsigned freelist,
	       unsigned bucket)
{
	if (start >= end || end > UVMLAB_PFN_LIMIT)
		return false;
	if (avail_start < start || avail_end > end || avail_start >= avail_end)
		return false;
	if (freelist >= m->params.nfreelists || bucket >= m->params.nbuckets)
		return false;
	for (unsigned i = 0; i < m->nsegs; i++) {
		if (start < m->segs[i].end && m->segs[i].start < end)
			return false;
	}
	return true;
}

int
uvm_page_physload(struct uvm_machine *m, uvmlab_pfn_t start, uvmlab_pfn_t end,
		  uvmlab_pfn_t avail_start, uvmlab_pfn_t avail_end, unsigned freelist,
		  unsigned bucket)
{
	int error = 0;
	struct vm_page *pgs = NULL;

	if (!physload_valid(m, start, end, avail_start, avail_end, freelist, bucket)) {
		error = EINVAL;
		goto out;
	}
	struct vm_physseg made = {.start = start, .end = end};
	if (m->nsegs == UVMLAB_PHYSSEG_MAX || end - start > UVMLAB_SEG_PAGES_MAX ||
	    (pgs = uvmlab_host_calloc(end - start, sizeof(*pgs))) == NULL ||
	    uvmlab_index_create(m, &made) != 0) {
		free(pgs);
		error = ENOMEM;
		goto out;
	}

	unsigned pos = m->nsegs;
	while (pos > 0 && m->segs[pos - 1].start > start) {
		m->segs[pos] = m->segs[pos - 1];
		pos--;
	}
	m->nsegs++;
	/* the segments above moved up one place: so do their pages' indexes */
	for (unsigned j = pos + 1; j < m->nsegs; j++) {
		for (uvmlab_pfn_t k = 0; k < m->segs[j].end - m->segs[j].start; k++)
			m->segs[j].pgs[k].seg = (uint8_t)j;
	}
	struct vm_physseg *seg = &m->segs[pos];
	*seg = (struct vm_physseg){
		.start = start,
		.end = end,
		.avail_start = avail_start,
		.avail_end = avail_end,
		.freelist = freelist,
		.bucket = bucket,
		.start_hint = 0,
		.pgs = pgs,
		.index = made.index, /* every page busy until freed below */
	};
	for (uvmlab_pfn_t i = 0; i < end - start; i++) {
		struct vm_page *pg = &pgs[i];
		pg->pfn = start + i;
		pg->owner = OWNER_NONE;
		pg->freelist = (uint8_t)freelist;
		pg->seg = (uint8_t)pos;
		pg->bucket = (uint8_t)bucket;
		/* uvm_physseg_init_seg frees avail pages in ascending order */
		if (seg_avail_has(seg, pg->pfn))
			uvmlab_freelist_add(m, pg);
	}
out:
	uvmlab_event_log(m, UVMLAB_EV_PHYSLOAD, error, start, end, avail_start, avail_end,
			 freelist, bucket);
	return error;
}
