/*
 * The `fast` strategy: fixed's answers from a free bitmap with a summary
 * tree over it.
 *
 * The bitmap is cut into blocks of 512 pages (eight words, one cache
 * line).  A complete binary tree has one leaf per block; every node holds
 * the free run at the start of its span (pre), the one at its end (suf)
 * and its longest (max).  A subtree whose longest run is shorter than
 * the request is passed over in one step, so a search that cannot fit
 * costs one walk up and down the tree, however large the segment.
 *
 * This file keeps the index (fast_index.h) and is the strategy's
 * descriptor; fast_search.c searches it.
 *
 * Page state changes set bits at once and mark the block dirty (one more
 * bit, tested before it is set; a contiguous run handed out clears its
 * bits a word at a time and marks each block once); the tree is brought
 * up to date before the next tree search, so a run of allocations and
 * frees in one block costs one leaf summary.
 *
 * Index size: one bit per page, plus 16 bytes per node and two nodes per
 * leaf: 1.5 bits per page for segments of whole blocks.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fast_index.h"

static size_t
dirty_words(const struct fast_index *fi)
{
	return (fi->nblocks + 63) / 64;
}

/* ---- summaries ---- */

static unsigned
longest_ones(uint64_t x)
{
	unsigned n = 0;

	for (; x != 0; n++)
		x &= x << 1;
	return n;
}

/* The free run from bit `from` of a block to its end, FAST_RUN_OPEN if
 * it reaches the end. */
static uint32_t
run_from(const uint64_t *w, uint32_t from)
{
	uint32_t i = from;

	while (i < FAST_BLOCK_PAGES) {
		uint64_t x = w[i / 64] >> (i % 64);
		unsigned ones = x == ~(uint64_t)0 ? 64 : (unsigned)__builtin_ctzll(~x);
		if (ones < 64 - i % 64)
			return i + ones - from;
		i += 64 - i % 64;
	}
	return FAST_RUN_OPEN;
}

static struct fast_node
leaf_summary(const struct fast_index *fi, const uint64_t *w)
{
	uint32_t pre = 0, run = 0, max = 0;
	bool in_prefix = true;

	for (int i = 0; i < FAST_BLOCK_WORDS; i++) {
		uint64_t x = w[i];
		if (x == ~(uint64_t)0) {
			run += 64;
			continue;
		}
		run += (uint32_t)__builtin_ctzll(~x);
		if (in_prefix) {
			pre = run;
			in_prefix = false;
		}
		uint32_t inner = longest_ones(x);
		max = run > max ? run : max;
		max = inner > max ? inner : max;
		run = (uint32_t)__builtin_clzll(~x);
	}
	if (in_prefix)
		pre = run;
	max = run > max ? run : max;
	return (struct fast_node){pre, run, max, run_from(w, fi->aoff)};
}

static struct fast_node
combine(const struct fast_node *a, const struct fast_node *b, uint32_t span)
{
	struct fast_node n;
	uint32_t across = a->suf + b->pre;

	n.pre = a->pre == span ? span + b->pre : a->pre;
	n.suf = b->suf == span ? span + a->suf : b->suf;
	n.max = a->max > b->max ? a->max : b->max;
	n.max = across > n.max ? across : n.max;
	n.amax = a->amax > b->amax ? a->amax : b->amax;
	return n;
}

/* Recompute block k's leaf and its ancestors, stopping where nothing
 * changes. */
static void
update_block(struct fast_index *fi, uint32_t k)
{
	uint32_t v = fi->nleaves + k, span = FAST_BLOCK_PAGES;
	struct fast_node n = leaf_summary(fi, &fi->bm.words[(size_t)k * FAST_BLOCK_WORDS]);

	if (memcmp(&fi->nodes[v], &n, sizeof(n)) == 0)
		return;
	fi->nodes[v] = n;
	for (v /= 2; v >= 1; v /= 2, span *= 2) {
		n = combine(&fi->nodes[2 * v], &fi->nodes[2 * v + 1], span);
		if (memcmp(&fi->nodes[v], &n, sizeof(n)) == 0)
			return;
		fi->nodes[v] = n;
	}
}

