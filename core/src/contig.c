/*
 * The per-segment contiguous search of rev 1.89's uvm_pglistalloc_c_ps,
 * the same for every strategy but for two things its descriptor gives:
 * the scan that finds the lowest fitting candidate, and the wrap rule of
 * the second pass.
 *
 * The first pass runs from the segment's start hint, rounded up to the
 * alignment, to the end of the allowed range.  If it finds nothing and
 * the hint is not 0, a second pass runs from the start of the range.
 * Under rev 1.89 (UVMLAB_WRAP_ENDS_BY_HINT) it takes only runs that end
 * by the hint, so a free run that straddles the hint is examined by
 * neither pass and a satisfiable request can fail: the flaw `faithful`
 * keeps.  UVMLAB_WRAP_BELOW_FIRST takes any run starting before the
 * first pass's start.  A run the rev 1.89 pass finds ends by the hint,
 * and no lower run can straddle it, so whenever rev 1.89 succeeds both
 * rules give the same pages.  On success the hint moves past the run.
 */
#include "strategy.h"

static inline int64_t
max_i64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* Fill *w; false when the segment lies wholly outside [low, high). */
static bool
contig_window(struct uvm_machine *m, const struct vm_physseg *seg, int num, paddr_t low,
	      paddr_t high, paddr_t alignment, paddr_t boundary, struct contig_window *w)
{
	int64_t as = seg->avail_start, ae = seg->avail_end;

	if (high <= (paddr_t)as || low >= (paddr_t)ae)
		return false;
	STAT_INCR(m, contig_searches);
	w->num = num;
	w->align = (int64_t)alignment;
	w->pagemask = boundary == 0 ? 0 : ~((int64_t)boundary - 1);
	w->hint_pfn = as + seg->start_hint;
	w->first = roundup2_i64(max_i64((int64_t)low, w->hint_pfn), w->align);
	w->restart = roundup2_i64(max_i64((int64_t)low, as), w->align);
	w->limit = (int64_t)high < ae ? (int64_t)high : ae;
	return true;
}

int64_t
uvmlab_contig_search(struct uvm_machine *m, struct vm_physseg *seg, int num, paddr_t low,
		     paddr_t high, paddr_t alignment, paddr_t boundary)
{
	const struct strategy_ops *ops = uvmlab_strategy_ops(m->params.strategy);
	struct contig_window w;

	if (!contig_window(m, seg, num, low, high, alignment, boundary, &w))
		return -1;
	int64_t found = ops->scan(m, seg, &w, w.first, w.limit, INT64_MAX);
	if (found < 0 && seg->start_hint != 0) {
		STAT_INCR(m, second_passes);
		if (ops->wrap == UVMLAB_WRAP_ENDS_BY_HINT)
			found = ops->scan(m, seg, &w, w.restart,
					  w.limit < w.hint_pfn ? w.limit : w.hint_pfn, INT64_MAX);
		else
			found = ops->scan(m, seg, &w, w.restart, w.limit, w.first);
	}
	if (found < 0)
		return -1;
	/* the cheap postcondition tier: the run is inside the window,
	 * aligned and crosses no boundary */
	UVMLAB_ASSERT(found >= w.restart && found + num <= w.limit);
	UVMLAB_ASSERT((found & (w.align - 1)) == 0 && !window_crosses(&w, found));
	seg->start_hint = (uint32_t)(found + num - seg->avail_start);
	return found;
}
