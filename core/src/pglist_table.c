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
			if (cap >= OWNER_OBJECT)
				return ENOMEM;
			struct pglist_slot *n = uvmlab_host_realloc(m->lists, cap * sizeof(*n));
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

bool
uvmlab_pglist_fallback(const struct uvm_machine *m, uvmlab_list_t list)
{
	const struct pglist_slot *s = uvmlab_list_get_const(m, list);

	return s != NULL && s->fallback;
}

size_t
uvmlab_pglist_count(const struct uvm_machine *m, uvmlab_list_t list)
{
	const struct pglist_slot *s = uvmlab_list_get_const(m, list);

	return s == NULL ? 0 : (size_t)s->q.npages;
}

size_t
uvmlab_pglist_live(const struct uvm_machine *m)
{
	size_t n = 0;

	for (uvmlab_list_t h = 0; h < m->nlists; h++)
		n += m->lists[h].live;
	return n;
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
