/* The free bitmap shared by the indexed strategies; see free_bitmap.h. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "free_bitmap.h"
#include "strategy.h"

int
fbm_init(struct free_bitmap *b, uint32_t nbits, uint32_t extra)
{
	b->nbits = nbits;
	b->nwords = (nbits + 63) / 64 + extra;
	b->words = uvmlab_host_calloc(b->nwords, sizeof(uint64_t));
	return b->words == NULL ? ENOMEM : 0;
}

void
fbm_assign(struct free_bitmap *dst, const struct free_bitmap *src)
{
	UVMLAB_ASSERT(dst->nwords == src->nwords && dst->nbits == src->nbits);
	memcpy(dst->words, src->words, src->nwords * sizeof(uint64_t));
}

void
fbm_fini(struct free_bitmap *b)
{
	free(b->words);
	b->words = NULL;
}

/* The first bit in [from, to) of the words, each xor-ed with `flip`
 * (0: look for set bits; ~0: for clear ones). */
static int64_t
next_bit(const struct free_bitmap *b, int64_t from, int64_t to, uint64_t flip, uint64_t *words)
{
	if (from >= to)
		return -1;
	int64_t w = from / 64;
	uint64_t x = (b->words[w] ^ flip) & (~(uint64_t)0 << (from % 64));

	WORK_COUNT(*words);
	while (x == 0) {
		if (++w * 64 >= to)
			return -1;
		x = b->words[w] ^ flip;
		WORK_COUNT(*words);
	}
	int64_t i = w * 64 + __builtin_ctzll(x);
	return i < to ? i : -1;
}

int64_t
fbm_next_free(const struct free_bitmap *b, int64_t from, int64_t to, uint64_t *words)
{
	return next_bit(b, from, to, 0, words);
}

int64_t
fbm_next_busy(const struct free_bitmap *b, int64_t from, int64_t to, uint64_t *words)
{
	return next_bit(b, from, to, ~(uint64_t)0, words);
}

int64_t
fbm_find_area(const struct free_bitmap *b, int64_t base, const struct contig_window *w,
	      int64_t start, int64_t wlimit, int64_t cap, uint64_t *words)
{
	const int64_t num = w->num;
	int64_t c = start;

	/* c is aligned, and no valid candidate lies below it */
	while (c + num <= wlimit && c < cap) {
		if (window_crosses(w, c)) {
			c = window_past_boundary(w, c);
			continue;
		}
		int64_t f = fbm_next_free(b, c - base, wlimit - base, words);
		if (f < 0)
			return -1;
		if (f + base != c) {
			c = roundup2_i64(f + base, w->align);
			continue;
		}
		int64_t busy = fbm_next_busy(b, c - base, c + num - base, words);
		if (busy < 0)
			return c;
		c = roundup2_i64(busy + base + 1, w->align);
	}
	return -1;
}

bool
fbm_validate(const struct free_bitmap *b, const struct vm_physseg *seg, char *why, size_t len)
{
	if (b->nbits != seg->end - seg->start) {
		snprintf(why, len, "free bitmap covers %" PRIu32 " pages, segment has %" PRIu32,
			 b->nbits, seg->end - seg->start);
		return false;
	}
	for (uint32_t i = 0; i < b->nbits; i++) {
		if (fbm_test(b, i) != page_is_free(&seg->pgs[i])) {
			snprintf(why, len, "free bitmap says pfn %" PRIu32 " is %s, the page is %s",
				 seg->start + i, fbm_test(b, i) ? "free" : "busy",
				 page_is_free(&seg->pgs[i]) ? "free" : "busy");
			return false;
		}
	}
	for (uint64_t i = b->nbits; i < (uint64_t)b->nwords * 64; i++) {
		if ((b->words[i / 64] >> (i % 64)) & 1) {
			snprintf(why, len, "free bitmap padding bit %" PRIu64 " is set", i);
			return false;
		}
	}
	return true;
}

uint64_t
fbm_digest(const struct free_bitmap *b, uint64_t h)
{
	for (uint32_t w = 0; w < b->nwords; w++) {
		for (int k = 0; k < 8; k++) {
			h ^= (b->words[w] >> (8 * k)) & 0xff;
			h *= 0x100000001b3ull;
		}
	}
	return h;
}
