/*
 * The one source of fuzz decisions: a cursor over the input bytes.
 * Exhausted input yields zeros, the minimum of every field, so a short
 * input is a valid input.
 */
#ifndef UVMLAB_PRODUCER_H
#define UVMLAB_PRODUCER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct producer {
	const uint8_t *data;
	size_t size, pos;
};

static inline void
producer_init(struct producer *p, const uint8_t *data, size_t size)
{
	p->data = data;
	p->size = size;
	p->pos = 0;
}

static inline bool
producer_empty(const struct producer *p)
{
	return p->pos >= p->size;
}

/* producer_take: copy n bytes into out, zero-filling past the end. */
static inline void
producer_take(struct producer *p, uint8_t *out, size_t n)
{
	size_t have = p->pos < p->size ? p->size - p->pos : 0;
	size_t k = have < n ? have : n;

	if (k > 0)
		memcpy(out, p->data + p->pos, k);
	memset(out + k, 0, n - k);
	p->pos += n;
}

static inline uint64_t
producer_u64(struct producer *p, unsigned nbytes)
{
	uint8_t b[8];
	uint64_t v = 0;

	producer_take(p, b, nbytes);
	for (unsigned i = 0; i < nbytes; i++)
		v |= (uint64_t)b[i] << (8 * i);
	return v;
}

#endif /* UVMLAB_PRODUCER_H */