void
fast_flush(struct fast_index *fi)
{
	if (!fi->any_dirty)
		return;
	for (size_t w = 0; w < dirty_words(fi); w++) {
		for (uint64_t bits = fi->dirty[w]; bits != 0; bits &= bits - 1)
			update_block(fi, (uint32_t)(w * 64 + (size_t)__builtin_ctzll(bits)));
		fi->dirty[w] = 0;
	}
	fi->any_dirty = false;
}

/* Tested before it is set: the pages of one allocation share a block,
 * and a load beats two stores on each of them. */
static inline void
mark_dirty(struct fast_index *fi, uint32_t k)
{
	uint64_t *d = &fi->dirty[k / 64], bit = (uint64_t)1 << (k % 64);

	if ((*d & bit) == 0) {
		*d |= bit;
		fi->any_dirty = true;
	}
}

/* ---- the hooks ---- */

static int
fast_alloc(struct fast_index **out, uvmlab_pfn_t start, uvmlab_pfn_t end)
{
	uint32_t npages = end - start;
	struct fast_index *fi = uvmlab_host_calloc(1, sizeof(*fi));

	if (fi == NULL)
		return ENOMEM;
	fi->nblocks = (npages + FAST_BLOCK_PAGES - 1) / FAST_BLOCK_PAGES;
	fi->aoff = (FAST_BLOCK_PAGES - start % FAST_BLOCK_PAGES) % FAST_BLOCK_PAGES;
	for (fi->nleaves = 1; fi->nleaves < fi->nblocks; fi->nleaves *= 2)
		;
	fi->nodes = uvmlab_host_calloc(2 * (size_t)fi->nleaves, sizeof(*fi->nodes));
	fi->dirty = uvmlab_host_calloc(dirty_words(fi), sizeof(*fi->dirty));
	if (fi->nodes == NULL || fi->dirty == NULL) {
		free(fi->nodes);
		free(fi->dirty);
		free(fi);
		return ENOMEM;
	}
	*out = fi;
	return 0;
}

/* Frees what fast_alloc and fbm_init gave (a NULL bitmap is fine). */
static void
fast_free(struct fast_index *fi)
{
	fbm_fini(&fi->bm);
	free(fi->nodes);
	free(fi->dirty);
	free(fi);
}

static void
fast_destroy(struct vm_physseg *seg)
{
	fast_free(seg->index);
}

static int
fast_create(struct vm_physseg *seg)
{
	uint32_t npages = seg->end - seg->start;
	struct fast_index *fi;

	if (fast_alloc(&fi, seg->start, seg->end) != 0)
		return ENOMEM;
	uint32_t pad = fi->nblocks * FAST_BLOCK_WORDS - (npages + 63) / 64;
	if (fbm_init(&fi->bm, npages, pad + 1) != 0) {
		fast_free(fi);
		return ENOMEM;
	}
	seg->index = fi; /* all busy: every summary is 0, as calloc left it */
	return 0;
}

static void
fast_assign(struct vm_physseg *dst, const struct vm_physseg *src)
{
	const struct fast_index *from = src->index;
	struct fast_index *fi = dst->index;

	UVMLAB_ASSERT(fi->nleaves == from->nleaves && fi->nblocks == from->nblocks);
	memcpy(fi->nodes, from->nodes, 2 * (size_t)fi->nleaves * sizeof(*fi->nodes));
	memcpy(fi->dirty, from->dirty, dirty_words(fi) * sizeof(*fi->dirty));
	fi->any_dirty = from->any_dirty;
	fbm_assign(&fi->bm, &from->bm);
}

static void
fast_page_freed(struct vm_physseg *seg, uvmlab_pfn_t pfn)
{
	struct fast_index *fi = seg->index;

	fbm_set(&fi->bm, pfn - seg->start);
	mark_dirty(fi, (pfn - seg->start) / FAST_BLOCK_PAGES);
}

static void
fast_page_allocated(struct vm_physseg *seg, uvmlab_pfn_t pfn)
{
	struct fast_index *fi = seg->index;

	fbm_clear(&fi->bm, pfn - seg->start);
	mark_dirty(fi, (pfn - seg->start) / FAST_BLOCK_PAGES);
}

