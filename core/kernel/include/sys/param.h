/*
 * uvmlab's kernel shim: <sys/param.h>, the page size and the rounding
 * macros NetBSD's <sys/param.h> and <uvm/uvm_param.h> give a kernel
 * source.  The model's page is 4 KiB (PAGE_SHIFT 12), as here.
 */
#ifndef UVMLAB_SHIM_SYS_PARAM_H
#define UVMLAB_SHIM_SYS_PARAM_H

#include <sys/cdefs.h>
#include <sys/types.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1 << PAGE_SHIFT)
#define PAGE_MASK (PAGE_SIZE - 1)

typedef uint64_t paddr_t;
typedef uint64_t psize_t;
typedef uint64_t vaddr_t;
typedef unsigned int u_int;
typedef unsigned long u_long;
#define PRIxPADDR PRIx64

#define atop(x) ((paddr_t)(x) >> PAGE_SHIFT)
#define ptoa(x) ((paddr_t)(x) << PAGE_SHIFT)
#define round_page(x) (((paddr_t)(x) + PAGE_MASK) & ~(paddr_t)PAGE_MASK)

/* As NetBSD's: m a power of two, computed in the type of the sum. */
#define roundup2(x, m) (((x) + ((m) - 1)) & ~((m) - 1))
#define rounddown2(x, m) ((x) & ~((m) - 1))

#ifndef MIN
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#endif
#ifndef MAX
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#endif

/* libkern's: arguments and result in u_int, as a kernel computes them
 * (a pfn of 2^32 or more is truncated, as in NetBSD). */
static inline u_int
uimin(u_int a, u_int b)
{
	return a < b ? a : b;
}

static inline u_int
uimax(u_int a, u_int b)
{
	return a > b ? a : b;
}

#endif
