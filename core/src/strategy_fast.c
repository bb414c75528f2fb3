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
 * A search first looks in the first candidate's bitmap word, inline and
 * with no search state (on a segment with free pages near the hint that
 * is the answer, and it costs less than bitmap's first step), then the
 * rest of that block in the bitmap (a near answer needs no tree), then
 * the root (no run long enough anywhere: no fit, in O(1)).  Otherwise it
 * runs a finger search from the block's leaf: climb, trying each right
 * sibling on the way up, and go down into the first that may hold a
 * fit: O(log n) nodes.  Leaves check alignment bit-parallel, so the
 * search finds the lowest *aligned* fit, not merely the lowest fit
 * (searching for num + align - 1 pages, as Linux's vmalloc once did,
 * finds a fit but not the lowest one).
 *
 * Alignments of 64 pages or more leave at most one candidate a word:
 * the first four are checked in place.  Up to a block, stepping on
 * through the bitmap (fbm_find_area) then beats walking the tree.  From
 * a block up, every candidate sits at the same offset in its block, so
 * each leaf also keeps the free run from that offset (amax), and the
 * tree skips straight to the next block whose aligned run is long
 * enough.
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

#include "free_bitmap.h"
#include "strategy.h"

#define FAST_BLOCK_WORDS 8
#define FAST_BLOCK_PAGES (64 * FAST_BLOCK_WORDS)

/* Runs of free pages in a node's span: the padding past the segment's
 * last block counts as busy.  max >= pre, max >= suf; pre == span iff
 * the whole span is free, and then suf == max == span.  amax serves
 * alignments of a block or more, whose candidates all sit at one offset
 * in their blocks (aoff): per leaf, the free run from that offset to
 * the block's end, or FAST_RUN_OPEN if it reaches the end (a fit may go
 * on into the next block); per node, the largest of its leaves. */
struct fast_node {
	uint32_t pre, suf, max, amax;
};

#define FAST_RUN_OPEN UINT32_MAX

struct fast_index {
	struct free_bitmap bm;	 /* whole blocks, plus one spare clear word */
	struct fast_node *nodes; /* [2 * nleaves]: root 1, children 2v and 2v + 1 */
	uint32_t nleaves;	 /* a power of two >= nblocks; leaf of block k: nleaves + k */
	uint32_t nblocks;
	uint32_t aoff; /* the bit, in every block, of a pfn aligned to a block */
	bool any_dirty;	 /* some bit of dirty[] may be set */
	uint64_t *dirty; /* [(nblocks + 63) / 64]: blocks whose leaf (and
			    ancestors) are stale */
};

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

static void
flush(struct fast_index *fi)
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

/* ---- the search ---- */

/* One tree search, in bitmap indexes (pfn = base + index). */
struct fast_search {
	const struct fast_index *fi;
	int64_t pos;	  /* no candidate below it */
	int64_t end;	  /* a run must end by it */
	/* num and align are not neighbours: copied from the window as one
	 * 16-byte load, they waited on the caller's two 8-byte stores (a
	 * failed store forward on every search) */
	int64_t num, base, align;
	int64_t runstart; /* start of the free run open at the last span seen, or -1 */
	uint64_t align_pat; /* align <= 64: the aligned bits of every word */
	uint64_t nodes, words;
};

/* The lowest aligned index at or above i. */
static inline int64_t
align_up(const struct fast_search *fs, int64_t i)
{
	return roundup2_i64(i + fs->base, fs->align) - fs->base;
}

/* The bits of bitmap word wi that are aligned candidates (base: the pfn
 * of bit 0); every `align` bits for align < 64, else one bit or none. */
static inline uint64_t
word_align_mask(int64_t base, int64_t align, int64_t wi)
{
	static const uint64_t every[6] = {~(uint64_t)0,		  0x5555555555555555ull,
					  0x1111111111111111ull, 0x0101010101010101ull,
					  0x0001000100010001ull, 0x0000000100000001ull};
	int64_t first = -(base + wi * 64) & (align - 1);

	if (first >= 64)
		return 0;
	return (align < 64 ? every[__builtin_ctzll((uint64_t)align)] : 1) << first;
}

/* The bits of word w that are aligned candidates.  Up to a word, every
 * word has the same ones (fs->align_pat), set up only once the first
 * candidate failed. */
static inline uint64_t
align_mask(const struct fast_search *fs, int64_t w)
{
	return fs->align <= 64 ? fs->align_pat : word_align_mask(fs->base, fs->align, w);
}

/* Bit i is set iff bits i .. i + num - 1 of x are all set (num <= 64). */
static inline uint64_t
run_starts(unsigned __int128 x, int64_t num)
{
	for (int64_t have = 1; have < num;) {
		int64_t sh = have < num - have ? have : num - have;
		x &= x >> sh;
		have += sh;
	}
	return (uint64_t)x;
}

/* Requests of up to one word: starts found bit-parallel, each word with
 * the next one behind it, so runs crossing into the next block are seen
 * here.  Leaves the suffix run open for the caller. */
static int64_t
leaf_search_short(struct fast_search *fs, int64_t from, int64_t hi)
{
	const uint64_t *W = fs->fi->bm.words;

	for (int64_t w = from / 64; w < hi / 64; w++) {
		fs->words++;
		uint64_t low = w == from / 64 ? ~(uint64_t)0 << (from % 64) : ~(uint64_t)0;
		unsigned __int128 x = W[w] | (unsigned __int128)W[w + 1] << 64;
		uint64_t cand = run_starts(x, fs->num) & low & align_mask(fs, w);
		if (cand != 0) {
			int64_t c = w * 64 + __builtin_ctzll(cand);
			return c + fs->num <= fs->end ? c : -1;
		}
	}
	return -1;
}

/* Longer requests: follow free runs word by word, carrying the open run
 * in and out; a run is tried at its lowest aligned start. */
static int64_t
leaf_search_long(struct fast_search *fs, int64_t from, int64_t hi)
{
	const uint64_t *W = fs->fi->bm.words;
	int64_t run = fs->runstart;

	for (int64_t w = from / 64; w < hi / 64; w++) {
		fs->words++;
		uint64_t low = w == from / 64 ? ~(uint64_t)0 << (from % 64) : ~(uint64_t)0;
		uint64_t x = W[w] & low;
		if (x == ~(uint64_t)0) {
			run = run < 0 ? w * 64 : run;
			continue;
		}
		int64_t ones = __builtin_ctzll(~x);
		if (ones > 0 && run < 0)
			run = w * 64;
		if (run >= 0) {
			int64_t c = align_up(fs, run > fs->pos ? run : fs->pos);
			if (c + fs->num <= w * 64 + ones)
				return c + fs->num <= fs->end ? c : -1;
		}
		int64_t high = __builtin_clzll(~x);
		run = high > 0 ? w * 64 + 64 - high : -1;
	}
	/* the run open at the block's end may already hold a fit */
	if (run >= 0) {
		int64_t c = align_up(fs, run > fs->pos ? run : fs->pos);
		if (c + fs->num <= hi)
			return c + fs->num <= fs->end ? c : -1;
	}
	fs->runstart = run;
	return -1;
}

/*
 * The lowest fit in node v's span [lo, lo + span), given the free run
 * open before it.  Leaves fs->runstart open at the span's end.
 */
static int64_t
node_search(struct fast_search *fs, uint32_t v, int64_t lo, int64_t span)
{
	const struct fast_node *n = &fs->fi->nodes[v];
	int64_t hi = lo + span;

	/* any run reaching into this span ends past fs->end: fits that start
	 * in an open run and end by lo were taken in an earlier span */
	if (lo >= fs->end || hi <= fs->pos)
		return -1;
	fs->nodes++;
	if (lo >= fs->pos) {
		/* a wholly free span opens a run, or carries the open one on */
		int64_t open = fs->runstart < 0 && n->pre == span ? lo : fs->runstart;
		if (open >= 0) {
			int64_t c = align_up(fs, open > fs->pos ? open : fs->pos);
			if (c + fs->num <= lo + n->pre)
				return c + fs->num <= fs->end ? c : -1;
		}
		if (n->pre == span) {
			fs->runstart = open;
			return -1;
		}
	}
	/* no fit starts inside; one may start in the suffix and run on (the
	 * start is rounded up to fs->pos where it is used) */
	if (n->max < fs->num) {
		fs->runstart = n->suf > 0 ? hi - n->suf : -1;
		return -1;
	}
	if (span == FAST_BLOCK_PAGES) {
		int64_t from = lo > fs->pos ? lo : fs->pos;
		if (fs->num > 64)
			return leaf_search_long(fs, from, hi);
		fs->runstart = n->suf > 0 ? hi - n->suf : -1;
		return leaf_search_short(fs, from, hi);
	}
	int64_t found = node_search(fs, 2 * v, lo, span / 2);
	return found >= 0 ? found : node_search(fs, 2 * v + 1, lo + span / 2, span / 2);
}

/* Where the free run reaching the end of [lo, hi) starts, read from the
 * bitmap; -1 if the last page is busy. */
static int64_t
bitmap_suffix(const struct fast_search *fs, int64_t lo, int64_t hi)
{
	const uint64_t *W = fs->fi->bm.words;
	int64_t w = hi / 64 - 1;

	while (w >= lo / 64 && W[w] == ~(uint64_t)0)
		w--;
	if (w < lo / 64)
		return lo;
	int64_t ones = __builtin_clzll(~W[w]);
	return ones == 0 && w == hi / 64 - 1 ? -1 : w * 64 + 64 - ones;
}

/* The rest of pos's block, from the bitmap alone: the tree may be stale
 * and is not needed for an answer this near. */
static int64_t
block_search(struct fast_search *fs)
{
	int64_t lo = fs->pos / FAST_BLOCK_PAGES * FAST_BLOCK_PAGES, hi = lo + FAST_BLOCK_PAGES;

	fs->runstart = -1;
	if (fs->num > 64)
		return leaf_search_long(fs, fs->pos, hi);
	int64_t found = leaf_search_short(fs, fs->pos, hi);
	if (found < 0)
		fs->runstart = bitmap_suffix(fs, lo, hi);
	return found;
}

/* The finger search, once the block of pos is done: climb from its leaf,
 * trying every right sibling on the way up. */
static int64_t
tree_search(struct fast_search *fs)
{
	const struct fast_index *fi = fs->fi;
	int64_t span = FAST_BLOCK_PAGES, lo = fs->pos / span * span;
	uint32_t v = fi->nleaves + (uint32_t)(fs->pos / span);
	int64_t found = -1;

	for (; found < 0 && v > 1 && lo + span < fs->end; v /= 2, span *= 2) {
		if (v % 2 == 0)
			found = node_search(fs, v + 1, lo + span, span);
		else
			lo -= span;
	}
	return found;
}

/* The first block at or after k whose aligned run may hold num pages
 * (amax >= num), or -1: one climb and one descent of the tree. */
static int64_t
first_block_with_arun(struct fast_search *fs, uint32_t k, int64_t num)
{
	const struct fast_node *nodes = fs->fi->nodes;
	uint32_t v = fs->fi->nleaves + k;

	fs->nodes++;
	if (nodes[v].amax >= num)
		return k;
	for (;; v /= 2) {
		if (v == 1)
			return -1;
		fs->nodes++;
		if (v % 2 == 0 && nodes[v + 1].amax >= num) {
			v++;
			break;
		}
	}
	while (v < fs->fi->nleaves) {
		fs->nodes++;
		v = nodes[2 * v].amax >= num ? 2 * v : 2 * v + 1;
	}
	return v - fs->fi->nleaves;
}

#define FAST_NEAR_CANDIDATES 4

/*
 * Alignments of a word or more leave at most one candidate a word.  The
 * first few are checked in the bitmap first (for requests of up to a
 * word, fast_scan did that, and c is the next candidate).  Below a
 * block, stepping on in the bitmap beats walking the tree, which is only
 * asked, if it is clean, whether any run is long enough.  From a block
 * up, every candidate sits at the offset aoff of its block, so
 * the tree skips every block whose aligned run is too short, and each
 * candidate left is checked in the bitmap.
 */
static int64_t
scan_sparse_candidates(struct fast_index *fi, struct fast_search *fs,
		       const struct contig_window *w, int64_t c, int64_t wlimit, int64_t cap)
{
	const int64_t base = fs->base, num = w->num;

	if (num > 64) {
		/* fast_scan tried the near candidates of short requests */
		int64_t near = w->align > (cap - c) / FAST_NEAR_CANDIDATES
				       ? cap
				       : c + FAST_NEAR_CANDIDATES * w->align;
		int64_t found = fbm_find_area(&fi->bm, base, w, c, wlimit, near, &fs->words);
		if (found >= 0 || near >= cap)
			return found;
		c = near;
	}
	fs->nodes++;
	if (w->align < FAST_BLOCK_PAGES) {
		if (fi->any_dirty || fi->nodes[1].max >= num)
			return fbm_find_area(&fi->bm, base, w, c, wlimit, cap, &fs->words);
		return -1;
	}
	flush(fi);
	/* c is aligned, and no valid candidate lies below it */
	while (c + num <= wlimit && c < cap) {
		if (window_crosses(w, c)) {
			c = window_past_boundary(w, c);
			continue;
		}
		int64_t k = (c - base) / FAST_BLOCK_PAGES;
		int64_t next = first_block_with_arun(fs, (uint32_t)k, num);
		if (next < 0)
			return -1;
		if (next > k) {
			c = roundup2_i64(base + next * FAST_BLOCK_PAGES, w->align);
			continue;
		}
		int64_t busy = fbm_next_busy(&fi->bm, c - base, c + num - base, &fs->words);
		if (busy < 0)
			return c;
		c = roundup2_i64(busy + base + 1, w->align);
	}
	return -1;
}

/*
 * Alignments below a word, once fast_scan found no fit inside the first
 * candidate's word: the rest of its block in the bitmap (a near answer
 * needs no tree), then the root (no run long enough anywhere: no fit,
 * in O(1)), then the finger search up and down the tree.
 */
static int64_t
scan_dense_candidates(struct fast_index *fi, struct fast_search *fs, const struct contig_window *w,
		       int64_t start, int64_t wlimit, int64_t cap)
{
	int64_t c = start;
	bool flushed = false;

	/* c is aligned, and no valid candidate lies below it */
	while (c + w->num <= wlimit && c < cap) {
		if (window_crosses(w, c)) {
			c = window_past_boundary(w, c);
			continue;
		}
		int64_t busy = fbm_next_busy(&fi->bm, c - fs->base, c + w->num - fs->base, &fs->words);
		if (busy < 0)
			return c;
		fs->pos = busy + 1;
		if (fs->pos + w->num > fs->end)
			return -1; /* every candidate left would end past the window */
		if (fs->align_pat == 0)
			fs->align_pat = word_align_mask(fs->base, fs->align, 0);
		int64_t next = block_search(fs);
		if (next < 0 && !flushed) {
			flush(fi);
			flushed = true;
			/* the root knows the longest run: none long enough, no fit */
			fs->nodes++;
			if (fi->nodes[1].max < w->num)
				return -1;
		}
		if (next < 0)
			next = tree_search(fs);
		if (next < 0)
			return -1;
		c = next + fs->base;
		/* the tree gives a free aligned run: take it unless it crosses */
		if (!window_crosses(w, c) && c < cap && c + w->num <= wlimit)
			return c;
	}
	return -1;
}

/* Everything past fast_scan's first look: out of line, so that a near
 * fit pays for none of this function's registers and stack frame. */
static __attribute__((noinline)) int64_t
fast_scan_rest(struct uvm_machine *m, struct vm_physseg *seg, const struct contig_window *w,
	       int64_t start, int64_t wlimit, int64_t cap)
{
	struct fast_index *fi = seg->index;
	struct fast_search fs = {
		.fi = fi,
		.end = wlimit - seg->start,
		.num = w->num,
		.align = w->align,
		.base = seg->start,
	};
	int64_t found = w->align >= 64 ? scan_sparse_candidates(fi, &fs, w, start, wlimit, cap)
				       : scan_dense_candidates(fi, &fs, w, start, wlimit, cap);

	STAT_ADD(m, contig_words_examined, fs.words);
	/* a separate test, so the two counters are not added as one 16-byte
	 * vector: that load of fs would wait on the 8-byte store to
	 * fs.words (a failed store forward, a few ns on every search) */
	if (fs.nodes != 0)
		STAT_ADD(m, contig_nodes_visited, fs.nodes);
	return found;
}

/* Pages [i, i + num) all free, num <= 64: one word, or two where the
 * run crosses into the next (the spare word past the last block makes
 * the next one always readable). */
static inline bool
run_free_at(const struct fast_index *fi, uint64_t i, int64_t num)
{
	const uint64_t *W = &fi->bm.words[i / 64];
	const uint64_t need = fbm_low_ones((uint64_t)num);

	if (i % 64 + (uint64_t)num <= 64)
		return (W[0] >> (i % 64) & need) == need;
	unsigned __int128 x = (W[0] | (unsigned __int128)W[1] << 64) >> (i % 64);
	return ((uint64_t)x & need) == need;
}

/*
 * The first candidate, or else the lowest whose run lies inside the
 * first one's bitmap word; -1 if there is none or it is not valid (then
 * the full search decides).  The lowest in the word is the lowest
 * overall, as a run crossing into the next word starts higher.  It is
 * what most searches on a segment with free pages near the hint come
 * down to, so it needs no search state: a word or two, a few shifts.
 */
static inline int64_t
in_word_fit(const struct fast_index *fi, int64_t base, const struct contig_window *w,
	    int64_t start, int64_t wlimit, int64_t cap)
{
	const uint64_t i = (uint64_t)(start - base), wi = i / 64;

	/* the first candidate itself, on an emptyish segment the answer */
	if (run_free_at(fi, i, w->num))
		return window_crosses(w, start) ? -1 : start;
	/* the rest of the word, with clear bits above it: runs that end in it */
	uint64_t x = run_starts(fi->bm.words[wi] & ~(uint64_t)0 << (i % 64), w->num) &
		     word_align_mask(base, w->align, wi);
	if (x == 0)
		return -1;
	int64_t c = base + (int64_t)wi * 64 + __builtin_ctzll(x);
	return c < cap && c + w->num <= wlimit && !window_crosses(w, c) ? c : -1;
}

/*
 * Alignments of a word or more, num <= 64: the first
 * FAST_NEAR_CANDIDATES candidates, each checked in place (one candidate
 * a word, so there is nothing to skip to; a fit is usually among them,
 * and the tree is not worth its flush).  The lowest valid one, or -1
 * with *next the first candidate left.
 */
static inline int64_t
near_sparse_fit(const struct fast_index *fi, int64_t base, const struct contig_window *w,
		int64_t start, int64_t wlimit, int64_t cap, int64_t *next, uint64_t *words)
{
	int64_t c = start;

	for (int tries = 0; tries < FAST_NEAR_CANDIDATES; tries++, c += w->align) {
		if (c >= cap || c + w->num > wlimit)
			break;
		if (window_crosses(w, c))
			continue;
		*words += 1;
		if (run_free_at(fi, (uint64_t)(c - base), w->num))
			return c;
	}
	*next = c;
	return -1;
}

/*
 * The first looks, each its own small function (inlined into one, they
 * need every register and a stack frame, and a near fit pays for that):
 * a miss goes on with fast_scan_rest.
 */
static __attribute__((noinline)) int64_t
first_look_dense(struct uvm_machine *m, struct vm_physseg *seg, const struct contig_window *w,
		 int64_t start, int64_t wlimit, int64_t cap)
{
	int64_t c = in_word_fit(seg->index, seg->start, w, start, wlimit, cap);

	STAT_ADD(m, contig_words_examined, 1);
	return c >= 0 ? c : fast_scan_rest(m, seg, w, start, wlimit, cap);
}

static __attribute__((noinline)) int64_t
first_look_sparse(struct uvm_machine *m, struct vm_physseg *seg, const struct contig_window *w,
		  int64_t start, int64_t wlimit, int64_t cap)
{
	uint64_t words = 0;
	int64_t next, c = near_sparse_fit(seg->index, seg->start, w, start, wlimit, cap, &next,
					  &words);

	STAT_ADD(m, contig_words_examined, words);
	if (c >= 0 || next >= cap || next + w->num > wlimit)
		return c;
	return fast_scan_rest(m, seg, w, next, wlimit, cap);
}

static int64_t
fast_scan(struct uvm_machine *m, struct vm_physseg *seg, const struct contig_window *w,
	  int64_t start, int64_t wlimit, int64_t cap)
{
	if (w->num > 64 || start >= cap || start + w->num > wlimit)
		return fast_scan_rest(m, seg, w, start, wlimit, cap);
	if (w->align < 64)
		return first_look_dense(m, seg, w, start, wlimit, cap);
	return first_look_sparse(m, seg, w, start, wlimit, cap);
}

/* ---- the hooks ---- */

static int
fast_alloc(struct fast_index **out, uvmlab_pfn_t start, uvmlab_pfn_t end)
{
	uint32_t npages = end - start;
	struct fast_index *fi = calloc(1, sizeof(*fi));

	if (fi == NULL)
		return ENOMEM;
	fi->nblocks = (npages + FAST_BLOCK_PAGES - 1) / FAST_BLOCK_PAGES;
	fi->aoff = (FAST_BLOCK_PAGES - start % FAST_BLOCK_PAGES) % FAST_BLOCK_PAGES;
	for (fi->nleaves = 1; fi->nleaves < fi->nblocks; fi->nleaves *= 2)
		;
	fi->nodes = calloc(2 * (size_t)fi->nleaves, sizeof(*fi->nodes));
	fi->dirty = calloc(dirty_words(fi), sizeof(*fi->dirty));
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

static int
fast_clone(struct vm_physseg *dst, const struct vm_physseg *src)
{
	const struct fast_index *from = src->index;
	struct fast_index *fi;

	if (fast_alloc(&fi, src->start, src->end) != 0)
		return ENOMEM;
	memcpy(fi->nodes, from->nodes, 2 * (size_t)fi->nleaves * sizeof(*fi->nodes));
	memcpy(fi->dirty, from->dirty, dirty_words(fi) * sizeof(*fi->dirty));
	fi->any_dirty = from->any_dirty;
	if (fbm_copy(&fi->bm, &from->bm) != 0) {
		fi->bm.words = NULL;
		fast_free(fi);
		return ENOMEM;
	}
	dst->index = fi;
	return 0;
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
	.index_clone = fast_clone,
	.index_destroy = fast_destroy,
	.page_freed = fast_page_freed,
	.page_allocated = fast_page_allocated,
	.run_allocated = fast_run_allocated,
	.index_validate = fast_validate,
	.index_digest = fast_digest,
	.index_bytes = fast_bytes,
};
