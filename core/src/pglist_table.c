/*
 * The table of page lists.  NetBSD's callers own their struct pglist; the
 * model owns them instead so that the validator can walk every list and
 * a freed pfn can leave the list that held it.  Handles are reused
 * lowest-first, so the same operations always give the same handles.
 */
#include <errno.h>
#include <stdlib.h>

#include "machine_impl.h"

int
uvmlab_list_new(struct uvm_machine *m, uvmlab_list_t *out)
{
	uint32_t h;

	for (h = 0; h < m->nlists; h++) {
		if (!m->lists[h].live)
			break;
	}
	if (h == m->nlists) {
		if (m->nlists == m->lists_cap) {
			uint32_t cap = m->lists_cap ? m->lists_cap * 2 : 16;
			if (cap >= OWNER_SINGLE)
				return ENOMEM;
			struct pglist_slot *n = realloc(m->lists, cap * sizeof(*n));
			if (n == NULL)
				return ENOMEM;
			m->lists = n;
			m->lists_cap = cap;
		}
		m->nlists++;
	}
	m->lists[h] = (struct pglist_slot){.live = true};
	*out = h;
	return 0;
}

struct pglist_slot *
uvmlab_list_get(struct uvm_machine *m, uvmlab_list_t h)
{
	return h < m->nlists && m->lists[h].live ? &m->lists[h] : NULL;
}

const struct pglist_slot *
uvmlab_list_get_const(const struct uvm_machine *m, uvmlab_list_t h)
{
	return h < m->nlists && m->lists[h].live ? &m->lists[h] : NULL;
}

void
uvmlab_list_retire(struct uvm_machine *m, uvmlab_list_t h)
{
	UVMLAB_ASSERT(m->lists[h].q.npages == 0);
	m->lists[h].live = false;
	while (m->nlists > 0 && !m->lists[m->nlists - 1].live)
		m->nlists--;
}

size_t
uvmlab_pglist_count(const struct uvm_machine *m, uvmlab_list_t list)
{
	const struct pglist_slot *s = uvmlab_list_get_const(m, list);

	return s == NULL ? 0 : (size_t)s->q.npages;
}

size_t
uvmlab_pglist_pfns(const struct uvm_machine *m, uvmlab_list_t list, uvmlab_pfn_t *out,
		   size_t cap)
{
	const struct pglist_slot *s = uvmlab_list_get_const(m, list);
	size_t n = 0;

	if (s == NULL)
		return 0;
	for (const struct vm_page *pg = s->q.first; pg != NULL && n < cap; pg = pg->next)
		out[n++] = pg->pfn;
	return (size_t)s->q.npages;
}

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
