/*
 * A free bitmap over one segment's page descriptors, shared by the
 * bitmap and fast strategies: bit i is set when pfn seg->start + i is
 * free.  Unmanaged pages and the padding past the last page stay clear.
 */
#ifndef UVMLAB_FREE_BITMAP_H
#define UVMLAB_FREE_BITMAP_H

#include "machine_impl.h"

struct free_bitmap {
	uint64_t *words; /* [nwords] */
	uint32_t nbits;	 /* seg->end - seg->start */
	uint32_t nwords;
};

static inline void
fbm_set(struct free_bitmap *b, uint32_t i)
{
	b->words[i / 64] |= (uint64_t)1 << (i % 64);
}

static inline void
fbm_clear(struct free_bitmap *b, uint32_t i)
{
	b->words[i / 64] &= ~((uint64_t)1 << (i % 64));
}

static inline bool
fbm_test(const struct free_bitmap *b, uint32_t i)
{
	return (b->words[i / 64] >> (i % 64)) & 1;
}

/* The low n bits of a word set, n <= 64. */
static inline uint64_t
fbm_low_ones(uint64_t n)
{
	return n == 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
}

/* fbm_clear_range: bits [from, from + n) become clear, a word at a time
 * (from + n <= nbits). */
static inline void
fbm_clear_range(struct free_bitmap *b, uint32_t from, uint32_t n)
{
	for (uint32_t to = from + n; from < to;) {
		uint32_t bit = from % 64, len = to - from < 64 - bit ? to - from : 64 - bit;
		b->words[from / 64] &= ~(fbm_low_ones(len) << bit);
		from += len;
	}
}

/* fbm_init: nbits clear bits (every page busy), `extra` spare words of
 * padding at the end stay clear too.  Returns 0 or ENOMEM. */
int fbm_init(struct free_bitmap *b, uint32_t nbits, uint32_t extra);
/* fbm_assign: dst, of src's size, takes src's bits in its own words. */
void fbm_assign(struct free_bitmap *dst, const struct free_bitmap *src);
void fbm_fini(struct free_bitmap *b);

/*
 * fbm_next_free / fbm_next_busy: the first set (free) or clear (busy)
 * bit in [from, to), or -1 if there is none.  *words counts the words
 * read.  to <= nbits.
 */
int64_t fbm_next_free(const struct free_bitmap *b, int64_t from, int64_t to, uint64_t *words);
int64_t fbm_next_busy(const struct free_bitmap *b, int64_t from, int64_t to, uint64_t *words);

struct contig_window;

/*
 * fbm_find_area: the lowest aligned candidate c with start <= c < cap and
 * c + w->num <= wlimit whose pages are all free and whose run crosses no
 * boundary, or -1; as Linux's bitmap_find_next_zero_area_off searches:
 * the next free page, rounded up to the alignment, then a busy page
 * inside the run, and again past it.  base: the pfn of bit 0.
 */
int64_t fbm_find_area(const struct free_bitmap *b, int64_t base, const struct contig_window *w,
		      int64_t start, int64_t wlimit, int64_t cap, uint64_t *words);

/* fbm_validate: false with a reason if a bit disagrees with its page's
 * PG_FREE or a padding bit is set. */
bool fbm_validate(const struct free_bitmap *b, const struct vm_physseg *seg, char *why,
		  size_t len);
/* fbm_digest: FNV-1a of the words, folded into h. */
uint64_t fbm_digest(const struct free_bitmap *b, uint64_t h);

static inline size_t
fbm_bytes(const struct free_bitmap *b)
{
	return (size_t)b->nwords * sizeof(uint64_t);
}

#endif /* UVMLAB_FREE_BITMAP_H */
