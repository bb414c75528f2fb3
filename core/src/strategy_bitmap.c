/*
 * The `bitmap` strategy: fixed's answers from a free bitmap, searched as
 * Linux's bitmap_find_next_zero_area_off searches its (inverted) map
 * (fbm_find_area).  Each step reads whole 64-bit words.  A candidate
 * whose run crosses a boundary jumps to the boundary, as in rev 1.89.
 */
#include <errno.h>
#include <stdlib.h>

#include "free_bitmap.h"
#include "strategy.h"

static int64_t
bitmap_scan(struct uvm_machine *m, struct vm_physseg *seg, const struct contig_window *w,
	    int64_t start, int64_t wlimit, int64_t cap)
{
	uint64_t words = 0;
	int64_t found = fbm_find_area(seg->index, seg->start, w, start, wlimit, cap, &words);

	STAT_ADD(m, contig_words_examined, words);
	return found;
}

static int
bitmap_create(struct vm_physseg *seg)
{
	struct free_bitmap *b = uvmlab_host_malloc(sizeof(*b));

	if (b == NULL)
		return ENOMEM;
	if (fbm_init(b, seg->end - seg->start, 0) != 0) {
		free(b);
		return ENOMEM;
	}
	seg->index = b;
	return 0;
}

static void
bitmap_assign(struct vm_physseg *dst, const struct vm_physseg *src)
{
	fbm_assign(dst->index, src->index);
}

static void
bitmap_destroy(struct vm_physseg *seg)
{
	fbm_fini(seg->index);
	free(seg->index);
}

static void
bitmap_page_freed(struct vm_physseg *seg, uvmlab_pfn_t pfn)
{
	fbm_set(seg->index, pfn - seg->start);
}

static void
bitmap_page_allocated(struct vm_physseg *seg, uvmlab_pfn_t pfn)
{
	fbm_clear(seg->index, pfn - seg->start);
}

static void
bitmap_run_allocated(struct vm_physseg *seg, uvmlab_pfn_t pfn, uint32_t n)
{
	fbm_clear_range(seg->index, pfn - seg->start, n);
}

static bool
bitmap_validate(const struct vm_physseg *seg, char *why, size_t len)
{
	return fbm_validate(seg->index, seg, why, len);
}

static uint64_t
bitmap_digest(const struct vm_physseg *seg, uint64_t h)
{
	return fbm_digest(seg->index, h);
}

static size_t
bitmap_bytes(const struct vm_physseg *seg)
{
	return sizeof(struct free_bitmap) + fbm_bytes(seg->index);
}

const struct strategy_ops uvmlab_strategy_bitmap = {
	.name = "bitmap",
	.wrap = UVMLAB_WRAP_BELOW_FIRST,
	.scan = bitmap_scan,
	.index_create = bitmap_create,
	.index_assign = bitmap_assign,
	.index_destroy = bitmap_destroy,
	.page_freed = bitmap_page_freed,
	.page_allocated = bitmap_page_allocated,
	.run_allocated = bitmap_run_allocated,
	.index_validate = bitmap_validate,
	.index_digest = bitmap_digest,
	.index_bytes = bitmap_bytes,
};
