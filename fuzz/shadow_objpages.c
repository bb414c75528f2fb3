/*
 * The object pages' part of the shadow: a page joins an object exactly
 * where uvm_pagealloc must take it from, and leaves it to the head of
 * its free queue, as every page does (shadow.h).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "shadow.h"

/* pfn, the page uvm_pagealloc gives next, joins object id at pgoff:
 * busy, clean, fake, zero-filled, at the tail of memq. */
static bool
join(struct shadow *sh, uint32_t id, uint64_t pgoff, uvmlab_pfn_t pfn, char *why, size_t len)
{
	struct sobj *o = shadow_objs_obj(&sh->objs, id);

	if (!shadow_take(sh, pfn, id, why, len))
		return false;
	free_order_taken_single(&sh->order, pfn);
	sh->seq[pfn - sh->base] = pgoff;
	struct sobj_page *p = &o->pages[pgoff];
	if ((p->bytes = calloc(1, PAGE_SIZE)) == NULL) {
		snprintf(why, len, "shadow: out of host memory");
		return false;
	}
	p->pfn = pfn;
	p->flags = PG_BUSY | PG_CLEAN | PG_FAKE;
	p->seq = o->nseq++;
	return true;
}

bool
shadow_obj_alloc(struct shadow *sh, uint32_t id, uint64_t pgoff, uvmlab_pfn_t pfn, char *why,
		 size_t len)
{
	uvmlab_pfn_t want;

	if (!free_order_pagealloc(&sh->order, 0, sh->order.params.nfreelists, &want) || want != pfn) {
		snprintf(why, len, "shadow: object page at %" PRIu64 " is pfn %" PRIu32
				   ", uvm_pagealloc must give %s",
			 pgoff, pfn, "another (or none)");
		return false;
	}
	return join(sh, id, pgoff, pfn, why, len);
}

bool
shadow_obj_alloc_next(struct shadow *sh, uint32_t id, uint64_t pgoff, bool *got, char *why,
		      size_t len)
{
	uvmlab_pfn_t pfn;

	*got = free_order_pagealloc(&sh->order, 0, sh->order.params.nfreelists, &pfn);
	return !*got || join(sh, id, pgoff, pfn, why, len);
}

bool
shadow_obj_free(struct shadow *sh, uint32_t id, uint64_t pgoff, char *why, size_t len)
{
	struct sobj_page *p = shadow_objs_page(&sh->objs, id, pgoff);

	if (!shadow_give_back(sh, p->pfn, why, len))
		return false;
	free(p->bytes);
	*p = (struct sobj_page){.pfn = UVMLAB_NO_PAGE};
	return true;
}

bool
shadow_obj_detach(struct shadow *sh, uint32_t id, char *why, size_t len)
{
	struct sobj *o = shadow_objs_obj(&sh->objs, id);
	uint64_t *order = malloc((o->size ? o->size : 1) * sizeof(*order));
	bool ok = order != NULL;

	for (size_t i = 0, n = ok ? shadow_objs_memq(&sh->objs, id, order) : 0; ok && i < n; i++)
		ok = shadow_obj_free(sh, id, order[i], why, len);
	free(order);
	if (ok)
		shadow_objs_drop_obj(&sh->objs, id);
	else if (order == NULL)
		snprintf(why, len, "shadow: out of host memory");
	return ok;
}

void
shadow_obj_flags(struct shadow *sh, uint32_t id, uint64_t pgoff, uint32_t keep, uint32_t set)
{
	struct sobj_page *p = shadow_objs_page(&sh->objs, id, pgoff);

	p->flags = (p->flags & keep) | set;
	shadow_touch(sh, p->pfn);
}
