/*
 * uvm_vnp_zerorange as rump's vm.c rev 1.29 has it: batches of at most
 * 32 pages got from the pager, zeroed in place, marked and unbusied.
 * Rev 1.29 marks them with `flags &= PG_CLEAN` where it means
 * `&= ~PG_CLEAN`; the strategies with the seeds' flaws keep that
 * (object.h).
 */
#include <errno.h>
#include <string.h>

#include "object_impl.h"
#include "strategy.h"

#define ZERORANGE_BATCH 32 /* pages per pager get, as the seed */

int
uvm_vnp_zerorange(struct uvm_machine *m, uvmlab_obj_t obj, voff_t off, size_t len)
{
	const struct object *o = uvmlab_anon_get(m, obj);
	const voff_t off0 = off;
	const size_t len0 = len;
	bool flawed = uvmlab_strategy_ops(m->params.strategy)->seed_flaws;
	int error = 0;

	if (o == NULL || len == 0 || off > ptoa(o->size_pages) || len > ptoa(o->size_pages) - off) {
		error = EINVAL;
		goto out;
	}
	if (uvmlab_range_busy(m, obj, atop(off), atop(off + len - 1))) {
		error = EBUSY;
		goto out;
	}
	uint64_t maxpages = atop(len + PAGE_SIZE - 1) < ZERORANGE_BATCH ? atop(len + PAGE_SIZE - 1)
									 : ZERORANGE_BATCH;
	while (len > 0) {
		uint32_t slots[ZERORANGE_BATCH];
		uint64_t want = atop(len + PAGE_SIZE - 1);
		uint32_t npages = (uint32_t)(want < maxpages ? want : maxpages);
		if ((error = uvmlab_get_pages(m, obj, atop(off), npages, slots)) != 0)
			goto out;
		for (uint32_t i = 0; i < npages; i++) {
			struct vm_page *pg = uvmlab_phys_to_page(m, m->ol->pages[slots[i]].pfn);
			size_t chunkoff = off % PAGE_SIZE;
			size_t chunklen = PAGE_SIZE - chunkoff < len ? PAGE_SIZE - chunkoff : len;
			memset(slot_bytes(m->ol, slots[i]) + chunkoff, 0, chunklen);
			if (flawed)
				pg->flags &= PG_CLEAN; /* rev 1.29's mask, kept */
			else
				pg->flags &= ~PG_CLEAN;
			off += chunklen;
			len -= chunklen;
		}
		/* uvm_page_unbusy; a page the mask left not busy would trip
		 * its KASSERT: counted, and left as the unchecked code leaves it */
		for (uint32_t i = 0; i < npages; i++) {
			if (uvmlab_phys_to_page(m, m->ol->pages[slots[i]].pfn)->flags & PG_BUSY)
				uvmlab_unbusy_slot(m, slots[i]);
			else
				STAT_INCR(m, unbusy_not_busy);
		}
	}
out:
	uvmlab_event_log(m, UVMLAB_EV_ZERORANGE, error, obj, off0, len0, 0, 0, 0);
	return error;
}
