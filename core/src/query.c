/*
 * Read-only queries of page state, for harnesses and checkers: what a
 * pfn holds, in one call or for a range in one walk.  They change
 * nothing, so fuzz builds leave them uninstrumented (CMakeLists.txt).
 */
#include "machine_impl.h"

static enum uvmlab_page_state
seg_page_state(const struct vm_physseg *seg, uvmlab_pfn_t pfn, uvmlab_list_t *listp)
{
	const struct vm_page *pg = &seg->pgs[pfn - seg->start];

	if (!seg_avail_has(seg, pfn))
		return UVMLAB_PAGE_UNMANAGED;
	if (page_is_free(pg))
		return UVMLAB_PAGE_FREE;
	if (pg->owner == OWNER_SINGLE)
		return UVMLAB_PAGE_SINGLE;
	if (page_is_object(pg))
		return UVMLAB_PAGE_OBJECT;
	if (listp != NULL)
		*listp = pg->owner;
	return UVMLAB_PAGE_LISTED;
}

enum uvmlab_page_state
uvmlab_page_state(const struct uvm_machine *m, uvmlab_pfn_t pfn, uvmlab_list_t *listp)
{
	int i = uvmlab_physseg_find(m, pfn);

	return i < 0 ? UVMLAB_PAGE_ABSENT : seg_page_state(&m->segs[i], pfn, listp);
}

void
uvmlab_page_states(const struct uvm_machine *m, uvmlab_pfn_t first, size_t n,
		   enum uvmlab_page_state *st, uvmlab_list_t *lists)
{
	unsigned i = 0;

	for (size_t k = 0; k < n; k++) {
		uvmlab_pfn_t pfn = first + (uvmlab_pfn_t)k;
		/* segments are sorted: advance past those that end at or before pfn */
		while (i < m->nsegs && m->segs[i].end <= pfn)
			i++;
		if (i == m->nsegs || pfn < m->segs[i].start)
			st[k] = UVMLAB_PAGE_ABSENT;
		else
			st[k] = seg_page_state(&m->segs[i], pfn, lists != NULL ? &lists[k] : NULL);
	}
}

uint32_t
uvmlab_page_flags(const struct uvm_machine *m, uvmlab_pfn_t pfn)
{
	const struct vm_page *pg = uvmlab_phys_to_page_const(m, pfn);

	return pg == NULL ? 0 : pg->flags;
}

uint64_t
uvmlab_nth_allocated(const struct uvm_machine *m, uint64_t k, uvmlab_pfn_t *pfnp)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < m->nsegs; i++) {
		const struct vm_physseg *seg = &m->segs[i];
		for (uvmlab_pfn_t pfn = seg->avail_start; pfn < seg->avail_end; pfn++) {
			const struct vm_page *pg = &seg->pgs[pfn - seg->start];
			if (page_is_free(pg) || page_is_object(pg))
				continue;
			if (n++ == k) {
				*pfnp = pfn;
				return n;
			}
		}
	}
	return n;
}
