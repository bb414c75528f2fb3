/*
 * The `fast` strategy's search over its index (fast_index.h; the index
 * and its design are in strategy_fast.c).
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
 */
#include "fast_index.h"

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
		WORK_COUNT(fs->words);
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
		WORK_COUNT(fs->words);
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
	WORK_COUNT(fs->nodes);
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

	WORK_COUNT(fs->nodes);
	if (nodes[v].amax >= num)
		return k;
	for (;; v /= 2) {
		if (v == 1)
			return -1;
		WORK_COUNT(fs->nodes);
		if (v % 2 == 0 && nodes[v + 1].amax >= num) {
			v++;
			break;
		}
	}
	while (v < fs->fi->nleaves) {
		WORK_COUNT(fs->nodes);
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
	WORK_COUNT(fs->nodes);
	if (w->align < FAST_BLOCK_PAGES) {
		if (fi->any_dirty || fi->nodes[1].max >= num)
			return fbm_find_area(&fi->bm, base, w, c, wlimit, cap, &fs->words);
		return -1;
	}
	fast_flush(fi);
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
			fast_flush(fi);
			flushed = true;
			/* the root knows the longest run: none long enough, no fit */
			WORK_COUNT(fs->nodes);
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

int64_t
fast_scan(struct uvm_machine *m, struct vm_physseg *seg, const struct contig_window *w,
	  int64_t start, int64_t wlimit, int64_t cap)
{
	if (w->num > 64 || start >= cap || start + w->num > wlimit)
		return fast_scan_rest(m, seg, w, start, wlimit, cap);
	if (w->align < 64)
		return first_look_dense(m, seg, w, start, wlimit, cap);
	return first_look_sparse(m, seg, w, start, wlimit, cap);
}