static void
fast_run_allocated(struct vm_physseg *seg, uvmlab_pfn_t pfn, uint32_t n)
{
	struct fast_index *fi = seg->index;
	uint32_t from = pfn - seg->start;

	fbm_clear_range(&fi->bm, from, n);
	for (uint32_t k = from / FAST_BLOCK_PAGES; k <= (from + n - 1) / FAST_BLOCK_PAGES; k++)
		mark_dirty(fi, k);
}

/* Every node of a subtree without a dirty leaf must equal the summary
 * recomputed from the bitmap. */
static bool
fast_validate(const struct vm_physseg *seg, char *why, size_t len)
{
	const struct fast_index *fi = seg->index;
	bool ok = false;

	if (!fbm_validate(&fi->bm, seg, why, len))
		return false;
	bool *stale = calloc(2 * (size_t)fi->nleaves, sizeof(bool));
	struct fast_node *want = calloc(2 * (size_t)fi->nleaves, sizeof(*want));
	if (stale == NULL || want == NULL) {
		snprintf(why, len, "fast index: no host memory to validate");
		goto out;
	}
	for (uint32_t k = 0; k < (uint32_t)dirty_words(fi) * 64; k++) {
		if (!((fi->dirty[k / 64] >> (k % 64)) & 1))
			continue;
		if (k >= fi->nblocks || !fi->any_dirty) {
			snprintf(why, len, "fast index: block %" PRIu32 " dirty %s", k,
				 k >= fi->nblocks ? "past the last block" : "but any_dirty unset");
			goto out;
		}
		for (uint32_t v = fi->nleaves + k; v >= 1; v /= 2)
			stale[v] = true;
	}
	for (uint32_t k = 0; k < fi->nblocks; k++)
		want[fi->nleaves + k] = leaf_summary(fi, &fi->bm.words[(size_t)k * FAST_BLOCK_WORDS]);
	/* node v lies at depth log2(v); its children span root >> (depth + 1) */
	for (uint32_t v = fi->nleaves - 1; v >= 1; v--)
		want[v] = combine(&want[2 * v], &want[2 * v + 1],
				  (uint32_t)(FAST_BLOCK_PAGES * fi->nleaves >> (32 - __builtin_clz(v))));
	for (uint32_t v = 1; v < 2 * fi->nleaves; v++) {
		const struct fast_node *n = &fi->nodes[v];
		if (!stale[v] && memcmp(n, &want[v], sizeof(*n)) != 0) {
			snprintf(why, len,
				 "fast index: node %" PRIu32 " says pre %" PRIu32 " suf %" PRIu32
				 " max %" PRIu32 ", the bitmap gives %" PRIu32 " %" PRIu32 " %" PRIu32,
				 v, n->pre, n->suf, n->max, want[v].pre, want[v].suf, want[v].max);
			goto out;
		}
	}
	ok = true;
out:
	free(stale);
	free(want);
	return ok;
}

static uint64_t
fast_digest(const struct vm_physseg *seg, uint64_t h)
{
	const struct fast_index *fi = seg->index;

	return fbm_digest(&fi->bm, h);
}

static size_t
fast_bytes(const struct vm_physseg *seg)
{
	const struct fast_index *fi = seg->index;

	return sizeof(*fi) + fbm_bytes(&fi->bm) + 2 * (size_t)fi->nleaves * sizeof(*fi->nodes) +
	       dirty_words(fi) * sizeof(*fi->dirty);
}

const struct strategy_ops uvmlab_strategy_fast = {
	.name = "fast",
	.wrap = UVMLAB_WRAP_BELOW_FIRST,
	.scan = fast_scan,
	.index_create = fast_create,
	.index_assign = fast_assign,
	.index_destroy = fast_destroy,
	.page_freed = fast_page_freed,
	.page_allocated = fast_page_allocated,
	.run_allocated = fast_run_allocated,
	.index_validate = fast_validate,
	.index_digest = fast_digest,
	.index_bytes = fast_bytes,
};
