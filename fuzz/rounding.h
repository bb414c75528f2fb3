/* Rounding pfns and sizes to any alignment (not only powers of two), for
 * the harness's own specifications. */
#ifndef UVMLAB_ROUNDING_H
#define UVMLAB_ROUNDING_H

#include <stdint.h>

static inline uint64_t
round_down(uint64_t x, uint64_t align)
{
	return x / align * align;
}

static inline uint64_t
round_up(uint64_t x, uint64_t align)
{
	return (x + align - 1) / align * align;
}

#endif /* UVMLAB_ROUNDING_H */
