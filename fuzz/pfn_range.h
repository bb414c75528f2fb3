/*
 * A range of pfns that grows to cover every pfn marked in it: what the
 * shadow changed since its last copy, so that putting the copy back
 * costs what the input changed, not what the layout spans.
 */
#ifndef UVMLAB_PFN_RANGE_H
#define UVMLAB_PFN_RANGE_H

#include <stdbool.h>

#include "uvmlab/uvm.h"

struct pfn_range {
	bool any;
	uvmlab_pfn_t first, last; /* inclusive, when any */
};

static inline void
pfn_range_mark(struct pfn_range *r, uvmlab_pfn_t pfn)
{
	if (!r->any || pfn < r->first)
		r->first = pfn;
	if (!r->any || pfn > r->last)
		r->last = pfn;
	r->any = true;
}

static inline void
pfn_range_join(struct pfn_range *r, const struct pfn_range *other)
{
	if (other->any) {
		pfn_range_mark(r, other->first);
		pfn_range_mark(r, other->last);
	}
}

#endif /* UVMLAB_PFN_RANGE_H */
